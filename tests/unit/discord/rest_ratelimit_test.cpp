#include "discord/rest_ratelimit.hpp"

#include "discord/routes.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace {

using namespace dbot::discord;
using dbot::Snowflake;
using namespace std::chrono_literals;
using Clock = RestRateLimiter::Clock;
using Kind = RestRateLimiter::Decision::Kind;

RateLimitHeaders ok(std::string bucket, long limit, long remaining, double reset_after) {
  RateLimitHeaders h;
  h.status = 200;
  h.bucket = std::move(bucket);
  h.limit = limit;
  h.remaining = remaining;
  h.reset_after = reset_after;
  return h;
}

TEST(RestRoute, FillsTheTemplateAndKeysByTemplateAndMajorParameters) {
  auto r = Route{routes::get_message, {{"channel_id", Snowflake{123}}, {"message_id", Snowflake{456}}}};
  EXPECT_EQ(r.path(), "/channels/123/messages/456");
  EXPECT_EQ(r.method_text(), "GET");
  EXPECT_EQ(r.template_key(), "GET /channels/{channel_id}/messages/{message_id}");
  EXPECT_EQ(r.major(), "channels/123");
  EXPECT_FALSE(r.global_exempt());

  auto g = Route{routes::add_member_role,
                 {{"guild_id", Snowflake{1}}, {"user_id", Snowflake{2}}, {"role_id", Snowflake{3}}}};
  EXPECT_EQ(g.path(), "/guilds/1/members/2/roles/3");
  EXPECT_EQ(g.major(), "guilds/1");

  auto w = Route{routes::execute_webhook, {{"webhook_id", Snowflake{7}}, {"webhook_token", "tok-en"}}};
  EXPECT_EQ(w.major(), "webhooks/7/tok-en");
  EXPECT_TRUE(w.global_exempt());

  auto react = Route{routes::add_own_reaction,
                     {{"channel_id", Snowflake{1}}, {"message_id", Snowflake{2}}, {"emoji", "\U0001F44D"}}};
  EXPECT_EQ(react.path(), "/channels/1/messages/2/reactions/%F0%9F%91%8D/@me");
  EXPECT_EQ((Route{routes::add_own_reaction,
                   {{"channel_id", Snowflake{1}}, {"message_id", Snowflake{3}}, {"emoji", "name:55"}}})
                .template_key(),
            react.template_key());

  auto cb =
      Route{routes::interaction_callback, {{"interaction_id", Snowflake{5}}, {"interaction_token", "secret-token"}}};
  EXPECT_EQ(cb.template_key(), "POST /interactions/{interaction_id}/{interaction_token}/callback");
  EXPECT_TRUE(cb.global_exempt());
  EXPECT_TRUE(cb.major().empty());
  EXPECT_EQ(Route{routes::get_current_user}.template_key(), "GET /users/@me");
}

TEST(RestRoute, QueriesAreEncodedAndDoNotChangeTheKey) {
  Route r{routes::get_messages, {{"channel_id", Snowflake{9}}}};
  const auto key = r.template_key();
  r.query("limit", 50u).query("before", "a b");
  EXPECT_EQ(r.path(), "/channels/9/messages?limit=50&before=a%20b");
  EXPECT_EQ(r.template_key(), key);
  EXPECT_EQ(r.major(), "channels/9");
}

TEST(RestRoute, MissingOrUnknownArgumentsAreProgrammingErrors) {
  EXPECT_THROW((Route{routes::get_channel}), std::logic_error);
  EXPECT_THROW((Route{routes::get_channel, {{"channel_id", Snowflake{1}}, {"guild_id", Snowflake{2}}}}),
               std::logic_error);
}

// The limiter's key is template + major: state_key is private, so the tests
// observe it through bucket sharing (one request in flight per unknown key).
bool same_bucket(const Route& a, const Route& b) {
  RestRateLimiter rl;
  const auto now = Clock::time_point{} + 1h;
  EXPECT_EQ(rl.acquire(a, now).kind, Kind::go);
  return rl.acquire(b, now).kind == Kind::wait;
}

