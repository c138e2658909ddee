#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

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

TEST(RateLimiter, TheFiveLimitersHaveTheSeedsLimits) {
  dbot::RateLimiters limiters;
  struct Expect {
    const char* name;
    std::size_t max;
    std::chrono::milliseconds window;
  };
  for (const auto& e : {Expect{"ai", 10, 60s}, Expect{"music", 15, 30s}, Expect{"moderation", 5, 60s},
                        Expect{"stocks", 10, 30s}, Expect{"welcome", 1, 5s}}) {
    auto* limiter = limiters.find(e.name);
    ASSERT_NE(limiter, nullptr) << e.name;
    EXPECT_EQ(limiter->max_events(), e.max) << e.name;
    EXPECT_EQ(limiter->window(), e.window) << e.name;
  }
  EXPECT_EQ(limiters.find("nope"), nullptr);
}

}  // namespace
