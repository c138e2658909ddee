#include "features/ai/provider/retry_policy.hpp"

#include <gtest/gtest.h>

namespace dbot::features::ai {
namespace {

using namespace std::chrono_literals;

TEST(RetryPolicy, BackoffGrowsWithJitterAndStaysUnderTheCap) {
  RetryPolicy policy{.retries = 5, .base_delay = 100ms, .max_delay = 1000ms};
  std::mt19937_64 random(42);
  for (int round = 0; round < 50; ++round) {
    const auto first = policy.delay(0, std::nullopt, random);
    EXPECT_GE(first, 50ms);
    EXPECT_LE(first, 100ms);
    const auto third = policy.delay(2, std::nullopt, random);
    EXPECT_GE(third, 200ms);
    EXPECT_LE(third, 400ms);
    const auto late = policy.delay(10, std::nullopt, random);
    EXPECT_GE(late, 500ms);
    EXPECT_LE(late, 1000ms);
  }
}

TEST(RetryPolicy, RetryAfterRaisesTheWait) {
  RetryPolicy policy{.retries = 2, .base_delay = 100ms, .max_delay = 1000ms};
  std::mt19937_64 random(1);
  EXPECT_EQ(policy.delay(0, 3000ms, random), 3000ms);
}

TEST(RetryAfter, ReadsSecondsAndMilliseconds) {
  net::Headers headers;
  EXPECT_FALSE(retry_after(headers));
  headers.set("Retry-After", "2");
  EXPECT_EQ(retry_after(headers), 2000ms);
  headers.set("Retry-After", "0.5");
  EXPECT_EQ(retry_after(headers), 500ms);
  headers.set("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_FALSE(retry_after(headers));
  headers.set("retry-after-ms", "250");
  EXPECT_EQ(retry_after(headers), 250ms);
}

}  // namespace
}  // namespace dbot::features::ai
