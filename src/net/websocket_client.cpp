#include <algorithm>

#include <fmt/format.h>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/ssl.hpp>

#include "core/error.hpp"
#include "net/detail/beast_websocket.hpp"
#include "net/detail/connect.hpp"
#include "net/detail/endpoint.hpp"
#include "net/websocket.hpp"

namespace dbot::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using detail::use_nothrow;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kCloseTimeout{5};

Error connection_error(const std::string& where, std::string_view stage, const boost::system::error_code& ec) {
  if (ec == beast::error::timeout) {
    return Error(fmt::format("WebSocket connection to {} timed out", where),
                 fmt::format("WebSocket {} with {} timed out", stage, where));
  }
  return Error(fmt::format("could not open a WebSocket connection to {}", where),
               fmt::format("WebSocket {} with {} failed: {}", stage, where, ec.message()));
}

template <class NextLayer>
asio::awaitable<std::shared_ptr<WebSocket>> finish_handshake(websocket::stream<NextLayer> stream,
                                                             const detail::ParsedUrl& url,
                                                             const WebSocketClientOptions& options,
                                                             Clock::time_point deadline, const std::string& where) {
  beast::get_lowest_layer(stream).expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::max<Clock::duration>(std::chrono::milliseconds(1), deadline - Clock::now());
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  stream.set_option(timeouts);
  stream.set_option(websocket::stream_base::decorator([headers = options.headers](websocket::request_type& request) {
    request.set(beast::http::field::user_agent, "discord-bot");
    for (const auto& field : headers.fields()) request.set(field.name, field.value);
  }));

  auto socket = std::make_shared<detail::BeastWebSocket<NextLayer>>(std::move(stream), options.max_message_bytes);
  websocket::response_type response;
  auto [ec] = co_await socket->stream().async_handshake(response, url.host_header, url.target, use_nothrow);
  if (ec == websocket::error::upgrade_declined) {
    throw Error(fmt::format("the server at {} refused the WebSocket connection", where),
                fmt::format("WebSocket handshake with {} declined: HTTP {}", where, response.result_int()));
  }
  if (ec) throw connection_error(where, "handshake", ec);
  // From here on the handshake timeout only bounds the closing handshake.
  timeouts.handshake_timeout = kCloseTimeout;
  socket->stream().set_option(timeouts);
  co_return socket;
}

}  // namespace

asio::awaitable<std::shared_ptr<WebSocket>> connect_websocket(std::string url, WebSocketClientOptions options) {
  const auto parsed = detail::parse_url(url, "ws", "wss");
  if (!parsed) throw Error("invalid WebSocket URL", "connect_websocket: not an absolute ws:// or wss:// URL");
  const std::string where = detail::format_host_port(parsed->host, parsed->port);
  const auto deadline = Clock::now() + options.handshake_timeout;
  auto executor = co_await asio::this_coro::executor;

  if (!parsed->tls) {
    beast::tcp_stream tcp(executor);
    if (auto ec = co_await detail::connect_tcp(tcp, *parsed, deadline)) throw connection_error(where, "connect", ec);
    boost::system::error_code ignored;
    tcp.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
    co_return co_await finish_handshake(websocket::stream<beast::tcp_stream>(std::move(tcp)), *parsed, options,
                                        deadline, where);
  }

  beast::ssl_stream<beast::tcp_stream> tls(executor, detail::client_tls_context());
  if (auto ec = co_await detail::connect_tcp(beast::get_lowest_layer(tls), *parsed, deadline)) {
    throw connection_error(where, "connect", ec);
  }
  boost::system::error_code ignored;
  beast::get_lowest_layer(tls).socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  if (auto ec = co_await detail::tls_handshake(tls, *parsed, deadline))
    throw connection_error(where, "TLS handshake", ec);
  co_return co_await finish_handshake(websocket::stream<beast::ssl_stream<beast::tcp_stream>>(std::move(tls)), *parsed,
                                      options, deadline, where);
}

}  // namespace dbot::net
