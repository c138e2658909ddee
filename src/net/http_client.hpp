#pragma once
// An HTTP/1.1 client with a keep-alive connection pool per host, http and
// https (system trust store), and a per-request timeout.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "net/http.hpp"

namespace dbot::net {

class HttpClient {
 public:
  struct Options {
    std::string user_agent = "discord-bot";
    std::chrono::milliseconds timeout{15000};
    std::size_t max_idle_per_host = 8;
    std::size_t max_response_bytes = 32 * 1024 * 1024;
  };

  HttpClient(boost::asio::any_io_executor executor, Options options);
  ~HttpClient();

  // `request.target` is an absolute http:// or https:// URL. Any status is a
  // normal result; network failures and timeouts throw dbot::Error.
  boost::asio::awaitable<HttpResponse> request(HttpRequest request);
  boost::asio::awaitable<HttpResponse> request(HttpRequest request, std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace dbot::net
