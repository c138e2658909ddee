#pragma once
// Address formatting and parsing shared by the net listeners and clients.

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace dbot::net::detail {

// "127.0.0.1", "::1"; IPv4-mapped IPv6 addresses are shown as IPv4.
std::string address_to_string(const boost::asio::ip::address& address);

// Accepts IPv4, IPv6 (with or without brackets) and "localhost" (127.0.0.1).
boost::asio::ip::address parse_bind_address(std::string_view text, boost::system::error_code& ec);

// "127.0.0.1:80", "[::1]:80".
std::string format_host_port(std::string_view host, std::uint16_t port);

}  // namespace dbot::net::detail
