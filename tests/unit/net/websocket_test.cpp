#include "net/websocket.hpp"

#include <gtest/gtest.h>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "core/error.hpp"
#include "net/http_server.hpp"
#include "net_test_support.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace dbot::net {
namespace {

using test::run_test;

HttpServer::Handler not_found() {
  return [](HttpRequest) -> asio::awaitable<HttpResponse> { co_return HttpResponse::text(404, "not found"); };
}

std::string url_for(const HttpServer& server, std::string_view path = "/") {
  return "ws://127.0.0.1:" + std::to_string(server.port()) + std::string(path);
}

asio::awaitable<void> echo_until_closed(std::shared_ptr<WebSocket> socket) {
  while (auto message = co_await socket->read()) {
    if (message->binary) {
      co_await socket->send_binary(std::move(message->data));
    } else {
      co_await socket->send_text(std::move(message->data));
    }
  }
}

TEST(WebSocket, EchoesTextAndBinaryAndSeesThePathAndHeaders) {
  std::string target_seen;
  std::string header_seen;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, not_found(),
                      [&](HttpRequest request, std::shared_ptr<WebSocket> socket) -> asio::awaitable<void> {
                        target_seen = request.target;
                        header_seen = std::string(request.headers.get("X-Test").value_or(""));
                        co_await echo_until_closed(std::move(socket));
                      });
    server.start();
    WebSocketClientOptions options;
    options.headers.set("X-Test", "yes");
    auto client = co_await connect_websocket(url_for(server, "/gateway?v=10&encoding=json"), options);
    co_await client->send_text("hello");
    auto text = co_await client->read();
    EXPECT_TRUE(text && !text->binary && text->data == "hello");
    const std::string bytes("\x00\x01\xff binary", 10);
    co_await client->send_binary(bytes);
    auto binary = co_await client->read();
    EXPECT_TRUE(binary && binary->binary && binary->data == bytes);
    co_await client->close(1000, "bye");
    EXPECT_EQ(client->close_code(), 1000);
    EXPECT_FALSE(client->is_open());
  });
  EXPECT_EQ(target_seen, "/gateway?v=10&encoding=json");
  EXPECT_EQ(header_seen, "yes");
}

TEST(WebSocket, ClientSeesTheCloseCodeTheServerSent) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, not_found(),
                      [&](HttpRequest, std::shared_ptr<WebSocket> socket) -> asio::awaitable<void> {
                        co_await socket->send_text("about to close");
                        co_await socket->close(4004, "Authentication failed.");
                      });
    server.start();
    auto client = co_await connect_websocket(url_for(server));
    auto first = co_await client->read();
    EXPECT_TRUE(first && first->data == "about to close");
    auto end = co_await client->read();
    EXPECT_FALSE(end.has_value());
    EXPECT_EQ(client->close_code(), 4004);
    EXPECT_FALSE(client->is_open());
  });
}

TEST(WebSocket, ServerSeesTheCloseCodeTheClientSent) {
  std::optional<std::uint16_t> server_saw;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    asio::steady_timer handler_done(io, asio::steady_timer::time_point::max());
    HttpServer server(io.get_executor(), {}, not_found(),
                      [&](HttpRequest, std::shared_ptr<WebSocket> socket) -> asio::awaitable<void> {
                        EXPECT_FALSE((co_await socket->read()).has_value());
                        server_saw = socket->close_code();
                        handler_done.cancel();
                      });
    server.start();
    auto client = co_await connect_websocket(url_for(server));
    co_await client->close(4321, "going");
    co_await handler_done.async_wait(test::nothrow);
  });
  EXPECT_EQ(server_saw, 4321);
}

TEST(WebSocket, DropLooksLikeADeadConnectionWithoutCloseCode) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, not_found(),
                      [&](HttpRequest, std::shared_ptr<WebSocket> socket) -> asio::awaitable<void> {
                        socket->drop();
                        EXPECT_FALSE(socket->is_open());
                        co_return;
                      });
    server.start();
    auto client = co_await connect_websocket(url_for(server));
    EXPECT_FALSE((co_await client->read()).has_value());
    EXPECT_EQ(client->close_code(), std::nullopt);
  });
}