TEST(RestRouteBucket, SameTemplateAndSameMajorShareABucket) {
  Route a{routes::create_message, {{"channel_id", Snowflake{1}}}};
  Route b{routes::create_message, {{"channel_id", Snowflake{1}}}};
  EXPECT_EQ(a.template_key(), b.template_key());
  EXPECT_EQ(a.major(), b.major());
  EXPECT_TRUE(same_bucket(a, b));
}

TEST(RestRouteBucket, DifferentMinorIdsShareABucket) {
  Route a{routes::delete_message, {{"channel_id", Snowflake{1}}, {"message_id", Snowflake{10}}}};
  Route b{routes::delete_message, {{"channel_id", Snowflake{1}}, {"message_id", Snowflake{11}}}};
  EXPECT_NE(a.path(), b.path());
  EXPECT_TRUE(same_bucket(a, b));
  Route c{routes::get_member, {{"guild_id", Snowflake{4}}, {"user_id", Snowflake{1}}}};
  Route d{routes::get_member, {{"guild_id", Snowflake{4}}, {"user_id", Snowflake{2}}}};
  EXPECT_TRUE(same_bucket(c, d));
}

TEST(RestRouteBucket, DifferentMajorIsADifferentBucket) {
  EXPECT_FALSE(same_bucket(Route{routes::create_message, {{"channel_id", Snowflake{1}}}},
                           Route{routes::create_message, {{"channel_id", Snowflake{2}}}}));
  EXPECT_FALSE(same_bucket(Route{routes::get_roles, {{"guild_id", Snowflake{1}}}},
                           Route{routes::get_roles, {{"guild_id", Snowflake{2}}}}));
  // Different templates with the same major are different buckets too.
  EXPECT_FALSE(same_bucket(Route{routes::create_message, {{"channel_id", Snowflake{1}}}},
                           Route{routes::get_messages, {{"channel_id", Snowflake{1}}}}));
}

TEST(RestRouteBucket, WebhookTokenIsAMajorParameter) {
  Route a{routes::execute_webhook, {{"webhook_id", Snowflake{7}}, {"webhook_token", "one"}}};
  Route b{routes::execute_webhook, {{"webhook_id", Snowflake{7}}, {"webhook_token", "two"}}};
  EXPECT_NE(a.major(), b.major());
  EXPECT_FALSE(same_bucket(a, b));
  EXPECT_TRUE(
      same_bucket(a, (Route{routes::execute_webhook, {{"webhook_id", Snowflake{7}}, {"webhook_token", "one"}}})));
}

TEST(RestRateLimit, UnknownRouteSendsOneRequestAtATime) {
  RestRateLimiter rl;
  auto now = Clock::time_point{} + 1h;
  auto r = Route{routes::create_message, {{"channel_id", Snowflake{1}}}};
  EXPECT_EQ(rl.acquire(r, now).kind, Kind::go);
  EXPECT_EQ(rl.acquire(r, now).kind, Kind::wait);
  // Another channel is another bucket.
  EXPECT_EQ(rl.acquire(Route{routes::create_message, {{"channel_id", Snowflake{2}}}}, now).kind, Kind::go);
  rl.complete(r, ok("abc", 5, 4, 2.0), now);
  EXPECT_EQ(rl.bucket_of(r), "abc");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(rl.acquire(r, now).kind, Kind::go) << i;
  auto d = rl.acquire(r, now);
  EXPECT_EQ(d.kind, Kind::wait);
  EXPECT_EQ(d.wait, 2000ms);
}

TEST(RestRateLimit, RemainingZeroWaitsForAFractionalReset) {
  RestRateLimiter rl;
  auto now = Clock::time_point{} + 1h;
  auto r = Route{routes::modify_channel, {{"channel_id", Snowflake{1}}}};
  ASSERT_EQ(rl.acquire(r, now).kind, Kind::go);
  rl.complete(r, ok("b1", 2, 0, 0.25), now);
  auto d = rl.acquire(r, now);
  ASSERT_EQ(d.kind, Kind::wait);
  EXPECT_EQ(d.wait, 250ms);
  EXPECT_EQ(rl.acquire(r, now + 100ms).wait, 150ms);
  // After the reset one request probes the new window; the rest wait for
  // its answer, then use what it reports.
  EXPECT_EQ(rl.acquire(r, now + 250ms).kind, Kind::go);
  EXPECT_EQ(rl.acquire(r, now + 250ms).kind, Kind::wait);
  rl.complete(r, ok("b1", 2, 1, 0.25), now + 260ms);
  EXPECT_EQ(rl.acquire(r, now + 260ms).kind, Kind::go);
  auto after = rl.acquire(r, now + 260ms);
  EXPECT_EQ(after.kind, Kind::wait);
  EXPECT_EQ(after.wait, 250ms);
}

