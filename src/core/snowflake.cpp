#include "core/snowflake.hpp"

#include <charconv>

namespace dbot {

std::optional<Snowflake> Snowflake::parse(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value == 0) return std::nullopt;
  return Snowflake{value};
}

std::chrono::system_clock::time_point Snowflake::created_at() const {
  const auto ms = (value >> 22) + kDiscordEpochMs;
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

unsigned Snowflake::shard_for(unsigned shard_count) const {
  if (shard_count == 0) return 0;
  return static_cast<unsigned>((value >> 22) % shard_count);
}

}  // namespace dbot
