#pragma once
// Wall-clock time as Discord speaks it: Unix milliseconds and ISO 8601.

#include <cstdint>
#include <string>

namespace dbot {

// Milliseconds since the Unix epoch, now.
std::int64_t unix_now_ms();
// "2026-11-27T13:45:00.000+00:00" (what embeds' `timestamp` and member timeouts take).
std::string iso8601(std::int64_t unix_ms);

}  // namespace dbot
