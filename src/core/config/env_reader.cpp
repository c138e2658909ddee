#include "core/config/env_reader.hpp"

#include <algorithm>
#include <cctype>

#include "core/address.hpp"
#include "core/config/checks.hpp"
#include "core/config/load.hpp"

namespace dbot::config {
namespace {

bool is_plain_http(std::string_view url) {
  if (url.size() < 7) return false;
  std::string head(url.substr(0, 7));
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  return head == "http://";
}

// The host of an http(s) URL: no userinfo, no port, IPv6 brackets removed.
std::string url_host(std::string_view url) {
  const auto scheme_end = url.find("://");
  std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (rest.starts_with('[')) return std::string(rest.substr(1, rest.find(']') - 1));
  return std::string(rest.substr(0, rest.rfind(':')));
}

}  // namespace

std::string trim_blanks(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::optional<std::string> EnvReader::optional(std::string_view name) {
  const EnvLookup found = env_.lookup(name);
  if (!found.error.empty()) {
    report_.error(std::string(name), found.error);
    return std::nullopt;
  }
  if (!found.value || found.value->empty()) return std::nullopt;
  return found.value;
}

std::optional<std::string> EnvReader::optional_secret(std::string_view name) {
  auto value = optional(name);
  if (value && is_placeholder(*value) && !options_.allow_placeholders) {
    report_.error(std::string(name), "still has the placeholder value from the example; set it or remove it");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> EnvReader::required(std::string_view name, bool secret) {
  const EnvLookup found = env_.lookup(name);
  if (!found.error.empty()) {
    report_.error(std::string(name), found.error);
    return std::nullopt;
  }
  if (!found.value) {
    report_.error(std::string(name), "is required but not set");
    return std::nullopt;
  }
  if (trim_blanks(*found.value).empty()) {
    report_.error(std::string(name), "is required but empty");
    return std::nullopt;
  }
  if (is_placeholder(*found.value) && !(secret && options_.allow_placeholders)) {
    report_.error(std::string(name), "still has the placeholder value from the example; set it");
    return std::nullopt;
  }
  return found.value;
}

std::optional<Snowflake> EnvReader::required_id(std::string_view name) {
  auto value = required(name, false);
  if (!value) return std::nullopt;
  auto id = Snowflake::parse(*value);
  if (!id) report_.error(std::string(name), "must be a numeric Discord id (enable Developer Mode, then Copy ID)");
  return id;
}

std::uint16_t EnvReader::port(std::string_view name, std::uint16_t fallback) {
  auto value = optional(name);
  if (!value) return fallback;
  auto port = parse_port(*value);
  if (!port) {
    report_.error(std::string(name), "must be a port number from 1 to 65535");
    return fallback;
  }
  return *port;
}

std::string EnvReader::http_base(std::string_view name, std::string fallback) {
  auto value = optional(name);
  if (!value) return fallback;
  if (!is_http_url(*value)) {
    report_.error(std::string(name), "must be an http:// or https:// URL");
    return fallback;
  }
  if (is_plain_http(*value) && !is_loopback_address(url_host(*value))) {
    report_.error(std::string(name), "must use https:// (plain http:// is only allowed for a loopback host)");
    return fallback;
  }
  while (value->size() > 1 && value->back() == '/') value->pop_back();
  return *value;
}

std::string EnvReader::bind_address(std::string_view name, std::string fallback) {
  auto value = optional(name);
  if (!value) return fallback;
  if (!is_valid_bind_address(*value)) {
    report_.error(std::string(name), "'" + *value + "' is not an IP address or 'localhost'");
    return fallback;
  }
  return *value;
}

}  // namespace dbot::config
