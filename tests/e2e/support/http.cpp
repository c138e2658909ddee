#include "e2e/support/http.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "net/http_client.hpp"

namespace dbot::test {

net::HttpResponse http_request(const std::string& method, const std::string& url, const std::string& body,
                               const net::Headers& headers) {
  boost::asio::io_context io;
  net::HttpClient client(io.get_executor(), net::HttpClient::Options{.timeout = std::chrono::seconds(15)});
  net::HttpRequest request;
  request.method = method;
  request.target = url;
  request.body = body;
  request.headers = headers;
  auto future = boost::asio::co_spawn(io, client.request(std::move(request)), boost::asio::use_future);
  io.run();
  return future.get();
}

}  // namespace dbot::test
