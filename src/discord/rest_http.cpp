// Binds RestClient to the real HTTP client. Kept in its own file so that
// code using only a fake transport does not pull net::HttpClient in.
#include "discord/rest_client.hpp"
#include "net/http_client.hpp"

namespace dbot::discord {

HttpTransport make_http_transport(std::shared_ptr<net::HttpClient> client) {
  return [client = std::move(client)](net::HttpRequest request,
                                      std::chrono::milliseconds timeout) -> boost::asio::awaitable<net::HttpResponse> {
    co_return co_await client->request(std::move(request), timeout);
  };
}

}  // namespace dbot::discord
