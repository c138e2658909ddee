#pragma once
// Typed command arguments, declared once per command and parsed from the text
// after the command name. The same declarations generate slash-command
// options, usage lines and help, so the three can never disagree.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/snowflake.hpp"

namespace dbot::bot {

enum class ArgKind {
  user,              // <@id>, <@!id> or a raw id
  member,            // as user, but must be a member of the guild (checked by the runtime)
  role,              // <@&id> or a raw id
  channel,           // <#id> or a raw id
  integer,           // whole number within [min, max]
  number,            // decimal number within [min, max]
  duration,          // 30s, 5m, 2h, 3d, 1w, at most max_duration
  duration_or_perm,  // a duration, or perm/permanent/forever
  word,              // one token
  choice,            // one of `choices`, case-insensitive
  rest,              // everything that is left, verbatim
};

struct ArgSpec {
  std::string name;
  ArgKind kind = ArgKind::word;
  std::string description;
  bool required = true;
  std::int64_t min = 0;  // integer/number bounds; min == max == 0 means unbounded
  std::int64_t max = 0;
  std::chrono::seconds max_duration{0};  // 0: the global 365-day maximum
  std::vector<std::string> choices;
};

struct Permanent {
  friend bool operator==(Permanent, Permanent) = default;
};

using ArgValue = std::variant<Snowflake, std::int64_t, double, std::chrono::seconds, Permanent, std::string>;

// Parsed values by position; an omitted optional argument is nullopt.
struct ParsedArgs {
  std::vector<std::optional<ArgValue>> values;
  std::vector<std::string> names;

  const std::optional<ArgValue>* find(std::string_view name) const;
  std::optional<Snowflake> id(std::string_view name) const;
  std::optional<std::int64_t> integer(std::string_view name) const;
  std::optional<double> number(std::string_view name) const;
  std::optional<std::string> text(std::string_view name) const;
  // nullopt: absent; Permanent is reported as a zero duration with `permanent`.
  std::optional<std::chrono::seconds> duration(std::string_view name, bool* permanent = nullptr) const;
};

struct ArgumentError {
  std::string argument;  // which argument, empty when the problem is extra input
  std::string message;   // user-safe, without usage (the caller appends it)
};

std::variant<ParsedArgs, ArgumentError> parse_arguments(const std::vector<ArgSpec>& specs, std::string_view input);

// Splits on whitespace; "double quotes" keep spaces together.
std::vector<std::string_view> split_tokens(std::string_view input);

// "<member> <duration|perm> [reason]"
std::string usage_of(const std::vector<ArgSpec>& specs);

// Mention forms: <@123>, <@!123>, <@&123>, <#123>, or a bare id.
std::optional<Snowflake> parse_user_ref(std::string_view token);
std::optional<Snowflake> parse_role_ref(std::string_view token);
std::optional<Snowflake> parse_channel_ref(std::string_view token);

}  // namespace dbot::bot
