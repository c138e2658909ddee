#include "net/http_server.hpp"

#include <atomic>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>

#include "core/error.hpp"
#include "core/spawn.hpp"
#include "net/detail/beast_websocket.hpp"
#include "net/detail/endpoint.hpp"

namespace dbot::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using detail::use_nothrow;

constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr std::chrono::seconds kWebSocketCloseTimeout{5};

class HttpConnection final : public detail::Closeable {
 public:
  explicit HttpConnection(tcp::socket socket) : stream(std::move(socket)), executor_(stream.get_executor()) {}

  void force_close() override {
    boost::system::error_code ignored;
    auto& socket = stream.socket();
    if (!socket.is_open()) return;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }
  asio::any_io_executor close_executor() const override { return executor_; }

  beast::tcp_stream stream;

 private:
  asio::any_io_executor executor_;
};

class ChunkWriter final : public StreamWriter {
 public:
  ChunkWriter(beast::tcp_stream& stream, std::chrono::seconds timeout) : stream_(stream), timeout_(timeout) {}

  asio::awaitable<bool> write(std::string_view chunk) override {
    if (broken_) co_return false;
    if (chunk.empty()) co_return true;  // an empty chunk would end the response
    stream_.expires_after(timeout_);
    auto [ec, written] = co_await asio::async_write(stream_, http::make_chunk(asio::buffer(chunk)), use_nothrow);
    if (ec) broken_ = true;
    co_return !broken_;
  }

  bool broken() const { return broken_; }
  void mark_broken() { broken_ = true; }

 private:
  beast::tcp_stream& stream_;
  std::chrono::seconds timeout_;
  bool broken_ = false;
};

bool is_http_syntax_error(const boost::system::error_code& ec) {
  if (ec.category() != beast::http::make_error_code(http::error::bad_target).category()) return false;
  return ec != http::error::end_of_stream && ec != http::error::partial_message && ec != http::error::need_more &&
         ec != http::error::body_limit;
}

template <class Body>
HttpRequest to_request(http::request<Body>& message, const std::string& remote_address) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) request.headers.add(std::string(field.name_string()), std::string(field.value()));
  if constexpr (std::is_same_v<Body, http::string_body>) request.body = std::move(message.body());
  request.remote_address = remote_address;
  return request;
}

std::string remote_address_of(const tcp::socket& socket) {
  boost::system::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  return detail::address_to_string(endpoint.address());
}

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::any_io_executor ex, Options opts, Handler h, WebSocketHandler wh)
      : executor(std::move(ex)), options(std::move(opts)), handler(std::move(h)), websocket_handler(std::move(wh)) {}

  asio::any_io_executor executor;
  Options options;
  Handler handler;
  WebSocketHandler websocket_handler;
  std::optional<tcp::acceptor> acceptor;
  std::atomic<std::uint16_t> bound_port{0};
  std::atomic<bool> stopped{false};
  std::atomic<std::uint64_t> accepted{0};

  std::mutex live_mutex;
  std::unordered_map<std::uint64_t, std::weak_ptr<detail::Closeable>> live;
  std::uint64_t next_id = 0;
  std::size_t prune_threshold = 64;

  std::uint64_t track(std::weak_ptr<detail::Closeable> target) {
    std::lock_guard lock(live_mutex);
    if (live.size() >= prune_threshold) {
      std::erase_if(live, [](const auto& entry) { return entry.second.expired(); });
      prune_threshold = std::max<std::size_t>(64, live.size() * 2);
    }
    const auto id = next_id++;
    live.emplace(id, std::move(target));
    return id;
  }
  void retrack(std::uint64_t id, std::weak_ptr<detail::Closeable> target) {
    std::lock_guard lock(live_mutex);
    live[id] = std::move(target);
  }
  void untrack(std::uint64_t id) {
    std::lock_guard lock(live_mutex);
    live.erase(id);
  }
  std::size_t open_connections() {
    std::lock_guard lock(live_mutex);
    std::size_t count = 0;
    for (const auto& entry : live) count += entry.second.expired() ? 0 : 1;
    return count;
  }

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(std::shared_ptr<HttpConnection> connection);
  asio::awaitable<void> serve_websocket(std::shared_ptr<HttpConnection> connection, std::uint64_t id,
                                        http::request<http::string_body> message, std::string remote_address);
  asio::awaitable<bool> send_error(HttpConnection& connection, unsigned status, std::string_view body);
};

