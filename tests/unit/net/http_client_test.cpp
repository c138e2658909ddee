#include "net/http_client.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "net/http_server.hpp"
#include "net_test_support.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace dbot::net {
namespace {

using test::run_test;

std::string base_url(std::uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }

TEST(HttpClient, RoundTripReusesOneKeptAliveConnection) {
  std::vector<HttpRequest> seen;
  std::uint16_t port = 0;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, [&](HttpRequest request) -> asio::awaitable<HttpResponse> {
      seen.push_back(request);
      auto response = HttpResponse::json(request.method == "POST" ? 201 : 404, R"({"echo":")" + request.body + "\"}");
      response.headers.set("X-Reply", "yes");
      co_return response;
    });
    server.start();
    port = server.port();
    HttpClient client(io.get_executor(), {.user_agent = "test-agent"});

    HttpRequest post;
    post.method = "POST";
    post.target = base_url(server.port()) + "/api/v10/things?x=1";
    post.headers.set("Content-Type", "application/json");
    post.body = "abc";
    const auto created = co_await client.request(std::move(post));
    EXPECT_EQ(created.status, 201u);
    EXPECT_EQ(created.body, R"({"echo":"abc"})");
    EXPECT_EQ(created.headers.get("x-reply"), "yes");

    HttpRequest get;
    get.target = base_url(server.port()) + "/missing";
    const auto missing = co_await client.request(std::move(get));
    EXPECT_EQ(missing.status, 404u);  // any status is a normal result

    EXPECT_EQ(server.connections_accepted(), 1u);
  });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].target, "/api/v10/things?x=1");
  EXPECT_EQ(seen[0].headers.get("Host"), "127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(seen[0].headers.get("User-Agent"), "test-agent");
  EXPECT_EQ(seen[0].headers.get("Content-Length"), "3");
  EXPECT_EQ(seen[0].body, "abc");
}

TEST(HttpClient, TimesOutAgainstAServerThatNeverAnswers) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    // Accepts and reads, never writes.
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    tcp::socket accepted(io);
    acceptor.async_accept(accepted, [](boost::system::error_code) {});
    HttpClient client(io.get_executor(), {});
    HttpRequest request;
    request.target = base_url(acceptor.local_endpoint().port()) + "/slow";
    request.headers.set("Authorization", "Bot super-secret-token");
    bool timed_out = false;
    try {
      co_await client.request(std::move(request), 200ms);
    } catch (const Error& e) {
      timed_out = true;
      EXPECT_EQ(std::string(e.what()),
                "request to 127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + " timed out");
      EXPECT_EQ(std::string(e.what()).find("super-secret-token"), std::string::npos);
    }
    EXPECT_TRUE(timed_out);
  });
}

// Answers one request per connection with keep-alive, then closes it: the
// client's pooled connection is stale by the time it is reused.
asio::awaitable<void> answer_once_then_close(tcp::acceptor& acceptor, int connections, int& served) {
  for (int i = 0; i < connections; ++i) {
    auto socket = co_await acceptor.async_accept(asio::use_awaitable);
    std::string request;
    char chunk[2048];
    while (request.find("\r\n\r\n") == std::string::npos) {
      const auto n = co_await socket.async_read_some(asio::buffer(chunk), asio::use_awaitable);
      request.append(chunk, n);
    }
    const std::string_view reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok";
    co_await asio::async_write(socket, asio::buffer(reply), asio::use_awaitable);
    ++served;
    socket.shutdown(tcp::socket::shutdown_both);
    socket.close();
  }
}

TEST(HttpClient, RetriesOnceWhenAPooledConnectionWasClosed) {
  int served = 0;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    asio::co_spawn(io, answer_once_then_close(acceptor, 2, served), asio::detached);
    HttpClient client(io.get_executor(), {});
    const auto url = base_url(acceptor.local_endpoint().port()) + "/";
    for (int i = 0; i < 2; ++i) {
      // Let the server's close reach us so the pooled socket is really stale.
      asio::steady_timer pause(io, 20ms);
      co_await pause.async_wait(asio::use_awaitable);
      HttpRequest request;
      request.target = url;
      const auto response = co_await client.request(std::move(request), 5000ms);
      EXPECT_EQ(response.body, "ok");
    }
  });
  EXPECT_EQ(served, 2);
}

TEST(HttpClient, EnforcesTheResponseSizeCap) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, [&](HttpRequest) -> asio::awaitable<HttpResponse> {
      co_return HttpResponse::text(200, std::string(10000, 'x'));
    });
    server.start();
    HttpClient client(io.get_executor(), {.max_response_bytes = 1000});
    HttpRequest request;
    request.target = base_url(server.port()) + "/big";
    EXPECT_THROW(co_await client.request(std::move(request)), Error);
  });
}

TEST(HttpClient, RejectsUrlsItCannotServe) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpClient client(io.get_executor(), {});
    HttpRequest relative;
    relative.target = "/just/a/path";
    EXPECT_THROW(co_await client.request(std::move(relative)), Error);
    HttpRequest ftp;
    ftp.target = "ftp://127.0.0.1/file";
    EXPECT_THROW(co_await client.request(std::move(ftp)), Error);
    HttpRequest refused;
    refused.target = "http://127.0.0.1:1/";
    EXPECT_THROW(co_await client.request(std::move(refused)), Error);
  });
}

}  // namespace
}  // namespace dbot::net
