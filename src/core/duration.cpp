#include "core/duration.hpp"

#include <array>
#include <charconv>
#include <cstdint>

namespace dbot {

std::variant<std::chrono::seconds, DurationError> parse_duration(std::string_view text, std::chrono::seconds max) {
  const auto usage = [&](std::string why) {
    return DurationError{std::move(why) + " (use a number followed by s, m, h, d or w, like 30m or 7d)"};
  };
  if (text.size() < 2) return usage("'" + std::string(text) + "' is not a duration");
  const char unit = text.back();
  const std::string_view digits = text.substr(0, text.size() - 1);
  std::int64_t multiplier = 0;
  switch (unit) {
    case 's': multiplier = 1; break;
    case 'm': multiplier = 60; break;
    case 'h': multiplier = 3600; break;
    case 'd': multiplier = 86400; break;
    case 'w': multiplier = 7 * 86400; break;
    default: return usage("'" + std::string(text) + "' has no valid unit");
  }
  std::uint64_t amount = 0;
  const auto* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, amount);
  if (ec == std::errc::result_out_of_range) return usage("'" + std::string(text) + "' is far too long");
  if (ec != std::errc() || ptr != end) return usage("'" + std::string(text) + "' is not a duration");
  if (amount == 0) return usage("a duration must be longer than zero");
  const auto max_seconds = static_cast<std::uint64_t>(max.count());
  if (amount > max_seconds / static_cast<std::uint64_t>(multiplier)) {
    return DurationError{"'" + std::string(text) + "' is longer than the maximum of " + format_duration(max)};
  }
  return std::chrono::seconds(static_cast<std::int64_t>(amount) * multiplier);
}

std::string format_duration(std::chrono::seconds duration) {
  struct Unit {
    std::int64_t seconds;
    const char* suffix;
  };
  static constexpr std::array<Unit, 5> kUnits{{{7 * 86400, "w"}, {86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}}};
  std::int64_t remaining = duration.count();
  if (remaining <= 0) return "0s";
  std::string out;
  int parts = 0;
  for (const auto& unit : kUnits) {
    if (parts == 2) break;
    const std::int64_t count = remaining / unit.seconds;
    if (count == 0) continue;
    if (!out.empty()) out += ' ';
    out += std::to_string(count) + unit.suffix;
    remaining -= count * unit.seconds;
    ++parts;
  }
  return out;
}

}  // namespace dbot
