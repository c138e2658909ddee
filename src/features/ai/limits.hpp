#pragma once
// The AI feature's rate limit (seed §14: 10 per 60 s per user). Unlike the
// seed, which counted mentions, every model call counts: a regenerate is a
// call too.

#include <chrono>

#include "core/rate_limiter.hpp"

namespace dbot::features::ai {

inline constexpr LimiterDef kAiLimit{"ai", 10, std::chrono::seconds(60)};

}  // namespace dbot::features::ai
