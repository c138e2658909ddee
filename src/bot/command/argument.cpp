#include "bot/command/argument.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "core/duration.hpp"
#include "core/text.hpp"

namespace dbot::bot {
namespace {

std::optional<Snowflake> parse_wrapped(std::string_view token, std::string_view open) {
  if (token.size() > open.size() + 1 && token.substr(0, open.size()) == open && token.back() == '>') {
    return Snowflake::parse(token.substr(open.size(), token.size() - open.size() - 1));
  }
  return std::nullopt;
}

bool in_bounds(const ArgSpec& spec, double value) {
  if (spec.min == 0 && spec.max == 0) return true;
  return value >= static_cast<double>(spec.min) && value <= static_cast<double>(spec.max);
}

std::string bounds_text(const ArgSpec& spec) { return std::to_string(spec.min) + " to " + std::to_string(spec.max); }

// Consumes one token from `rest` (honouring quotes); returns it unquoted.
std::optional<std::string_view> next_token(std::string_view& rest) {
  rest = text::trim(rest);
  if (rest.empty()) return std::nullopt;
  if (rest.front() == '"') {
    const auto close = rest.find('"', 1);
    if (close != std::string_view::npos) {
      const auto token = rest.substr(1, close - 1);
      rest.remove_prefix(close + 1);
      return token;
    }
  }
  std::size_t end = 0;
  while (end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[end]))) ++end;
  const auto token = rest.substr(0, end);
  rest.remove_prefix(end);
  return token;
}

std::variant<ArgValue, std::string> convert(const ArgSpec& spec, std::string_view token) {
  const std::string shown(token);
  switch (spec.kind) {
    case ArgKind::user:
    case ArgKind::member:
      if (auto id = parse_user_ref(token)) return *id;
      return "'" + shown + "' is not a user: mention them or give their id";
    case ArgKind::role:
      if (auto id = parse_role_ref(token)) return *id;
      return "'" + shown + "' is not a role: mention it or give its id";
    case ArgKind::channel:
      if (auto id = parse_channel_ref(token)) return *id;
      return "'" + shown + "' is not a channel: mention it or give its id";
    case ArgKind::integer: {
      std::int64_t value = 0;
      const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (ec != std::errc() || ptr != token.data() + token.size()) return "'" + shown + "' is not a whole number";
      if (!in_bounds(spec, static_cast<double>(value))) return spec.name + " must be from " + bounds_text(spec);
      return value;
    }
    case ArgKind::number: {
      double value = 0;
      const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (ec != std::errc() || ptr != token.data() + token.size() || !std::isfinite(value)) {
        return "'" + shown + "' is not a number";
      }
      if (!in_bounds(spec, value)) return spec.name + " must be from " + bounds_text(spec);
      return value;
    }
    case ArgKind::duration_or_perm: {
      const auto lower = text::to_lower(token);
      if (lower == "perm" || lower == "permanent" || lower == "forever") return Permanent{};
      [[fallthrough]];
    }
    case ArgKind::duration: {
      const auto max = spec.max_duration.count() > 0 ? spec.max_duration : kMaxDuration;
      auto parsed = parse_duration(token, max);
      if (auto* error = std::get_if<DurationError>(&parsed)) return error->message;
      return std::get<std::chrono::seconds>(parsed);
    }
    case ArgKind::choice: {
      const auto lower = text::to_lower(token);
      for (const auto& choice : spec.choices) {
        if (text::to_lower(choice) == lower) return ArgValue(choice);
      }
      std::string list;
      for (const auto& choice : spec.choices) list += (list.empty() ? "" : ", ") + choice;
      return "'" + shown + "' is not one of: " + list;
    }
    case ArgKind::word:
    case ArgKind::rest: return ArgValue(std::string(token));  // a bare string would read as an error
  }
  return std::string("unsupported argument");
}

}  // namespace

std::optional<Snowflake> parse_user_ref(std::string_view token) {
  if (auto id = parse_wrapped(token, "<@!")) return id;
  if (token.starts_with("<@&")) return std::nullopt;
  if (auto id = parse_wrapped(token, "<@")) return id;
  return Snowflake::parse(token);
}

