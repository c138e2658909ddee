#pragma once
// BackendTransport over the keep-alive net::HttpClient.

#include <memory>

#include "gateway/backend.hpp"
#include "net/http_client.hpp"

namespace dbot::gateway {

class HttpClientTransport : public BackendTransport {
 public:
  explicit HttpClientTransport(std::shared_ptr<net::HttpClient> client) : client_(std::move(client)) {}
  boost::asio::awaitable<net::HttpResponse> send(net::HttpRequest request, std::chrono::milliseconds timeout) override {
    return client_->request(std::move(request), timeout);
  }

 private:
  std::shared_ptr<net::HttpClient> client_;
};

}  // namespace dbot::gateway
