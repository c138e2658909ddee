#pragma once
// Argument parsing and output formatting shared by the Discord tools. Pure
// functions (no I/O), so their exact seed behaviour is unit-tested.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/snowflake.hpp"

namespace dbot::mcp::discord_tools {

// Plain decimal u64 (no sign, no spaces); throws InvalidToolArguments
// "Invalid ID: <s>".
Snowflake parse_id(std::string_view text);

// The emoji as Discord's reaction routes want it (before percent-encoding):
// "name:id" for custom emoji ("<:name:id>", "<a:name:id>", or an all-digit id
// -> "_:id"), the text itself for Unicode. Throws InvalidToolArguments
// ("Emoji is empty", "Malformed custom emoji '<s>'").
std::string parse_emoji(std::string_view text);

// An all-digit snowflake, an RFC 3339 date-time, or YYYY-MM-DD (00:00 UTC) ->
// snowflake (never below 1). Throws InvalidToolArguments with the seed's texts.
std::uint64_t parse_time_or_snowflake(std::string_view text);

// "10m", "2h", "1d", "30s", "15" (minutes). Throws InvalidToolArguments
// "Invalid duration: <s>" (trimmed, lower-cased); also for values that are
// not positive or exceed Discord's 28-day maximum.
std::int64_t parse_duration_seconds(std::string_view text);

// text->0, voice->2, category->4, forum->15, stage->13 (case-insensitive);
// anything else -> 0.
int channel_type_from_name(std::string_view name);
// Discord channel type -> "Text", "Voice", "Category", ...
std::string channel_kind_name(std::int64_t type);

// "[<timestamp>] <username> (<id>) [msg_id=<id>]: <content>" plus
// " [+N attachment(s)]" / " [+N embed(s)]".
std::string format_message_line(const boost::json::object& message);

// Member display: nick, else global_name, else username.
std::string member_display_name(const boost::json::object& member);

// Reads a string field ("" when absent or not a string).
std::string str_field(const boost::json::object& object, std::string_view key);
// Reads an integer field (fallback when absent).
std::int64_t int_field(const boost::json::object& object, std::string_view key, std::int64_t fallback = 0);
bool bool_field(const boost::json::object& object, std::string_view key);

// RFC 4648 base64.
std::string base64_encode(std::string_view data);

}  // namespace dbot::mcp::discord_tools