asio::awaitable<void> HttpServer::Impl::accept_loop() {
  auto self = shared_from_this();
  while (!stopped) {
    tcp::socket socket(asio::make_strand(executor));
    auto [ec] = co_await acceptor->async_accept(socket, use_nothrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || stopped || !acceptor->is_open()) co_return;
      // Usually descriptor exhaustion: back off briefly instead of spinning.
      spdlog::warn("HTTP server on port {}: accept failed: {}", bound_port.load(), ec.message());
      asio::steady_timer pause(executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(use_nothrow);
      continue;
    }
    if (stopped) co_return;
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    accepted.fetch_add(1, std::memory_order_relaxed);
    auto connection = std::make_shared<HttpConnection>(std::move(socket));
    auto connection_executor = connection->close_executor();
    spawn(connection_executor, self->serve(std::move(connection)), "Serving an HTTP connection");
  }
}

asio::awaitable<bool> HttpServer::Impl::send_error(HttpConnection& connection, unsigned status, std::string_view body) {
  http::response<http::string_body> response;
  response.result(status);
  response.version(11);
  response.set(http::field::content_type, "application/json");
  response.set(http::field::connection, "close");
  response.body() = std::string(body);
  response.prepare_payload();
  connection.stream.expires_after(options.idle_timeout);
  auto [ec, written] = co_await http::async_write(connection.stream, response, use_nothrow);
  boost::system::error_code ignored;
  connection.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  co_return !ec;
}

asio::awaitable<void> HttpServer::Impl::serve(std::shared_ptr<HttpConnection> connection) {
  auto self = shared_from_this();
  const auto id = track(connection);
  const std::string remote_address = remote_address_of(connection->stream.socket());
  beast::flat_buffer buffer;
  bool handed_over = false;

  while (!stopped) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(options.max_body_bytes);

    connection->stream.expires_after(options.idle_timeout);
    auto [header_ec, header_bytes] = co_await http::async_read_header(connection->stream, buffer, parser, use_nothrow);
    if (header_ec == http::error::body_limit) {
      co_await send_error(*connection, 413, R"({"error":"request body too large"})");
      break;
    }
    if (header_ec) {
      if (is_http_syntax_error(header_ec)) co_await send_error(*connection, 400, R"({"error":"bad request"})");
      break;
    }

    auto& header = parser.get();
    if (const auto length = parser.content_length(); length && *length > options.max_body_bytes) {
      co_await send_error(*connection, 413, R"({"error":"request body too large"})");
      break;
    }

    if (websocket_handler && beast::websocket::is_upgrade(header)) {
      handed_over = true;
      co_await serve_websocket(connection, id, parser.release(), remote_address);
      break;
    }

    if (const auto expect = header[http::field::expect]; beast::iequals(expect, "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      auto [ec, written] = co_await asio::async_write(connection->stream, asio::buffer(kContinue), use_nothrow);
      if (ec) break;
    }

    if (!parser.is_done()) {
      auto [body_ec, body_bytes] = co_await http::async_read(connection->stream, buffer, parser, use_nothrow);
      if (body_ec == http::error::body_limit) {
        co_await send_error(*connection, 413, R"({"error":"request body too large"})");
        break;
      }
      if (body_ec) {
        if (is_http_syntax_error(body_ec)) co_await send_error(*connection, 400, R"({"error":"bad request"})");
        break;
      }
    }

    auto message = parser.release();
    const bool head = message.method() == http::verb::head;
    bool keep_alive = message.keep_alive();
    const unsigned version = message.version();
    HttpRequest request = to_request(message, remote_address);
    // HEAD is answered as GET without the body, so handlers need not know it.
    if (head) request.method = "GET";
    const std::string log_method = request.method;
    const std::string log_path(request.path());

    connection->stream.expires_never();
    HttpResponse response;
    try {
      response = co_await handler(std::move(request));
    } catch (const std::exception& e) {
      spdlog::error("HTTP handler for {} {} failed: {}", log_method, log_path, e.what());
      response = HttpResponse::json(500, R"({"error":"internal server error"})");
    }

    if (const auto connection_header = response.headers.get("Connection");
        connection_header && beast::iequals(*connection_header, "close")) {
      keep_alive = false;
    }

    if (response.stream && !head) {
      http::response<http::empty_body> out{static_cast<http::status>(response.status), version};
      out.result(response.status);
      for (const auto& field : response.headers.fields()) out.insert(field.name, field.value);
      out.keep_alive(keep_alive);
      out.chunked(true);
      http::response_serializer<http::empty_body> serializer(out);
      connection->stream.expires_after(options.idle_timeout);
      auto [ec, written] = co_await http::async_write_header(connection->stream, serializer, use_nothrow);
      if (ec) break;
      ChunkWriter writer(connection->stream, options.idle_timeout);
      try {
        co_await response.stream(writer);
      } catch (const std::exception& e) {
        spdlog::error("HTTP stream for {} failed: {}", log_path, e.what());
        writer.mark_broken();
      }
      if (writer.broken()) break;
      connection->stream.expires_after(options.idle_timeout);
      auto [last_ec, last_written] =
          co_await asio::async_write(connection->stream, http::make_chunk_last(), use_nothrow);
      if (last_ec) break;
    } else {
      http::response<http::string_body> out{static_cast<http::status>(response.status), version};
      out.result(response.status);
      for (const auto& field : response.headers.fields()) out.insert(field.name, field.value);
      out.body() = std::move(response.body);
      out.keep_alive(keep_alive);
      out.prepare_payload();
      connection->stream.expires_after(options.idle_timeout);
      if (head) {
        http::response_serializer<http::string_body> serializer(out);
        auto [ec, written] = co_await http::async_write_header(connection->stream, serializer, use_nothrow);
        if (ec) break;
      } else {
        auto [ec, written] = co_await http::async_write(connection->stream, out, use_nothrow);
        if (ec) break;
      }
    }

    if (!keep_alive) {
      boost::system::error_code ignored;
      connection->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      break;
    }
  }

  if (!handed_over) {
    connection->force_close();
    untrack(id);
  }
}

