#include "net/http_client.hpp"

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
    if (ec) throw failure(host, "connect", ec);
    boost::system::error_code ignored;
    connection->tcp().socket().set_option(asio::ip::tcp::no_delay(true), ignored);
    co_return connection;
  }

  static Error failure(const std::string& host, std::string_view stage, const boost::system::error_code& ec) {
    if (ec == beast::error::timeout) return Error(fmt::format("request to {} timed out", host));
    if (ec == http::error::body_limit) {
      return Error(fmt::format("the response from {} was too large", host),
                   fmt::format("request to {}: response larger than the configured cap", host));
    }
    return Error(fmt::format("request to {} failed", host),
                 fmt::format("request to {} failed ({}): {}", host, stage, ec.message()));
  }

  asio::awaitable<HttpResponse> perform(HttpRequest request, std::chrono::milliseconds timeout) {
    const auto url = detail::parse_url(request.target, "http", "https");
    if (!url) throw Error("invalid URL", "HTTP client: the target is not an absolute http:// or https:// URL");
    const auto deadline = Clock::now() + timeout;
    const std::string& host = url->host_header;
    const std::string key = (url->tls ? "https://" : "http://") + url->host + ":" + std::to_string(url->port);

    http::request<http::string_body> out;
    if (const auto verb = http::string_to_verb(request.method); verb != http::verb::unknown) {
      out.method(verb);
    } else {
      out.method_string(request.method);
    }
    const bool head = out.method() == http::verb::head;
    out.target(url->target);
    out.version(11);
    for (const auto& field : request.headers.fields()) out.insert(field.name, field.value);
    if (out.find(http::field::host) == out.end()) out.set(http::field::host, host);
    if (out.find(http::field::user_agent) == out.end()) out.set(http::field::user_agent, options.user_agent);
    out.body() = std::move(request.body);
    out.keep_alive(true);
    out.prepare_payload();

    for (int attempt = 0;; ++attempt) {
      auto connection = attempt == 0 ? take(key) : nullptr;
      const bool reused = connection != nullptr;
      if (!connection) connection = co_await open(*url, deadline, host);
      // (No co_await inside ?: — GCC 12 miscompiles temporaries there.)
      Exchange result;
      if (connection->tls) {
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
      throw failure(host, "exchange", result.ec);
    }
  }
};

HttpClient::HttpClient(boost::asio::any_io_executor executor, Options options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options))) {}

HttpClient::~HttpClient() = default;

boost::asio::awaitable<HttpResponse> HttpClient::request(HttpRequest request) {
  auto impl = impl_;
  co_return co_await impl->perform(std::move(request), impl->options.timeout);
}

boost::asio::awaitable<HttpResponse> HttpClient::request(HttpRequest request, std::chrono::milliseconds timeout) {
  auto impl = impl_;
  co_return co_await impl->perform(std::move(request), timeout);
}

}  // namespace dbot::net