TEST(RestRateLimit, RoutesSharingABucketHashShareItPerMajorParameter) {
  RestRateLimiter rl;
  auto now = Clock::time_point{} + 1h;
  auto get = Route{routes::get_message, {{"channel_id", Snowflake{1}}, {"message_id", Snowflake{9}}}};
  auto list = Route{routes::get_messages, {{"channel_id", Snowflake{1}}}};
  auto other_channel = Route{routes::get_messages, {{"channel_id", Snowflake{2}}}};
  ASSERT_EQ(rl.acquire(get, now).kind, Kind::go);
  rl.complete(get, ok("shared", 3, 2, 5), now);
  ASSERT_EQ(rl.acquire(list, now).kind, Kind::go);
  rl.complete(list, ok("shared", 3, 1, 5), now);
  // Both routes now draw from one bucket for channel 1: one request left.
  EXPECT_EQ(rl.acquire(get, now).kind, Kind::go);
  EXPECT_EQ(rl.acquire(list, now).kind, Kind::wait);
  EXPECT_EQ(rl.acquire(get, now).kind, Kind::wait);
  // Channel 2 has its own state in the same bucket hash.
  ASSERT_EQ(rl.acquire(other_channel, now).kind, Kind::go);
  rl.complete(other_channel, ok("shared", 3, 2, 5), now);
  EXPECT_EQ(rl.acquire(other_channel, now).kind, Kind::go);
}

TEST(RestRateLimit, OutOfOrderAnswersNeverRaiseRemainingWithinAWindow) {
  RestRateLimiter rl;
  auto now = Clock::time_point{} + 1h;
  auto r = Route{routes::create_message, {{"channel_id", Snowflake{1}}}};
  ASSERT_EQ(rl.acquire(r, now).kind, Kind::go);
  rl.complete(r, ok("m", 5, 4, 5), now);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(rl.acquire(r, now).kind, Kind::go);
  // Answers come back: the late one says 3 remaining, but we spent more.
  rl.complete(r, ok("m", 5, 1, 4.9), now + 10ms);
  rl.complete(r, ok("m", 5, 3, 4.99), now + 10ms);
  rl.complete(r, ok("m", 5, 2, 4.98), now + 10ms);
  EXPECT_EQ(rl.acquire(r, now + 10ms).kind, Kind::go);
  EXPECT_EQ(rl.acquire(r, now + 10ms).kind, Kind::wait);
}

TEST(RestRateLimit, GlobalLimitCapsRequestsPerSecondExceptInteractions) {
  RestRateLimiter::Options o;
  o.global_per_second = 3;
  RestRateLimiter rl(o);
  auto now = Clock::time_point{} + 1h;
  RateLimitHeaders answered;
  answered.status = 200;
  for (int i = 0; i < 3; ++i) {
    auto r = Route{routes::get_channel, {{"channel_id", Snowflake{static_cast<std::uint64_t>(i + 1)}}}};
    ASSERT_EQ(rl.acquire(r, now + std::chrono::milliseconds(i * 100)).kind, Kind::go);
    rl.complete(r, answered, now + std::chrono::milliseconds(i * 100 + 10));
  }
  // The slots are counted from the answers (10, 110, 210 ms).
  auto d = rl.acquire(Route{routes::get_channel, {{"channel_id", Snowflake{50}}}}, now + 300ms);
  ASSERT_EQ(d.kind, Kind::wait);
  EXPECT_EQ(d.wait, 710ms);
  EXPECT_EQ(
      rl.acquire(Route{routes::interaction_callback, {{"interaction_id", Snowflake{1}}, {"interaction_token", "t"}}},
                 now + 300ms)
          .kind,
      Kind::go);
  EXPECT_EQ(rl.acquire(Route{routes::get_channel, {{"channel_id", Snowflake{50}}}}, now + 1000ms).kind, Kind::wait);
  EXPECT_EQ(rl.acquire(Route{routes::get_channel, {{"channel_id", Snowflake{50}}}}, now + 1010ms).kind, Kind::go);
}

