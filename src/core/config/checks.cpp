#include "core/config/checks.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <fstream>
#include <vector>

#include "core/text.hpp"

namespace dbot::config {
namespace {

bool is_lower_or_underscore(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

// Checks "authority[/path][?query][#fragment]" after the scheme's "//".
bool valid_after_scheme(std::string_view rest, bool host_required) {
  for (const char c : rest) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
  }
  const auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (const char c : authority.substr(1, close - 1)) {
      if (!(is_alnum(c) || c == ':' || c == '.')) return false;
    }
    host = authority.substr(0, close + 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return false;
      port = after.substr(1);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty()) return false;
  }
  if (host.empty()) return !host_required && port.empty();
  if (host.front() != '[') {
    for (const char c : host) {
      if (!(is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '%')) return false;
    }
    if (host.front() == '.' || host.front() == '-') return false;
  }
  if (!port.empty() && !parse_port(port)) return false;
  return true;
}

}  // namespace

bool is_placeholder(std::string_view value) { return value.starts_with("your-"); }

bool is_valid_schema_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || !is_lower_or_underscore(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_lower_or_underscore(c) || is_digit(c); });
}

bool is_http_url(std::string_view url) {
  const std::string head = lower(url.substr(0, 8));
  if (head.starts_with("http://")) return valid_after_scheme(url.substr(7), true);
  if (head.starts_with("https://")) return valid_after_scheme(url.substr(8), true);
  return false;
}

bool is_postgres_url(std::string_view url) {
  const std::string head = lower(url.substr(0, 13));
  if (head.starts_with("postgresql://")) return valid_after_scheme(url.substr(13), false);
  if (head.starts_with("postgres://")) return valid_after_scheme(url.substr(11), false);
  return false;
}

bool is_known_time_zone(std::string_view name, const std::filesystem::path& zoneinfo_dir) {
  if (name == "UTC") return true;
  if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/') return false;
  for (const char c : name) {
    if (!(is_alnum(c) || c == '_' || c == '+' || c == '-' || c == '/')) return false;
  }
  // The character set excludes "." so ".." cannot occur; empty segments are refused too.
  if (name.find("//") != std::string_view::npos) return false;
  const std::filesystem::path path = zoneinfo_dir / std::string(name);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  std::array<char, 4> magic{};
  if (!in.read(magic.data(), magic.size())) return false;
  return std::memcmp(magic.data(), "TZif", 4) == 0;
}

std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates) {
  const std::string needle = lower(word);
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto candidate : candidates) {
    const std::size_t distance = text::edit_distance(needle, lower(candidate));
    // A typo changes a few characters; more than about a third of the
    // longer word means a different word.
    const std::size_t limit = std::max<std::size_t>(2, std::max(word.size(), candidate.size()) / 3);
    if (distance > limit || distance >= word.size()) continue;
    if (!best || distance < best_distance) {
      best = std::string(candidate);
      best_distance = distance;
    }
  }
  return best;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

}  // namespace dbot::config
