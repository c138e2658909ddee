#include "net/http_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/detached.hpp>

#include "core/error.hpp"
#include "net_test_support.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace dbot::net {
namespace {

using test::raw_connect;
using test::raw_exchange;
using test::read_until_closed;
using test::run_test;

std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++count;
  return count;
}

TEST(HttpServer, ServesTwoRequestsOnOneKeptAliveConnection) {
  std::vector<HttpRequest> seen;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, [&](HttpRequest request) -> asio::awaitable<HttpResponse> {
      seen.push_back(request);
      co_return HttpResponse::text(200, "got " + request.body);
    });
    server.start();
    EXPECT_NE(server.port(), 0);
    const std::string first = "POST /echo?name=a%20b+c HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none";
    const std::string second = "GET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const auto reply = co_await raw_exchange(server.port(), first + second);
    EXPECT_EQ(count_of(reply, "HTTP/1.1 200 OK"), 2u) << reply;
    EXPECT_NE(reply.find("got one"), std::string::npos);
    EXPECT_EQ(server.connections_accepted(), 1u);
  });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].path(), "/echo");
  EXPECT_EQ(seen[0].query("name"), "a b c");
  EXPECT_EQ(seen[0].remote_address, "127.0.0.1");
  EXPECT_EQ(seen[0].headers.get("host"), "x");
  EXPECT_EQ(seen[1].target, "/second");
}

TEST(HttpServer, RejectsAnOversizedBodyWith413BeforeReadingIt) {
  bool handler_called = false;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer::Options options;
    options.max_body_bytes = 16;
    HttpServer server(io.get_executor(), options, [&](HttpRequest) -> asio::awaitable<HttpResponse> {
      handler_called = true;
      co_return HttpResponse::text(200, "no");
    });
    server.start();
    // The body is announced but never sent: the answer must not wait for it.
    const auto reply =
        co_await raw_exchange(server.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply;
    EXPECT_NE(reply.find(R"({"error":"request body too large"})"), std::string::npos);

    const auto chunked =
        co_await raw_exchange(server.port(), "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" +
                                                 std::string(32, 'a') + "\r\n0\r\n\r\n");
    EXPECT_EQ(chunked.rfind("HTTP/1.1 413", 0), 0u) << chunked;
  });
  EXPECT_FALSE(handler_called);
}

TEST(HttpServer, AnswersGarbageWith400AndCloses) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {},
                      [&](HttpRequest) -> asio::awaitable<HttpResponse> { co_return HttpResponse::text(200, "no"); });
    server.start();
    const auto reply = co_await raw_exchange(server.port(), std::string("\x01\x02 not http\r\n\r\n"));
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  });
}

TEST(HttpServer, TurnsAHandlerExceptionInto500WithoutItsMessage) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, [&](HttpRequest) -> asio::awaitable<HttpResponse> {
      throw std::runtime_error("database password is hunter2");
      co_return HttpResponse::text(200, "unreachable");
    });
    server.start();
    const auto reply = co_await raw_exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 500", 0), 0u) << reply;
    EXPECT_EQ(reply.find("hunter2"), std::string::npos);
  });
}

TEST(HttpServer, AnswersHeadWithHeadersOnly) {
  std::string method_seen;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, [&](HttpRequest request) -> asio::awaitable<HttpResponse> {
      method_seen = request.method;
      co_return HttpResponse::text(200, "hello");
    });
    server.start();
    const auto reply = co_await raw_exchange(server.port(), "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
    EXPECT_NE(reply.find("Content-Length: 5\r\n"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("hello"), std::string::npos) << reply;
  });
  EXPECT_EQ(method_seen, "GET");
}

TEST(HttpServer, StreamsChunksForServerSentEvents) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, [&](HttpRequest) -> asio::awaitable<HttpResponse> {
      HttpResponse response;
      response.headers.set("Content-Type", "text/event-stream");
      response.stream = [](StreamWriter& writer) -> asio::awaitable<void> {
        for (int i = 0; i < 3; ++i) {
          if (!co_await writer.write("data: event " + std::to_string(i) + "\n\n")) co_return;
        }
      };
      co_return response;
    });
    server.start();
    const auto reply =
        co_await raw_exchange(server.port(), "GET /sse HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(reply.find("Transfer-Encoding: chunked"), std::string::npos) << reply;
    EXPECT_NE(reply.find("text/event-stream"), std::string::npos);
    // Each event is its own chunk: hex size line, payload, CRLF.
    EXPECT_NE(reply.find("f\r\ndata: event 0\n\n\r\n"), std::string::npos) << reply;
    EXPECT_NE(reply.find("data: event 2\n\n"), std::string::npos);
    EXPECT_NE(reply.find("\r\n0\r\n\r\n"), std::string::npos) << "missing last chunk";
  });
}

