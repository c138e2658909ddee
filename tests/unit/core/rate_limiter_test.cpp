#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

using namespace std::chrono_literals;
using Clock = dbot::SlidingWindowLimiter::Clock;

namespace {

TEST(RateLimiter, AllowsUpToTheLimitThenReportsTheWait) {
  dbot::SlidingWindowLimiter limiter("t", 3, 10s);
  const auto t0 = Clock::time_point{} + 1h;
  EXPECT_FALSE(limiter.try_acquire(1, t0));
  EXPECT_FALSE(limiter.try_acquire(1, t0 + 1s));
  EXPECT_FALSE(limiter.try_acquire(1, t0 + 2s));
  const auto wait = limiter.try_acquire(1, t0 + 3s);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 7s);  // the first event leaves the window at t0+10s
}

TEST(RateLimiter, WindowSlides) {
  dbot::SlidingWindowLimiter limiter("t", 2, 10s);
  const auto t0 = Clock::time_point{} + 1h;
  EXPECT_FALSE(limiter.try_acquire(1, t0));
  EXPECT_FALSE(limiter.try_acquire(1, t0 + 5s));
  EXPECT_TRUE(limiter.try_acquire(1, t0 + 9s));
  EXPECT_FALSE(limiter.try_acquire(1, t0 + 10s));  // t0 slid out
  EXPECT_TRUE(limiter.try_acquire(1, t0 + 11s));
}

TEST(RateLimiter, RefusedAttemptsDoNotExtendTheWait) {
  dbot::SlidingWindowLimiter limiter("t", 1, 10s);
  const auto t0 = Clock::time_point{} + 1h;
  EXPECT_FALSE(limiter.try_acquire(1, t0));
  for (int i = 1; i < 10; ++i) EXPECT_TRUE(limiter.try_acquire(1, t0 + std::chrono::seconds(i)));
  EXPECT_FALSE(limiter.try_acquire(1, t0 + 10s));
}

TEST(RateLimiter, KeysAreIndependent) {
  dbot::SlidingWindowLimiter limiter("t", 1, 10s);
  const auto t0 = Clock::time_point{} + 1h;
  EXPECT_FALSE(limiter.try_acquire(1, t0));
  EXPECT_FALSE(limiter.try_acquire(2, t0));
  EXPECT_TRUE(limiter.try_acquire(1, t0));
}

TEST(RateLimiter, CleanupDropsOnlyIdleKeys) {
  dbot::SlidingWindowLimiter limiter("t", 5, 10s);
  const auto t0 = Clock::time_point{} + 1h;
  limiter.try_acquire(1, t0);
  limiter.try_acquire(2, t0 + 8s);
  EXPECT_EQ(limiter.cleanup(t0 + 12s), 1u);
  EXPECT_EQ(limiter.tracked_keys(), 1u);
  EXPECT_EQ(limiter.cleanup(t0 + 30s), 1u);
  EXPECT_EQ(limiter.tracked_keys(), 0u);
}

constexpr dbot::LimiterDef kDeclared{"declared", 2, std::chrono::seconds(10)};
constexpr dbot::LimiterDef kUndeclared{"undeclared", 2, std::chrono::seconds(10)};

TEST(RateLimiterRegistry, HoldsOneLimiterPerDeclaredDef) {
  const std::vector<const dbot::LimiterDef*> defs = {&kDeclared};
  dbot::RateLimiterRegistry limiters(defs);
  auto& limiter = limiters[kDeclared];
  EXPECT_EQ(limiter.name(), "declared");
  EXPECT_EQ(limiter.max_events(), 2u);
  EXPECT_EQ(limiter.window(), 10s);
  EXPECT_EQ(&limiters[kDeclared], &limiter) << "the same def gives the same limiter";
  EXPECT_TRUE(limiters.contains(kDeclared));
  EXPECT_FALSE(limiters.contains(kUndeclared));
}

TEST(RateLimiterRegistry, AnUndeclaredLimiterIsAProgrammingError) {
  dbot::RateLimiterRegistry limiters;
  EXPECT_THROW(limiters[kUndeclared], std::logic_error);
}

TEST(RateLimiterRegistry, CleanupCoversEveryLimiter) {
  const std::vector<const dbot::LimiterDef*> defs = {&kDeclared, &kUndeclared};
  dbot::RateLimiterRegistry limiters(defs);
  const auto t0 = dbot::SlidingWindowLimiter::Clock::now();
  limiters[kDeclared].try_acquire(1, t0);
  limiters[kUndeclared].try_acquire(1, t0);
  EXPECT_EQ(limiters.cleanup_all(t0 + 11s), 2u);
}

}  // namespace
