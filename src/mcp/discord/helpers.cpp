#include "mcp/discord/helpers.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "mcp/tool_registry.hpp"

namespace dbot::mcp::discord_tools {

namespace json = boost::json;

namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  if (!all_digits(text)) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? static_cast<unsigned>(-3) : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits_at(std::string_view s, std::size_t pos, std::size_t count, unsigned& out) {
  if (pos + count > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

bool valid_date(unsigned y, unsigned m, unsigned d) {
  static constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  unsigned max = m == 2 && !leap ? 28 : kDays[m - 1];
  return d <= max;
}

// YYYY-MM-DD[THH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)] -> epoch milliseconds.
std::optional<std::int64_t> parse_timestamp_ms(std::string_view s) {
  unsigned y = 0, mo = 0, d = 0;
  if (!digits_at(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits_at(s, 5, 2, mo) || s[7] != '-' ||
      !digits_at(s, 8, 2, d) || !valid_date(y, mo, d)) {
    return std::nullopt;
  }
  std::int64_t days = days_from_civil(y, mo, d);
  if (s.size() == 10) return days * 86400000;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  unsigned h = 0, mi = 0, se = 0;
  if (!digits_at(s, 11, 2, h) || s.size() < 19 || s[13] != ':' || !digits_at(s, 14, 2, mi) || s[16] != ':' ||
      !digits_at(s, 17, 2, se) || h > 23 || mi > 59 || se > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    std::int64_t scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      millis += scale * (s[pos] - '0');
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;  // RFC 3339 requires an offset
  std::int64_t offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    unsigned oh = 0, om = 0;
    if (!digits_at(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits_at(s, pos + 4, 2, om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = static_cast<std::int64_t>(oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + se - offset_minutes * 60;
  return seconds * 1000 + millis;
}

}  // namespace

Snowflake parse_id(std::string_view text) {
  auto value = parse_u64(text);
  if (!value) throw InvalidToolArguments(fmt::format("Invalid ID: {}", text));
  return Snowflake{*value};
}

std::string parse_emoji(std::string_view raw) {
  std::string_view text = trim(raw);
  if (text.empty()) throw InvalidToolArguments("Emoji is empty");
  if (text.size() >= 2 && text.front() == '<') {
    std::string_view inner = text;
    inner.remove_prefix(inner.substr(0, 3) == "<a:" ? 3 : (inner.substr(0, 2) == "<:" ? 2 : 0));
    if (inner.size() == text.size() || inner.empty() || inner.back() != '>') {
      throw InvalidToolArguments(fmt::format("Malformed custom emoji '{}'", text));
    }
    inner.remove_suffix(1);
    auto colon = inner.rfind(':');
    if (colon == std::string_view::npos || !parse_u64(inner.substr(colon + 1))) {
      throw InvalidToolArguments(fmt::format("Malformed custom emoji '{}'", text));
    }
    std::string name(inner.substr(0, colon));
    if (name.empty()) name = "_";
    return name + ":" + std::string(inner.substr(colon + 1));
  }
  if (all_digits(text)) {
    if (!parse_u64(text)) throw InvalidToolArguments(fmt::format("Malformed custom emoji '{}'", text));
    return "_:" + std::string(text);
  }
  return std::string(text);
}

std::uint64_t parse_time_or_snowflake(std::string_view text) {
  if (all_digits(text)) {
    auto value = parse_u64(text);
    if (!value) throw InvalidToolArguments(fmt::format("Invalid ID: {}", text));
    return *value;
  }
  auto ms = parse_timestamp_ms(text);
  if (!ms) {
    throw InvalidToolArguments(fmt::format(
        "Invalid time/snowflake '{}'. Expected ISO 8601 date (e.g. 2026-07-03) or numeric snowflake.", text));
  }
  const auto epoch = static_cast<std::int64_t>(Snowflake::kDiscordEpochMs);
  if (*ms < epoch) {
    throw InvalidToolArguments(fmt::format("Date '{}' is older than the Discord epoch (2015-01-01).", text));
  }
  std::uint64_t value = static_cast<std::uint64_t>(*ms - epoch) << 22;
  return std::max<std::uint64_t>(value, 1);
}

std::int64_t parse_duration_seconds(std::string_view raw) {
  std::string text(trim(raw));
  std::transform(text.begin(), text.end(), text.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  auto invalid = [&]() { return InvalidToolArguments(fmt::format("Invalid duration: {}", text)); };
  if (text.empty()) throw invalid();
  std::int64_t unit = 60;
  std::string_view number = text;
  switch (text.back()) {
    case 'd': unit = 86400; break;
    case 'h': unit = 3600; break;
    case 'm': unit = 60; break;
    case 's': unit = 1; break;
    default: break;
  }
  if (text.back() < '0' || text.back() > '9') number.remove_suffix(1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size()) throw invalid();
  constexpr std::int64_t kMax = 28LL * 86400;
  if (value <= 0 || value > kMax / unit) {
    throw InvalidToolArguments(
        fmt::format("Invalid duration: {} (it must be positive and at most 28 days, Discord's limit)", text));
  }
  return value * unit;
}

int channel_type_from_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  if (lower == "voice") return 2;
  if (lower == "category") return 4;
  if (lower == "forum") return 15;
  if (lower == "stage") return 13;
  return 0;
}

std::string channel_kind_name(std::int64_t type) {
  switch (type) {
    case 0: return "Text";
    case 1: return "Private";
    case 2: return "Voice";
    case 3: return "GroupDm";
    case 4: return "Category";
    case 5: return "News";
    case 10: return "NewsThread";
    case 11: return "PublicThread";
    case 12: return "PrivateThread";
    case 13: return "Stage";
    case 14: return "Directory";
    case 15: return "Forum";
    case 16: return "Media";
    default: return fmt::format("Unknown({})", type);
  }
}

std::string str_field(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t int_field(const json::object& object, std::string_view key, std::int64_t fallback) {
  const json::value* v = object.if_contains(key);
  if (!v) return fallback;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  if (v->is_string()) {
    auto parsed = parse_u64(v->as_string());
    if (parsed) return static_cast<std::int64_t>(*parsed);
  }
  return fallback;
}

bool bool_field(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}

std::string format_message_line(const json::object& message) {
  std::string username;
  std::string author_id;
  if (const json::value* author = message.if_contains("author"); author && author->is_object()) {
    username = str_field(author->as_object(), "username");
    author_id = str_field(author->as_object(), "id");
  }
  std::string line = fmt::format("[{}] {} ({}) [msg_id={}]: {}", str_field(message, "timestamp"), username, author_id,
                                 str_field(message, "id"), str_field(message, "content"));
  auto count = [&](std::string_view key) -> std::size_t {
    const json::value* v = message.if_contains(key);
    return v && v->is_array() ? v->as_array().size() : 0;
  };
  if (auto n = count("attachments")) line += fmt::format(" [+{} attachment(s)]", n);
  if (auto n = count("embeds")) line += fmt::format(" [+{} embed(s)]", n);
  return line;
}

std::string member_display_name(const json::object& member) {
  std::string nick = str_field(member, "nick");
  if (!nick.empty()) return nick;
  if (const json::value* user = member.if_contains("user"); user && user->is_object()) {
    std::string global = str_field(user->as_object(), "global_name");
    if (!global.empty()) return global;
    return str_field(user->as_object(), "username");
  }
  return {};
}

std::string base64_encode(std::string_view data) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    auto n = (static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16) |
             (static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8) |
             static_cast<unsigned>(static_cast<unsigned char>(data[i + 2]));
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i < data.size()) {
    auto n = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16;
    if (i + 1 < data.size()) n |= static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < data.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace dbot::mcp::discord_tools