TEST(HttpServer, StreamWriterReportsAClientThatWentAway) {
  bool saw_false = false;
  int writes = 0;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    asio::steady_timer writer_finished(io, asio::steady_timer::time_point::max());
    HttpServer server(io.get_executor(), {}, [&](HttpRequest) -> asio::awaitable<HttpResponse> {
      HttpResponse response;
      response.stream = [&](StreamWriter& writer) -> asio::awaitable<void> {
        auto executor = co_await asio::this_coro::executor;
        for (writes = 0; writes < 5000; ++writes) {
          if (!co_await writer.write(std::string(1024, 'x'))) {
            saw_false = true;
            break;
          }
          asio::steady_timer pause(executor, 1ms);
          co_await pause.async_wait(asio::use_awaitable);
        }
        writer_finished.cancel();
      };
      co_return response;
    });
    server.start();
    {
      auto socket = co_await raw_connect(server.port());
      co_await asio::async_write(socket, asio::buffer(std::string_view("GET / HTTP/1.1\r\nHost: x\r\n\r\n")),
                                 asio::use_awaitable);
      char chunk[256];
      co_await socket.async_read_some(asio::buffer(chunk), asio::use_awaitable);
    }  // the client closes here
    co_await writer_finished.async_wait(test::nothrow);
  });
  EXPECT_TRUE(saw_false);
  EXPECT_LT(writes, 5000);
}

TEST(HttpServer, BindFailureNamesTheAddress) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    auto handler = [](HttpRequest) -> asio::awaitable<HttpResponse> { co_return HttpResponse::text(200, ""); };
    HttpServer first(io.get_executor(), {}, handler);
    first.start();
    HttpServer::Options options;
    options.port = first.port();
    HttpServer second(io.get_executor(), options, handler);
    try {
      second.start();
      ADD_FAILURE() << "binding a used port succeeded";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(first.port())), std::string::npos) << e.what();
    }
    HttpServer::Options bad;
    bad.bind_address = "not-an-address";
    HttpServer third(io.get_executor(), bad, handler);
    EXPECT_THROW(third.start(), Error);
    co_return;
  });
}

TEST(HttpServer, StopClosesIdleConnectionsSoTheLoopEnds) {
  asio::io_context io;
  std::string after_stop;
  bool answered = false;
  HttpServer server(io.get_executor(), {},
                    [&](HttpRequest) -> asio::awaitable<HttpResponse> { co_return HttpResponse::text(200, "hi"); });
  server.start();
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto socket = co_await raw_connect(server.port());
        co_await asio::async_write(socket, asio::buffer(std::string_view("GET / HTTP/1.1\r\nHost: x\r\n\r\n")),
                                   asio::use_awaitable);
        char chunk[512];
        const auto n = co_await socket.async_read_some(asio::buffer(chunk), asio::use_awaitable);
        answered = std::string_view(chunk, n).find("200 OK") != std::string_view::npos;
        server.stop();
        after_stop = co_await read_until_closed(socket);
      },
      asio::detached);
  io.run_for(10s);
  EXPECT_TRUE(answered);
  EXPECT_TRUE(io.stopped()) << "something kept the io_context busy after stop()";
  EXPECT_TRUE(after_stop.empty());
}

TEST(HttpServer, ListensOnIpv6LoopbackWhenAvailable) {
  bool skipped = false;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer::Options options;
    options.bind_address = "::1";
    HttpServer server(io.get_executor(), options, [](HttpRequest request) -> asio::awaitable<HttpResponse> {
      co_return HttpResponse::text(200, request.remote_address);
    });
    try {
      server.start();
    } catch (const Error&) {
      skipped = true;
      co_return;
    }
    asio::ip::tcp::socket socket(io);
    co_await socket.async_connect({asio::ip::make_address("::1"), server.port()}, asio::use_awaitable);
    co_await asio::async_write(socket,
                               asio::buffer(std::string_view("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
                               asio::use_awaitable);
    const auto reply = co_await read_until_closed(socket);
    EXPECT_NE(reply.find("\r\n\r\n::1"), std::string::npos) << reply;
  });
  if (skipped) GTEST_SKIP() << "no IPv6 loopback here";
}

}  // namespace
}  // namespace dbot::net
