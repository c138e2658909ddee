#pragma once
// Human durations as the seed writes them: a positive integer and one unit,
// `30s`, `5m`, `2h`, `3d`, `1w`. Anything longer than 365 days is refused.

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace dbot {

inline constexpr std::chrono::seconds kMaxDuration = std::chrono::hours(24 * 365);

struct DurationError {
  std::string message;  // user-safe explanation, e.g. "use a number and s/m/h/d/w, like 30m"
};

// Parses `<digits><s|m|h|d|w>`; `max` caps the accepted value.
std::variant<std::chrono::seconds, DurationError> parse_duration(std::string_view text,
                                                                 std::chrono::seconds max = kMaxDuration);

// "2h 5m", "3d", "45s": the largest units first, at most two of them.
std::string format_duration(std::chrono::seconds duration);

}  // namespace dbot
