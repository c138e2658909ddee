#pragma once
// Discord snowflakes: 64-bit ids whose top 42 bits are milliseconds since the
// Discord epoch (2015-01-01T00:00:00Z).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dbot {

struct Snowflake {
  static constexpr std::uint64_t kDiscordEpochMs = 1420070400000ULL;

  std::uint64_t value = 0;

  // Accepts only a plain decimal number (no sign, no spaces) that fits in 64
  // bits and is not zero.
  static std::optional<Snowflake> parse(std::string_view text);

  std::chrono::system_clock::time_point created_at() const;
  // Which shard receives this guild's events: (id >> 22) % shard_count.
  unsigned shard_for(unsigned shard_count) const;
  std::string str() const { return std::to_string(value); }
  // Zero is "no id" (absent optional fields, DMs' guild id).
  explicit operator bool() const { return value != 0; }

  friend bool operator==(Snowflake, Snowflake) = default;
  friend auto operator<=>(Snowflake, Snowflake) = default;
};

}  // namespace dbot
