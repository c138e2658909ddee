#include "discord/gateway_limits.hpp"

#include <gtest/gtest.h>

#include <set>

namespace {

using namespace dbot::discord;
using namespace std::chrono_literals;

TEST(ReconnectBackoff, GrowsExponentiallyWithinBoundsAndResets) {
  ReconnectBackoff::Options o;
  o.base = 1000ms;
  o.cap = 30000ms;
  o.floor = 100ms;
  ReconnectBackoff b(o);
  std::mt19937_64 rng(42);
  const std::int64_t expected_ceilings[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
  for (auto ceiling : expected_ceilings) {
    EXPECT_EQ(b.ceiling().count(), ceiling);
    auto d = b.next(rng);
    EXPECT_GE(d.count(), 100);
    EXPECT_LE(d.count(), ceiling);
  }
  for (int i = 0; i < 100; ++i) b.next(rng);
  EXPECT_EQ(b.ceiling().count(), 30000);
  b.reset();
  EXPECT_EQ(b.ceiling().count(), 1000);
}

TEST(ReconnectBackoff, IsJittered) {
  ReconnectBackoff b;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 6; ++i) b.next(rng);
  // Draws at the cap are spread over the range, not identical.
  std::set<std::int64_t> seen;
  for (int i = 0; i < 20; ++i) seen.insert(b.next(rng).count());
  EXPECT_GT(seen.size(), 10u);
}

TEST(IdentifyLimiter, OnePerBucketPerWindow) {
  IdentifyLimiter lim(2, 5000ms);
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  // Shards 0 and 1 are in different buckets: both now.
  EXPECT_EQ(lim.reserve(0, now), 0ms);
  EXPECT_EQ(lim.reserve(1, now), 0ms);
  // Shard 2 shares bucket 0: five seconds later; shard 4 after that.
  EXPECT_EQ(lim.reserve(2, now), 5000ms);
  EXPECT_EQ(lim.reserve(4, now), 10000ms);
  EXPECT_EQ(lim.reserve(3, now + 1000ms), 4000ms);
  // Once the window has passed, no wait.
  EXPECT_EQ(lim.reserve(1, now + 20s), 0ms);
}

TEST(IdentifyLimiter, MaxConcurrencyOneSerialisesEveryShard) {
  IdentifyLimiter lim(1, 5000ms);
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  for (unsigned shard = 0; shard < 4; ++shard) {
    EXPECT_EQ(lim.reserve(shard, now), std::chrono::milliseconds(5000 * shard));
  }
}

TEST(GatewaySendLimiter, ReservesRoomForHeartbeats) {
  GatewaySendLimiter lim(10, 2, 60000ms);
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  for (int i = 0; i < 8; ++i) EXPECT_FALSE(lim.try_send(false, now + std::chrono::seconds(i))) << i;
  auto wait = lim.try_send(false, now + 8s);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 52s);  // until the first send leaves the window
  EXPECT_FALSE(lim.try_send(true, now + 8s));
  EXPECT_FALSE(lim.try_send(true, now + 9s));
  EXPECT_TRUE(lim.try_send(true, now + 10s));
  EXPECT_FALSE(lim.try_send(false, now + 62s));
}

}  // namespace
