#pragma once
// The current time in the instance's `timezone`, as the system prompt says it.

#include <cstdint>
#include <string>

#include "core/time_zone.hpp"

namespace dbot::features::ai::chat {

// "Thursday, December 3, 2026, 14:05 CET (Europe/Berlin, UTC+01:00)".
std::string describe_local_time(const TimeZone& zone, std::int64_t unix_ms);

}  // namespace dbot::features::ai::chat
