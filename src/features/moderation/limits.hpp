#pragma once
// The moderation commands' rate limit (the seed's): 5 per user per minute.

#include <chrono>

#include "core/rate_limiter.hpp"

namespace dbot::features::moderation {

inline constexpr LimiterDef kModerationLimit{"moderation", 5, std::chrono::seconds(60)};

}  // namespace dbot::features::moderation
