// The instance's HTTP listener serves the routes features declared, and a
// port that is taken is refused with a sentence naming the setting to change.

#include "bot/http_listener.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "bot/feature.hpp"
#include "core/error.hpp"

namespace dbot::bot {
namespace {

namespace asio = boost::asio;

TEST(HttpListener, ATakenPortIsRefusedNamingMcpPort) {
  asio::io_context io;
  asio::ip::tcp::acceptor taken(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = taken.local_endpoint().port();

  CommandRegistry commands;
  FeatureRegistry registry(commands);
  registry.add_http_route("POST", "/webhook/test", [](net::HttpRequest) -> asio::awaitable<net::HttpResponse> {
    co_return net::HttpResponse::text(200, "ok");
  });
  HttpListener listener(io.get_executor(), {.bind_address = "127.0.0.1", .port = port}, registry.http_routes());
  try {
    listener.start();
    FAIL() << "bound a port that is taken";
  } catch (const Error& e) {
    const std::string message = e.user_message();
    EXPECT_NE(message.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << message;
    EXPECT_NE(message.find("MCP_PORT"), std::string::npos) << message;
  }
}

TEST(HttpListener, AFreePortServesTheDeclaredRoutes) {
  asio::io_context io;
  CommandRegistry commands;
  FeatureRegistry registry(commands);
  registry.add_http_route("POST", "/webhook/test", [](net::HttpRequest) -> asio::awaitable<net::HttpResponse> {
    co_return net::HttpResponse::text(200, "ok");
  });
  HttpListener listener(io.get_executor(), {.bind_address = "127.0.0.1", .port = 0}, registry.http_routes());
  listener.start();
  EXPECT_NE(listener.port(), 0);
  listener.stop();
}

}  // namespace
}  // namespace dbot::bot