TEST(WebSocket, ConcurrentSendsArriveWholeAndInOrderPerSender) {
  constexpr int kSenders = 4;
  constexpr int kMessages = 100;
  std::vector<std::string> received;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    asio::steady_timer all_received(io, asio::steady_timer::time_point::max());
    HttpServer server(io.get_executor(), {}, not_found(),
                      [&](HttpRequest, std::shared_ptr<WebSocket> socket) -> asio::awaitable<void> {
                        while (auto message = co_await socket->read()) {
                          received.push_back(std::move(message->data));
                          if (received.size() == kSenders * kMessages) all_received.cancel();
                        }
                      });
    server.start();
    auto client = co_await connect_websocket(url_for(server));
    int finished = 0;
    for (int sender = 0; sender < kSenders; ++sender) {
      asio::co_spawn(
          io,
          [&, sender]() -> asio::awaitable<void> {
            for (int i = 0; i < kMessages; ++i) {
              // Large messages force partial writes, which must not interleave.
              const std::size_t padding = (i % 10 == 0) ? 200000 : 10;
              co_await client->send_text(std::to_string(sender) + ":" + std::to_string(i) + ":" +
                                         std::string(padding, static_cast<char>('a' + sender)));
            }
            ++finished;
          },
          asio::detached);
    }
    co_await all_received.async_wait(test::nothrow);
    EXPECT_EQ(finished, kSenders);
    co_await client->close(1000);
  });
  ASSERT_EQ(received.size(), static_cast<std::size_t>(kSenders * kMessages));
  std::vector<int> next(kSenders, 0);
  for (const auto& message : received) {
    const auto colon = message.find(':');
    const auto second = message.find(':', colon + 1);
    ASSERT_NE(second, std::string::npos);
    const int sender = std::stoi(message.substr(0, colon));
    const int index = std::stoi(message.substr(colon + 1, second - colon - 1));
    ASSERT_GE(sender, 0);
    ASSERT_LT(sender, kSenders);
    EXPECT_EQ(index, next[sender]++) << "out of order for sender " << sender;
    const std::string padding = message.substr(second + 1);
    EXPECT_EQ(padding, std::string((index % 10 == 0) ? 200000 : 10, static_cast<char>('a' + sender)));
  }
}

TEST(WebSocket, MessagesOverTheLimitEndTheConnection) {
  std::vector<std::size_t> server_got;
  bool server_saw_end = false;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer::Options options;
    options.max_websocket_message_bytes = 1024;
    HttpServer server(io.get_executor(), options, not_found(),
                      [&](HttpRequest, std::shared_ptr<WebSocket> socket) -> asio::awaitable<void> {
                        while (auto message = co_await socket->read()) {
                          server_got.push_back(message->data.size());
                          co_await socket->send_text("ack");
                        }
                        server_saw_end = true;
                      });
    server.start();
    auto client = co_await connect_websocket(url_for(server));
    co_await client->send_text(std::string(1024, 'x'));
    EXPECT_TRUE((co_await client->read()).has_value());
    co_await client->send_text(std::string(4096, 'x'));
    // The server fails the connection (close 1009, then TCP close; the close
    // frame may be lost to a reset because the oversized payload is unread).
    EXPECT_FALSE((co_await client->read()).has_value());
    const auto code = client->close_code();
    EXPECT_TRUE(!code || *code == 1009) << *code;
  });
  EXPECT_EQ(server_got, std::vector<std::size_t>{1024});
  EXPECT_TRUE(server_saw_end);
}

TEST(WebSocket, ConnectFailuresThrowDbotError) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, not_found());  // no WebSocket handler: upgrade declined
    server.start();
    bool threw = false;
    try {
      co_await connect_websocket(url_for(server));
    } catch (const Error& e) {
      threw = true;
      EXPECT_NE(std::string(e.what()).find("404"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(threw);
    threw = false;
    try {
      co_await connect_websocket("http://127.0.0.1:1/");
    } catch (const Error&) {
      threw = true;
    }
    EXPECT_TRUE(threw);
  });
}

}  // namespace
}  // namespace dbot::net
