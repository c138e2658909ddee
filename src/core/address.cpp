#include "core/address.hpp"

#include <boost/asio/ip/address.hpp>

namespace dbot {
namespace {

std::optional<boost::asio::ip::address> parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return address;
}

}  // namespace

bool is_loopback_address(std::string_view address) {
  if (address == "localhost") return true;
  const auto parsed = parse(address);
  if (!parsed) return false;
  if (parsed->is_v6()) {
    const auto v6 = parsed->to_v6();
    if (v6.is_v4_mapped()) return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).is_loopback();
    return v6.is_loopback();
  }
  return parsed->is_loopback();
}

bool is_valid_bind_address(std::string_view address) { return address == "localhost" || parse(address).has_value(); }

}  // namespace dbot
