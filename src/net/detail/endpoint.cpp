#include "net/detail/endpoint.hpp"

#include <fmt/format.h>

namespace dbot::net::detail {

std::string address_to_string(const boost::asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

boost::asio::ip::address parse_bind_address(std::string_view text, boost::system::error_code& ec) {
  if (text == "localhost") text = "127.0.0.1";
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  return boost::asio::ip::make_address(std::string(text), ec);
}

std::string format_host_port(std::string_view host, std::uint16_t port) {
  if (host.find(':') != std::string_view::npos && host.front() != '[') return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

}  // namespace dbot::net::detail