TEST(RestRateLimit, GlobalSlotsAreHeldUntilASecondAfterTheAnswer) {
  // Discord counts a request when it arrives, somewhere between our send and
  // its answer; only a slot held until a second after the answer keeps any
  // one-second window of arrivals within the limit, whatever the latency.
  RestRateLimiter::Options o;
  o.global_per_second = 2;
  RestRateLimiter rl(o);
  auto now = Clock::time_point{} + 1h;
  auto a = Route{routes::get_channel, {{"channel_id", Snowflake{1}}}};
  auto b = Route{routes::get_channel, {{"channel_id", Snowflake{2}}}};
  auto c = Route{routes::get_channel, {{"channel_id", Snowflake{3}}}};
  ASSERT_EQ(rl.acquire(a, now).kind, Kind::go);
  ASSERT_EQ(rl.acquire(b, now).kind, Kind::go);
  // Both still in flight 5 s later (a slow answer): still no third request.
  EXPECT_EQ(rl.acquire(c, now + 5s).kind, Kind::wait);
  RateLimitHeaders answered;
  answered.status = 200;
  rl.complete(a, answered, now + 5s);
  rl.abandon(b, now + 5200ms);  // a network error frees its slot the same way
  auto d = rl.acquire(c, now + 5500ms);
  ASSERT_EQ(d.kind, Kind::wait);
  EXPECT_EQ(d.wait, 500ms);
  EXPECT_EQ(rl.acquire(c, now + 6s).kind, Kind::go);
  EXPECT_EQ(rl.acquire(c, now + 6s).kind, Kind::wait);      // a route in flight: one at a time anyway
  EXPECT_EQ(rl.acquire(a, now + 6100ms).kind, Kind::wait);  // b's slot frees at 6.2 s
  EXPECT_EQ(rl.acquire(a, now + 6200ms).kind, Kind::go);
}

TEST(RestRateLimit, Bucket429WaitsRetryAfter) {
  RestRateLimiter rl;
  auto now = Clock::time_point{} + 1h;
  auto r = Route{routes::create_ban, {{"guild_id", Snowflake{1}}, {"user_id", Snowflake{2}}}};
  ASSERT_EQ(rl.acquire(r, now).kind, Kind::go);
  RateLimitHeaders h;
  h.status = 429;
  h.bucket = "bans";
  h.retry_after = 1.5;
  h.scope = "user";
  rl.complete(r, h, now);
  auto d = rl.acquire(r, now);
  ASSERT_EQ(d.kind, Kind::wait);
  EXPECT_EQ(d.wait, 1500ms);
  // Other resources are unaffected.
  EXPECT_EQ(rl.acquire(Route{routes::create_ban, {{"guild_id", Snowflake{3}}, {"user_id", Snowflake{2}}}}, now).kind,
            Kind::go);
  EXPECT_EQ(rl.acquire(r, now + 1500ms).kind, Kind::go);
  EXPECT_EQ(rl.invalid_count(now), 1u);
}

TEST(RestRateLimit, Global429PausesEverything) {
  RestRateLimiter rl;
  auto now = Clock::time_point{} + 1h;
  auto r = Route{routes::get_channel, {{"channel_id", Snowflake{1}}}};
  ASSERT_EQ(rl.acquire(r, now).kind, Kind::go);
  RateLimitHeaders h;
  h.status = 429;
  h.global = true;
  h.scope = "global";
  h.retry_after = 0.75;
  rl.complete(r, h, now);
  auto d = rl.acquire(Route{routes::get_guild, {{"guild_id", Snowflake{9}}}}, now + 250ms);
  ASSERT_EQ(d.kind, Kind::wait);
  EXPECT_EQ(d.wait, 500ms);
  EXPECT_EQ(rl.acquire(Route{routes::get_guild, {{"guild_id", Snowflake{9}}}}, now + 750ms).kind, Kind::go);
}

