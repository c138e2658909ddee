#pragma once
// URL splitting, name resolution, TCP connect and TLS handshake shared by the
// HTTP client and the WebSocket client. Included only by net .cpp files.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace dbot::net::detail {

struct ParsedUrl {
  bool tls = false;
  std::string host;         // without IPv6 brackets
  std::uint16_t port = 0;   // defaulted from the scheme when absent
  std::string target;       // origin-form: path (at least "/") and query
  std::string host_header;  // host[:port], the port only when not the default
};

// nullopt when `url` is not absolute or its scheme is neither `plain_scheme`
// nor `tls_scheme` (e.g. "http"/"https", "ws"/"wss").
std::optional<ParsedUrl> parse_url(std::string_view url, std::string_view plain_scheme, std::string_view tls_scheme);

// One verifying TLS client context for the process (system trust store).
boost::asio::ssl::context& client_tls_context();

// Resolves `url.host` and connects `stream`, all before `deadline`. A missed
// deadline is reported as boost::beast::error::timeout.
boost::asio::awaitable<boost::system::error_code> connect_tcp(boost::beast::tcp_stream& stream, const ParsedUrl& url,
                                                              std::chrono::steady_clock::time_point deadline);

// SNI + certificate and host name verification, then the TLS handshake.
boost::asio::awaitable<boost::system::error_code> tls_handshake(
    boost::beast::ssl_stream<boost::beast::tcp_stream>& stream, const ParsedUrl& url,
    std::chrono::steady_clock::time_point deadline);

}  // namespace dbot::net::detail
