#include "net/detail/connect.hpp"

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/url/parse.hpp>

namespace dbot::net::detail {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

}  // namespace

std::optional<ParsedUrl> parse_url(std::string_view url, std::string_view plain_scheme, std::string_view tls_scheme) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  const auto& view = *parsed;
  ParsedUrl out;
  const auto scheme = view.scheme();
  if (scheme == plain_scheme) {
    out.tls = false;
  } else if (scheme == tls_scheme) {
    out.tls = true;
  } else {
    return std::nullopt;
  }
  out.host = view.host_address();
  if (out.host.empty()) return std::nullopt;
  const std::uint16_t default_port = out.tls ? 443 : 80;
  out.port = view.has_port() ? view.port_number() : default_port;
  if (view.has_port() && out.port == 0) return std::nullopt;
  std::string_view path = view.encoded_path();
  out.target = path.empty() ? std::string("/") : std::string(path);
  if (view.has_query()) {
    out.target += '?';
    out.target += view.encoded_query();
  }
  const bool ipv6 = out.host.find(':') != std::string::npos;
  out.host_header = ipv6 ? fmt::format("[{}]", out.host) : out.host;
  if (out.port != default_port) out.host_header += fmt::format(":{}", out.port);
  return out;
}

asio::ssl::context& client_tls_context() {
  static asio::ssl::context context = [] {
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(asio::ssl::verify_peer);
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3);
    return ctx;
  }();
  return context;
}

asio::awaitable<boost::system::error_code> connect_tcp(beast::tcp_stream& stream, const ParsedUrl& url,
                                                       std::chrono::steady_clock::time_point deadline) {
  using namespace asio::experimental::awaitable_operators;
  boost::system::error_code ec;
  const auto literal = asio::ip::make_address(url.host, ec);
  if (!ec) {
    stream.expires_at(deadline);
    auto [connect_ec] = co_await stream.async_connect(tcp::endpoint(literal, url.port), nothrow);
    co_return connect_ec;
  }

  tcp::resolver resolver(stream.get_executor());
  asio::steady_timer timer(stream.get_executor(), deadline);
  auto outcome =
      co_await (resolver.async_resolve(url.host, std::to_string(url.port), nothrow) || timer.async_wait(nothrow));
  if (outcome.index() == 1) co_return beast::error::timeout;
  auto [resolve_ec, results] = std::get<0>(std::move(outcome));
  if (resolve_ec) co_return resolve_ec;

  stream.expires_at(deadline);
  auto [connect_ec, endpoint] = co_await stream.async_connect(results, nothrow);
  co_return connect_ec;
}

asio::awaitable<boost::system::error_code> tls_handshake(beast::ssl_stream<beast::tcp_stream>& stream,
                                                         const ParsedUrl& url,
                                                         std::chrono::steady_clock::time_point deadline) {
  boost::system::error_code ec;
  asio::ip::make_address(url.host, ec);
  const bool is_name = static_cast<bool>(ec);
  // SNI is only meaningful (and only allowed) for names.
  if (is_name && !SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    co_return boost::system::error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
  }
  stream.set_verify_callback(asio::ssl::host_name_verification(url.host));
  beast::get_lowest_layer(stream).expires_at(deadline);
  auto [handshake_ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, nothrow);
  co_return handshake_ec;
}

}  // namespace dbot::net::detail