asio::awaitable<void> HttpServer::Impl::serve_websocket(std::shared_ptr<HttpConnection> connection, std::uint64_t id,
                                                        http::request<http::string_body> message,
                                                        std::string remote_address) {
  using ServerWebSocket = detail::BeastWebSocket<beast::tcp_stream>;
  connection->stream.expires_never();
  beast::websocket::stream<beast::tcp_stream> raw(std::move(connection->stream));
  beast::websocket::stream_base::timeout timeouts{};
  // Covers the opening and the closing handshake; liveness is the
  // application's job (the Discord protocol has its own heartbeats).
  timeouts.handshake_timeout = kWebSocketCloseTimeout;
  timeouts.idle_timeout = beast::websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  raw.set_option(timeouts);
  auto socket = std::make_shared<ServerWebSocket>(std::move(raw), options.max_websocket_message_bytes);
  retrack(id, socket);

  auto [ec] = co_await socket->stream().async_accept(message, use_nothrow);
  if (ec) {
    socket->drop();
    co_return;
  }
  HttpRequest request = to_request(message, remote_address);
  const std::string log_path(request.path());
  try {
    co_await websocket_handler(std::move(request), socket);
  } catch (const std::exception& e) {
    spdlog::error("WebSocket handler for {} failed: {}", log_path, e.what());
    socket->drop();
  }
}

HttpServer::HttpServer(boost::asio::any_io_executor executor, Options options, Handler handler,
                       WebSocketHandler websocket_handler)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options), std::move(handler),
                                   std::move(websocket_handler))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  auto& impl = *impl_;
  const std::string& address_text = impl.options.bind_address;
  const std::string where = detail::format_host_port(address_text, impl.options.port);
  boost::system::error_code ec;
  const auto address = detail::parse_bind_address(address_text, ec);
  if (ec) {
    throw Error(fmt::format("cannot listen on {}: not an IP address", where),
                fmt::format("cannot listen on {}: {}", where, ec.message()));
  }
  const tcp::endpoint endpoint(address, impl.options.port);
  impl.acceptor.emplace(impl.executor);
  auto& acceptor = *impl.acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor.close(ec);
    throw Error(fmt::format("cannot listen on {}", where), fmt::format("cannot listen on {}: {}", where, ec.message()));
  }
  impl.bound_port = acceptor.local_endpoint().port();
  impl.stopped = false;
  spawn(impl.executor, impl.accept_loop(), "Accepting HTTP connections");
}

void HttpServer::stop() {
  auto impl = impl_;
  if (!impl || impl->stopped.exchange(true)) return;
  asio::dispatch(impl->executor, [impl] {
    boost::system::error_code ignored;
    if (impl->acceptor && impl->acceptor->is_open()) impl->acceptor->close(ignored);
    std::vector<std::weak_ptr<detail::Closeable>> targets;
    {
      std::lock_guard lock(impl->live_mutex);
      for (const auto& entry : impl->live) targets.push_back(entry.second);
    }
    for (const auto& target : targets) detail::force_close_later(target);
  });
}

std::uint16_t HttpServer::port() const { return impl_->bound_port.load(); }

std::uint64_t HttpServer::connections_accepted() const { return impl_->accepted.load(std::memory_order_relaxed); }

std::size_t HttpServer::open_connections() const { return impl_->open_connections(); }

}  // namespace dbot::net