std::optional<Snowflake> parse_role_ref(std::string_view token) {
  if (auto id = parse_wrapped(token, "<@&")) return id;
  return Snowflake::parse(token);
}

std::optional<Snowflake> parse_channel_ref(std::string_view token) {
  if (auto id = parse_wrapped(token, "<#")) return id;
  return Snowflake::parse(token);
}

std::vector<std::string_view> split_tokens(std::string_view input) {
  std::vector<std::string_view> tokens;
  while (auto token = next_token(input)) tokens.push_back(*token);
  return tokens;
}

std::variant<ParsedArgs, ArgumentError> parse_arguments(const std::vector<ArgSpec>& specs, std::string_view input) {
  ParsedArgs parsed;
  std::string_view rest = input;
  for (const auto& spec : specs) {
    parsed.names.push_back(spec.name);
    if (spec.kind == ArgKind::rest) {
      const auto remaining = text::trim(rest);
      rest = {};
      if (remaining.empty()) {
        if (spec.required) return ArgumentError{spec.name, "missing " + spec.name};
        parsed.values.emplace_back(std::nullopt);
      } else {
        parsed.values.emplace_back(ArgValue(std::string(remaining)));
      }
      continue;
    }
    const auto token = next_token(rest);
    if (!token) {
      if (spec.required) return ArgumentError{spec.name, "missing " + spec.name};
      parsed.values.emplace_back(std::nullopt);
      continue;
    }
    auto converted = convert(spec, *token);
    if (auto* message = std::get_if<std::string>(&converted)) return ArgumentError{spec.name, *message};
    parsed.values.emplace_back(std::move(std::get<ArgValue>(converted)));
  }
  if (!text::trim(rest).empty()) {
    return ArgumentError{"", "unexpected extra input '" + std::string(text::trim(rest)) + "'"};
  }
  return parsed;
}

std::string usage_of(const std::vector<ArgSpec>& specs) {
  std::string out;
  for (const auto& spec : specs) {
    std::string shown = spec.name;
    if (spec.kind == ArgKind::choice && !spec.choices.empty()) {
      shown.clear();
      for (const auto& choice : spec.choices) shown += (shown.empty() ? "" : "|") + choice;
    }
    if (!out.empty()) out += ' ';
    out += spec.required ? "<" + shown + ">" : "[" + shown + "]";
  }
  return out;
}

const std::optional<ArgValue>* ParsedArgs::find(std::string_view name) const {
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
    if (names[i] == name) return &values[i];
  }
  return nullptr;
}

std::optional<Snowflake> ParsedArgs::id(std::string_view name) const {
  const auto* value = find(name);
  if (!value || !*value) return std::nullopt;
  if (const auto* id = std::get_if<Snowflake>(&**value)) return *id;
  return std::nullopt;
}

std::optional<std::int64_t> ParsedArgs::integer(std::string_view name) const {
  const auto* value = find(name);
  if (!value || !*value) return std::nullopt;
  if (const auto* n = std::get_if<std::int64_t>(&**value)) return *n;
  return std::nullopt;
}

std::optional<double> ParsedArgs::number(std::string_view name) const {
  const auto* value = find(name);
  if (!value || !*value) return std::nullopt;
  if (const auto* n = std::get_if<double>(&**value)) return *n;
  if (const auto* n = std::get_if<std::int64_t>(&**value)) return static_cast<double>(*n);
  return std::nullopt;
}

std::optional<std::string> ParsedArgs::text(std::string_view name) const {
  const auto* value = find(name);
  if (!value || !*value) return std::nullopt;
  if (const auto* s = std::get_if<std::string>(&**value)) return *s;
  return std::nullopt;
}

std::optional<std::chrono::seconds> ParsedArgs::duration(std::string_view name, bool* permanent) const {
  if (permanent) *permanent = false;
  const auto* value = find(name);
  if (!value || !*value) return std::nullopt;
  if (std::holds_alternative<Permanent>(**value)) {
    if (permanent) *permanent = true;
    return std::chrono::seconds(0);
  }
  if (const auto* d = std::get_if<std::chrono::seconds>(&**value)) return *d;
  return std::nullopt;
}

}  // namespace dbot::bot
