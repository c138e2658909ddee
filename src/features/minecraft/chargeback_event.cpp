#include "features/minecraft/chargeback_event.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <boost/json.hpp>

#include "core/error.hpp"

namespace dbot::features::minecraft {
namespace json = boost::json;

namespace {

using Digest = std::array<unsigned char, 32>;

Digest sha256(std::string_view data) {
  Digest digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 || length != 32) {
    throw Error(kInternalErrorMessage, "EVP_Digest(SHA-256) failed");
  }
  return digest;
}

std::string hex(const Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const auto byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char ch : text) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
  }
  return true;
}

std::optional<int> number_at(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  const auto part = text.substr(pos, width);
  if (!all_digits(part)) return std::nullopt;
  int value = 0;
  std::from_chars(part.data(), part.data() + part.size(), value);
  return value;
}

std::int64_t from_unix_number(std::int64_t value) {
  // Milliseconds are what Java's System.currentTimeMillis() gives plugins.
  return value > 100'000'000'000 ? value / 1000 : value;
}

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  const auto year = number_at(text, 0, 4);
  const auto month = number_at(text, 5, 2);
  const auto day = number_at(text, 8, 2);
  const auto hour = number_at(text, 11, 2);
  const auto minute = number_at(text, 14, 2);
  const auto second = number_at(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const auto start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos == start) return std::nullopt;
  }
  std::int64_t offset = 0;
  const auto zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const auto hours = number_at(zone, 1, 2);
    const auto minutes = number_at(zone, 4, 2);
    if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
    offset = (*hours * 3600 + *minutes * 60) * (zone[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  const auto days = std::chrono::sys_days(date).time_since_epoch().count();
  return static_cast<std::int64_t>(days) * 86400 + *hour * 3600 + *minute * 60 + *second - offset;
}

std::optional<std::string> bounded_string(const json::object& object, std::string_view key, std::size_t max) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_string()) return std::nullopt;
  const auto& text = value->as_string();
  if (text.empty() || text.size() > max) return std::nullopt;
  return std::string(text);
}

bool is_uuid_text(std::string_view text) {
  for (char ch : text) {
    if (!std::isxdigit(static_cast<unsigned char>(ch)) && ch != '-') return false;
  }
  return true;
}

}  // namespace

bool bearer_matches(std::optional<std::string_view> authorization, std::string_view secret) {
  // Hashing both sides first makes the comparison independent of length.
  const auto presented = sha256(authorization.value_or(std::string_view{}));
  const auto expected = sha256("Bearer " + std::string(secret));
  const bool same = CRYPTO_memcmp(presented.data(), expected.data(), presented.size()) == 0;
  return same && authorization.has_value() && !secret.empty();
}

std::optional<std::int64_t> parse_event_time(std::string_view text) {
  if (all_digits(text)) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return from_unix_number(value);
  }
  return parse_rfc3339(text);
}

std::variant<ChargebackEvent, std::string> parse_chargeback(std::string_view body) {
  json::value value;
  boost::system::error_code ec;
  value = json::parse(body, ec);
  if (ec || !value.is_object()) return std::string("The body must be a JSON object");
  const auto& object = value.as_object();
  ChargebackEvent event;
  const auto uuid = bounded_string(object, "uuid", 64);
  if (!uuid || !is_uuid_text(*uuid)) return std::string("'uuid' must be a Minecraft UUID");
  event.uuid = *uuid;
  const auto username = bounded_string(object, "username", 64);
  if (!username) return std::string("'username' must be a non-empty string of at most 64 characters");
  event.username = *username;
  const auto tier = bounded_string(object, "tier", 64);
  if (!tier) return std::string("'tier' must be a non-empty string of at most 64 characters");
  event.tier = *tier;
  if (const auto* discord = object.if_contains("discord_id"); discord && !discord->is_null()) {
    const auto id = discord->is_string() ? Snowflake::parse(std::string(discord->as_string())) : std::nullopt;
    if (!id || id->value == 0) return std::string("'discord_id' must be a Discord id in a string, or null");
    event.discord_id = *id;
  }
  const auto* timestamp = object.if_contains("timestamp");
  std::optional<std::int64_t> when;
  if (timestamp && timestamp->is_string() && timestamp->as_string().size() <= 64) {
    event.timestamp = std::string(timestamp->as_string());
    when = parse_event_time(event.timestamp);
  } else if (timestamp && timestamp->is_int64() && timestamp->as_int64() > 0) {
    event.timestamp = std::to_string(timestamp->as_int64());
    when = from_unix_number(timestamp->as_int64());
  }
  if (!when) {
    return std::string("'timestamp' must be Unix seconds, Unix milliseconds or an RFC 3339 date-time");
  }
  event.unix_seconds = *when;
  if (const auto* id = object.if_contains("id"); id && !id->is_null()) {
    if (!id->is_string() || id->as_string().empty() || id->as_string().size() > 128) {
      return std::string("'id' must be a non-empty string of at most 128 characters");
    }
    event.id = std::string(id->as_string());
  }
  return event;
}

bool within_window(const ChargebackEvent& event, std::int64_t now_unix) {
  return std::llabs(now_unix - event.unix_seconds) <= kChargebackWindow.count();
}

std::string replay_key(const ChargebackEvent& event, std::string_view body) {
  if (event.id) return "id:" + *event.id;
  return "sha256:" + hex(sha256(body));
}

}  // namespace dbot::features::minecraft
