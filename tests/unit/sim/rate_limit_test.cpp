#include "sim/rate_limits.hpp"

#include <gtest/gtest.h>

namespace dbot::sim {
namespace {

TEST(SimRateLimits, RouteKeysKeepMajorParameters) {
  auto k = route_key("POST", "/channels/123/messages");
  EXPECT_EQ(k.name(), "POST /channels/{channel_id}/messages");
  EXPECT_EQ(k.major, "123");
  k = route_key("DELETE", "/channels/123/messages/456");
  EXPECT_EQ(k.route, "/channels/{channel_id}/messages/{id}");
  k = route_key("PUT", "/channels/1/messages/2/reactions/%F0%9F%91%8D/@me");
  EXPECT_EQ(k.route, "/channels/{channel_id}/messages/{id}/reactions/{emoji}/@me");
  k = route_key("POST", "/webhooks/9/secret");
  EXPECT_EQ(k.route, "/webhooks/{webhook_id}/{webhook_token}");
  EXPECT_EQ(k.major, "9/secret");
  EXPECT_EQ(route_key("GET", "/guilds/5/members/6").route, "/guilds/{guild_id}/members/{id}");
}

TEST(SimRateLimits, HeadersCountDownThen429) {
  RateLimitConfig config;
  config.per_route["POST /channels/{channel_id}/messages"] = {3, std::chrono::milliseconds(5000)};
  config.global_per_second = 0;
  RateLimiter limiter(config);
  const auto now = std::chrono::system_clock::now();
  const auto key = route_key("POST", "/channels/1/messages");
  for (int i = 0; i < 3; ++i) {
    auto d = limiter.check(key, false, now);
    ASSERT_TRUE(d.allowed);
    EXPECT_EQ(d.headers.get("X-RateLimit-Limit"), "3");
    EXPECT_EQ(d.headers.get("X-RateLimit-Remaining"), std::to_string(2 - i));
    EXPECT_EQ(d.headers.get("X-RateLimit-Reset-After"), "5.000");
    EXPECT_TRUE(d.headers.get("X-RateLimit-Bucket").has_value());
    EXPECT_TRUE(d.headers.get("X-RateLimit-Reset").has_value());
  }
  auto refused = limiter.check(key, false, now + std::chrono::seconds(1));
  EXPECT_FALSE(refused.allowed);
  EXPECT_FALSE(refused.global);
  EXPECT_EQ(refused.headers.get("X-RateLimit-Scope"), "user");
  EXPECT_EQ(refused.headers.get("Retry-After"), "4");
  EXPECT_NEAR(refused.retry_after, 4.0, 0.01);
  EXPECT_NE(RateLimiter::body_for(refused).find("\"retry_after\":4.000"), std::string::npos);
  EXPECT_NE(RateLimiter::body_for(refused).find("\"global\":false"), std::string::npos);

  // Another channel is another bucket; the same channel recovers after the reset.
  EXPECT_TRUE(limiter.check(route_key("POST", "/channels/2/messages"), false, now).allowed);
  EXPECT_TRUE(limiter.check(key, false, now + std::chrono::seconds(5)).allowed);
}

TEST(SimRateLimits, GlobalLimitAndExemptions) {
  RateLimitConfig config;
  config.default_limit = {100, std::chrono::milliseconds(1000)};
  config.global_per_second = 2;
  RateLimiter limiter(config);
  const auto now = std::chrono::system_clock::now();
  EXPECT_TRUE(limiter.check(route_key("GET", "/users/@me"), false, now).allowed);
  EXPECT_TRUE(limiter.check(route_key("GET", "/guilds/1"), false, now).allowed);
  auto refused = limiter.check(route_key("GET", "/guilds/2"), false, now);
  EXPECT_FALSE(refused.allowed);
  EXPECT_TRUE(refused.global);
  EXPECT_EQ(refused.headers.get("X-RateLimit-Global"), "true");
  EXPECT_EQ(refused.headers.get("X-RateLimit-Scope"), "global");
  EXPECT_NE(RateLimiter::body_for(refused).find("\"global\":true"), std::string::npos);
  EXPECT_TRUE(limiter.check(route_key("POST", "/interactions/1/t/callback"), true, now).allowed);
  EXPECT_TRUE(limiter.check(route_key("GET", "/guilds/2"), false, now + std::chrono::seconds(1)).allowed);
}

}  // namespace
}  // namespace dbot::sim
