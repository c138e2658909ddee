#include "net/http_client.hpp"

#include <array>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "core/error.hpp"
#include "net/detail/beast_websocket.hpp"
#include "net/detail/connect.hpp"

namespace dbot::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using detail::use_nothrow;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kResponseHeaderLimit = 64 * 1024;

struct Connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;

  beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

struct Exchange {
  boost::system::error_code ec;
  bool got_response_bytes = false;
  bool reusable = false;
  HttpResponse response;
};

template <class Stream>
asio::awaitable<Exchange> exchange(Stream& stream, Connection& connection, http::request<http::string_body>& out,
                                   bool head, std::size_t max_response_bytes, Clock::time_point deadline) {
  Exchange result;
  connection.tcp().expires_at(deadline);
  auto [write_ec, written] = co_await http::async_write(stream, out, use_nothrow);
  if (write_ec) {
    result.ec = write_ec;
    co_return result;
  }
  http::response_parser<http::string_body> parser;
  parser.header_limit(kResponseHeaderLimit);
  parser.body_limit(max_response_bytes);
  if (head) parser.skip(true);
  auto [read_ec, read] = co_await http::async_read(stream, connection.buffer, parser, use_nothrow);
  result.got_response_bytes = parser.got_some() || connection.buffer.size() > 0;
  if (read_ec) {
    result.ec = read_ec;
    co_return result;
  }
  result.reusable = !parser.need_eof() && parser.get().keep_alive();
  auto message = parser.release();
  result.response.status = message.result_int();
  for (const auto& field : message) {
    result.response.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  result.response.body = std::move(message.body());
  co_return result;
}

// Reads the body into a fixed buffer piece by piece and hands each piece on.
template <class Stream>
asio::awaitable<Exchange> exchange_streaming(Stream& stream, Connection& connection,
                                             http::request<http::string_body>& out, std::size_t max_response_bytes,
                                             Clock::time_point deadline, HttpClient::BodyStream& sink) {
  Exchange result;
  connection.tcp().expires_at(deadline);
  auto [write_ec, written] = co_await http::async_write(stream, out, use_nothrow);
  if (write_ec) {
    result.ec = write_ec;
    co_return result;
  }
  http::response_parser<http::buffer_body> parser;
  parser.header_limit(kResponseHeaderLimit);
  parser.body_limit(max_response_bytes);
  auto [header_ec, header_read] = co_await http::async_read_header(stream, connection.buffer, parser, use_nothrow);
  result.got_response_bytes = parser.got_some() || connection.buffer.size() > 0;
  if (header_ec) {
    result.ec = header_ec;
    co_return result;
  }
  result.response.status = parser.get().result_int();
  for (const auto& field : parser.get()) {
    result.response.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  const bool streaming = sink.on_head ? sink.on_head(result.response) : true;
  std::array<char, 16 * 1024> piece{};
  bool stopped = false;
  while (!parser.is_done()) {
    parser.get().body().data = piece.data();
    parser.get().body().size = piece.size();
    // read_some, not read: a stream's small events must be handed on as they
    // arrive, not when 16 KiB have piled up.
    auto [read_ec, read] = co_await http::async_read_some(stream, connection.buffer, parser, use_nothrow);
    // need_buffer only says the piece buffer is full: hand it on and go on.
    if (read_ec && read_ec != http::error::need_buffer) {
      result.ec = read_ec;
      co_return result;
    }
    const std::size_t got = piece.size() - parser.get().body().size;
    if (got == 0) continue;
    const std::string_view bytes(piece.data(), got);
    if (!streaming) {
      result.response.body.append(bytes);
    } else if (!sink.on_body(bytes)) {
      stopped = true;
      break;
    }
  }
  result.reusable = !stopped && !parser.need_eof() && parser.get().keep_alive();
  co_return result;
}

}  // namespace

struct HttpClient::Impl {
  Impl(asio::any_io_executor ex, Options opts) : executor(std::move(ex)), options(std::move(opts)) {}

  asio::any_io_executor executor;
  Options options;
  std::mutex mutex;
  std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle;

  std::unique_ptr<Connection> take(const std::string& key) {
    std::lock_guard lock(mutex);
    auto found = idle.find(key);
    while (found != idle.end() && !found->second.empty()) {
      auto connection = std::move(found->second.back());
      found->second.pop_back();
      if (connection->tcp().socket().is_open()) return connection;
    }
    return nullptr;
  }

  void give_back(const std::string& key, std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex);
    auto& list = idle[key];
    if (list.size() < options.max_idle_per_host) list.push_back(std::move(connection));
  }

  asio::awaitable<std::unique_ptr<Connection>> open(const detail::ParsedUrl& url, Clock::time_point deadline,
                                                    const std::string& host) {
    auto connection = std::make_unique<Connection>();
    boost::system::error_code ec;
    if (url.tls) {
      connection->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(executor, detail::client_tls_context());
    } else {
      connection->plain = std::make_unique<beast::tcp_stream>(executor);
    }
    ec = co_await detail::connect_tcp(connection->tcp(), url, deadline);
    if (!ec && url.tls) ec = co_await detail::tls_handshake(*connection->tls, url, deadline);
    if (ec) fail(host, "connect", ec);
    boost::system::error_code ignored;
    connection->tcp().socket().set_option(asio::ip::tcp::no_delay(true), ignored);
    co_return connection;
  }

  [[noreturn]] static void fail(const std::string& host, std::string_view stage, const boost::system::error_code& ec) {
    if (ec == beast::error::timeout) throw HttpTimeoutError(fmt::format("request to {} timed out", host));
    if (ec == http::error::body_limit) {
      throw Error(fmt::format("the response from {} was too large", host),
                  fmt::format("request to {}: response larger than the configured cap", host));
    }
    throw Error(fmt::format("request to {} failed", host),
                fmt::format("request to {} failed ({}): {}", host, stage, ec.message()));
  }

  http::request<http::string_body> build(HttpRequest& request, const detail::ParsedUrl* url) const {
    http::request<http::string_body> out;
    if (const auto verb = http::string_to_verb(request.method); verb != http::verb::unknown) {
      out.method(verb);
    } else {
      out.method_string(request.method);
    }
    out.target(url->target);
    out.version(11);
    for (const auto& field : request.headers.fields()) out.insert(field.name, field.value);
    if (out.find(http::field::host) == out.end()) out.set(http::field::host, url->host_header);
    if (out.find(http::field::user_agent) == out.end()) out.set(http::field::user_agent, options.user_agent);
    out.body() = std::move(request.body);
    out.keep_alive(true);
    out.prepare_payload();
    return out;
  }

  static detail::ParsedUrl parsed(const HttpRequest& request) {
    auto url = detail::parse_url(request.target, "http", "https");
    if (!url) throw Error("invalid URL", "HTTP client: the target is not an absolute http:// or https:// URL");
    return std::move(*url);
  }

  static std::string pool_key(const detail::ParsedUrl& url) {
    return (url.tls ? "https://" : "http://") + url.host + ":" + std::to_string(url.port);
  }

  // `sink` null: the whole body into the response; otherwise streamed to it.
  asio::awaitable<HttpResponse> perform(HttpRequest request, std::chrono::milliseconds timeout,
                                        HttpClient::BodyStream* sink) {
    const detail::ParsedUrl parsed_url = parsed(request);
    const auto* url = &parsed_url;
    const auto deadline = Clock::now() + timeout;
    const std::string& host = url->host_header;
    const std::string key = pool_key(*url);
    http::request<http::string_body> out = build(request, url);
    const bool head = out.method() == http::verb::head;

    for (int attempt = 0;; ++attempt) {
      auto connection = attempt == 0 ? take(key) : nullptr;
      const bool reused = connection != nullptr;
      if (!connection) connection = co_await open(*url, deadline, host);
      // (No co_await inside ?: — GCC 12 miscompiles temporaries there.)
      Exchange result;
      if (sink != nullptr && connection->tls) {
        result = co_await exchange_streaming(*connection->tls, *connection, out, options.max_response_bytes, deadline,
                                             *sink);
      } else if (sink != nullptr) {
        result = co_await exchange_streaming(*connection->plain, *connection, out, options.max_response_bytes, deadline,
                                             *sink);
      } else if (connection->tls) {
        result = co_await exchange(*connection->tls, *connection, out, head, options.max_response_bytes, deadline);
      } else {
        result = co_await exchange(*connection->plain, *connection, out, head, options.max_response_bytes, deadline);
      }
      if (!result.ec) {
        if (result.reusable) {
          connection->tcp().expires_never();
          give_back(key, std::move(connection));
        }
        co_return std::move(result.response);
      }
      // A pooled connection the server already closed fails before any
      // response byte arrives; that one is worth a second try on a new one.
      const bool stale = reused && !result.got_response_bytes && result.ec != beast::error::timeout;
      if (stale && attempt == 0) continue;
      fail(host, "exchange", result.ec);
    }
  }
};

HttpClient::HttpClient(boost::asio::any_io_executor executor, Options options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options))) {}

HttpClient::~HttpClient() = default;

boost::asio::awaitable<HttpResponse> HttpClient::request(HttpRequest request) {
  auto impl = impl_;
  co_return co_await impl->perform(std::move(request), impl->options.timeout, nullptr);
}

boost::asio::awaitable<HttpResponse> HttpClient::request(HttpRequest request, std::chrono::milliseconds timeout) {
  auto impl = impl_;
  co_return co_await impl->perform(std::move(request), timeout, nullptr);
}

boost::asio::awaitable<HttpResponse> HttpClient::request_stream(HttpRequest request, std::chrono::milliseconds timeout,
                                                                BodyStream stream) {
  auto impl = impl_;
  co_return co_await impl->perform(std::move(request), timeout, &stream);
}

}  // namespace dbot::net
