// HttpClient::request_stream: the body piece by piece, chunked and
// content-length, error bodies collected, early stop, the size cap.

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "net/http_client.hpp"
#include "net/http_server.hpp"
#include "net_test_support.hpp"

namespace asio = boost::asio;

namespace dbot::net {
namespace {

using test::run_test;

std::string url(const HttpServer& server, std::string_view path) {
  return "http://127.0.0.1:" + std::to_string(server.port()) + std::string(path);
}

asio::awaitable<void> write_all(StreamWriter& writer, std::vector<std::string> pieces) {
  for (const auto& piece : pieces) {
    if (!co_await writer.write(piece)) co_return;
  }
}

HttpServer::Handler handler() {
  return [](HttpRequest request) -> asio::awaitable<HttpResponse> {
    if (request.path() == "/chunked") {
      HttpResponse response;
      response.headers.set("Content-Type", "text/event-stream");
      response.stream = [](StreamWriter& writer) {
        return write_all(writer, {"data: one\n\n", "data: two\n\n", "data: [DONE]\n\n"});
      };
      co_return response;
    }
    if (request.path() == "/big") co_return HttpResponse::text(200, std::string(100 * 1024, 'x'));
    co_return HttpResponse::json(503, R"({"error":"busy"})");
  };
}

TEST(HttpClientStream, DeliversAChunkedBodyInPiecesThatAddUp) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, handler());
    server.start();
    HttpClient client(io.get_executor(), {});
    std::string body;
    unsigned heads = 0;
    HttpRequest request;
    request.target = url(server, "/chunked");
    HttpClient::BodyStream sink{.on_head =
                                    [&](const HttpResponse& head) {
                                      ++heads;
                                      EXPECT_EQ(head.status, 200u);
                                      EXPECT_EQ(head.headers.get("content-type"), "text/event-stream");
                                      return true;
                                    },
                                .on_body =
                                    [&](std::string_view piece) {
                                      body.append(piece);
                                      return true;
                                    }};
    const auto response = co_await client.request_stream(std::move(request), std::chrono::seconds(5), sink);
    EXPECT_EQ(response.status, 200u);
    EXPECT_TRUE(response.body.empty());
    EXPECT_EQ(heads, 1u);
    EXPECT_EQ(body, "data: one\n\ndata: two\n\ndata: [DONE]\n\n");
  });
}

// The server sends its second event only after the client has seen the
// first: a client that waited for more bytes before handing them on would
// stall here until its timeout.
TEST(HttpClientStream, EachPieceIsHandedOnAsSoonAsItArrives) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    asio::steady_timer gate(io, asio::steady_timer::time_point::max());
    HttpServer server(io.get_executor(), {}, [&gate](HttpRequest) -> asio::awaitable<HttpResponse> {
      HttpResponse response;
      response.headers.set("Content-Type", "text/event-stream");
      response.stream = [&gate](StreamWriter& writer) -> asio::awaitable<void> {
        co_await writer.write("data: one\n\n");
        co_await gate.async_wait(test::nothrow);
        co_await writer.write("data: two\n\n");
      };
      co_return response;
    });
    server.start();
    HttpClient client(io.get_executor(), {});
    std::string body;
    HttpRequest request;
    request.target = url(server, "/gated");
    HttpClient::BodyStream sink{.on_body = [&](std::string_view piece) {
      body.append(piece);
      if (body == "data: one\n\n") gate.cancel();
      return true;
    }};
    co_await client.request_stream(std::move(request), std::chrono::seconds(10), sink);
    EXPECT_EQ(body, "data: one\n\ndata: two\n\n");
  });
}

TEST(HttpClientStream, AContentLengthBodyArrivesInSeveralPiecesAndTheConnectionIsReused) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, handler());
    server.start();
    HttpClient client(io.get_executor(), {});
    for (int round = 0; round < 2; ++round) {
      std::size_t size = 0;
      unsigned pieces = 0;
      HttpRequest request;
      request.target = url(server, "/big");
      HttpClient::BodyStream sink{.on_body = [&](std::string_view piece) {
        size += piece.size();
        ++pieces;
        return true;
      }};
      co_await client.request_stream(std::move(request), std::chrono::seconds(5), sink);
      EXPECT_EQ(size, 100u * 1024);
      EXPECT_GT(pieces, 1u);
    }
    EXPECT_EQ(server.connections_accepted(), 1u);
  });
}

TEST(HttpClientStream, CollectsTheBodyWhenOnHeadDeclines) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, handler());
    server.start();
    HttpClient client(io.get_executor(), {});
    bool streamed = false;
    HttpRequest request;
    request.target = url(server, "/error");
    HttpClient::BodyStream sink{.on_head = [](const HttpResponse& head) { return head.status == 200; },
                                .on_body =
                                    [&](std::string_view) {
                                      streamed = true;
                                      return true;
                                    }};
    const auto response = co_await client.request_stream(std::move(request), std::chrono::seconds(5), sink);
    EXPECT_EQ(response.status, 503u);
    EXPECT_EQ(response.body, R"({"error":"busy"})");
    EXPECT_FALSE(streamed);
  });
}

TEST(HttpClientStream, StoppingEarlyDropsTheConnection) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, handler());
    server.start();
    HttpClient client(io.get_executor(), {});
    unsigned pieces = 0;
    HttpRequest first;
    first.target = url(server, "/big");
    HttpClient::BodyStream sink{.on_body = [&](std::string_view) {
      ++pieces;
      return false;
    }};
    co_await client.request_stream(std::move(first), std::chrono::seconds(5), sink);
    EXPECT_EQ(pieces, 1u);
    HttpRequest second;
    second.target = url(server, "/error");
    const auto response = co_await client.request(std::move(second));
    EXPECT_EQ(response.status, 503u);
    EXPECT_EQ(server.connections_accepted(), 2u);  // the stopped one was not pooled
  });
}

TEST(HttpClientStream, TheResponseSizeCapApplies) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HttpServer server(io.get_executor(), {}, handler());
    server.start();
    HttpClient client(io.get_executor(), {.max_response_bytes = 1000});
    HttpRequest request;
    request.target = url(server, "/big");
    bool threw = false;
    try {
      HttpClient::BodyStream sink{.on_body = [](std::string_view) { return true; }};
      co_await client.request_stream(std::move(request), std::chrono::seconds(5), sink);
    } catch (const Error& e) {
      threw = true;
      EXPECT_NE(std::string(e.what()).find("larger than the configured cap"), std::string::npos);
    }
    EXPECT_TRUE(threw);
  });
}

}  // namespace
}  // namespace dbot::net
