#pragma once
// The trading commands' rate limit (the seed's): 10 per user per 30 seconds.

#include <chrono>

#include "core/rate_limiter.hpp"

namespace dbot::features::stocks {

inline constexpr LimiterDef kStocksLimit{"stocks", 10, std::chrono::seconds(30)};

}  // namespace dbot::features::stocks