TEST(RestRateLimit, RoutesWithoutHeadersAreNotSerialisedForever) {
  RestRateLimiter rl;
  auto now = Clock::time_point{} + 1h;
  auto r = Route{routes::get_gateway_bot};
  ASSERT_EQ(rl.acquire(r, now).kind, Kind::go);
  RateLimitHeaders h;
  h.status = 200;
  rl.complete(r, h, now);
  EXPECT_EQ(rl.acquire(r, now).kind, Kind::go);
  EXPECT_EQ(rl.acquire(r, now).kind, Kind::go);
}

TEST(RestRateLimit, AbandonedRequestsReleaseTheRoute) {
  RestRateLimiter rl;
  auto now = Clock::time_point{} + 1h;
  auto r = Route{routes::get_channel, {{"channel_id", Snowflake{1}}}};
  ASSERT_EQ(rl.acquire(r, now).kind, Kind::go);
  EXPECT_EQ(rl.acquire(r, now).kind, Kind::wait);
  rl.abandon(r, now);
  EXPECT_EQ(rl.acquire(r, now).kind, Kind::go);
}

TEST(RestRateLimit, ARouteMovingToAnotherBucketDuringItsProbeReleasesTheOldBucket) {
  // Two routes share bucket "shared"; its window runs out. Route a probes the
  // next window and its answer moves it to bucket "own". Route b, still on
  // "shared", must be allowed to probe too instead of waiting forever.
  RestRateLimiter rl;
  auto now = Clock::time_point{} + 1h;
  auto a = Route{routes::get_current_user};
  auto b = Route{routes::get_gateway_bot};
  ASSERT_EQ(rl.acquire(a, now).kind, Kind::go);
  rl.complete(a, ok("shared", 1, 0, 1.0), now);
  ASSERT_EQ(rl.acquire(b, now).kind, Kind::go);
  rl.complete(b, ok("shared", 1, 0, 1.0), now);
  now += 1100ms;
  ASSERT_EQ(rl.acquire(a, now).kind, Kind::go);    // the probe of the new window
  EXPECT_EQ(rl.acquire(b, now).kind, Kind::wait);  // waits for the probe's answer
  rl.complete(a, ok("own", 5, 4, 1.0), now);
  EXPECT_EQ(rl.bucket_of(a), "own");
  EXPECT_EQ(rl.acquire(b, now + 30ms).kind, Kind::go);
}

TEST(InvalidRequestGuard, CountsInvalidResponsesAndStopsAtTheThreshold) {
  InvalidRequestGuard::Options o;
  o.warn_at = 3;
  o.stop_at = 5;
  InvalidRequestGuard guard(o);
  auto now = Clock::time_point{} + 1h;
  guard.record(200, "", now);
  guard.record(404, "", now);
  guard.record(429, "shared", now);  // shared-scope 429s do not count
  EXPECT_EQ(guard.count(now), 0u);
  guard.record(401, "", now);
  guard.record(403, "", now + 1s);
  guard.record(429, "user", now + 2s);
  guard.record(403, "", now + 3s);
  EXPECT_TRUE(guard.allows(now + 3s));
  guard.record(403, "", now + 4s);
  EXPECT_FALSE(guard.allows(now + 4s));
  // The window slides: ten minutes after the first, it counts four again.
  EXPECT_TRUE(guard.allows(now + 10min));
  EXPECT_EQ(guard.count(now + 10min), 4u);
}

TEST(RestRateLimit, GuardRefusesRequestsOnceTripped) {
  RestRateLimiter::Options o;
  o.invalid.warn_at = 2;
  o.invalid.stop_at = 3;
  RestRateLimiter rl(o);
  auto now = Clock::time_point{} + 1h;
  auto r = Route{routes::get_member, {{"guild_id", Snowflake{1}}, {"user_id", Snowflake{2}}}};
  RateLimitHeaders forbidden;
  forbidden.status = 403;
  forbidden.bucket = "m";
  forbidden.limit = 10;
  forbidden.remaining = 9;
  forbidden.reset_after = 1;
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(rl.acquire(r, now).kind, Kind::go) << i;
    rl.complete(r, forbidden, now);
  }
  EXPECT_EQ(rl.acquire(r, now).kind, Kind::refuse);
  EXPECT_EQ(rl.acquire(Route{routes::get_current_user}, now).kind, Kind::refuse);
}

}  // namespace
