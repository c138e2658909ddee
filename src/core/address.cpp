#include "core/address.hpp"

#include <cctype>

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

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
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

std::string host_without_port(std::string_view authority) {
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return lower(authority);
    return lower(authority.substr(1, close - 1));
  }
  auto first = authority.find(':');
  if (first != std::string_view::npos && authority.find(':', first + 1) == std::string_view::npos) {
    return lower(authority.substr(0, first));
  }
  return lower(authority);  // no port, or a bare IPv6 literal
}

bool host_allowed(std::string_view host_header, const std::vector<std::string>& extra_allowed) {
  if (host_header.empty()) return false;
  std::string host = host_without_port(host_header);
  if (host.empty()) return false;
  if (is_loopback_address(host)) return true;
  std::string whole = lower(host_header);
  for (const auto& entry : extra_allowed) {
    std::string allowed = lower(entry);
    if (allowed == "*" || allowed == whole || allowed == host) return true;
  }
  return false;
}

}  // namespace dbot
