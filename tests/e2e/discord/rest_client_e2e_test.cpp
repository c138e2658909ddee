// RestClient against the simulator's rate limits and faults: bursts stay
// inside a bucket, injected 429s are waited out, the global limit holds,
// 500s are retried, and a route that keeps answering 403 trips the
// invalid-request guard before Discord would ban the IP. A request Discord
// may already have carried out is repeated only when a repeat cannot post
// twice (messages carry an enforced nonce; webhook posts are not repeated).

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include "e2e/discord/client_fixture.hpp"
#include "e2e/support/child_process.hpp"

namespace dbot::discord::e2e {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

struct BurstResult {
  unsigned ok = 0;
  std::vector<std::string> errors;
};

// Starts `n` calls at once (each its own coroutine) and waits for all.
// `call(i)` runs one of them.
template <class Call>
BurstResult burst(ClientFixture& f, unsigned n, Call call) {
  return f.run([&f, n, call]() -> asio::awaitable<BurstResult> {
    auto ex = co_await asio::this_coro::executor;
    using Done = asio::experimental::channel<void(boost::system::error_code, std::string)>;
    auto done = std::make_shared<Done>(ex, n);
    for (unsigned i = 0; i < n; ++i) {
      asio::co_spawn(ex, call(f.rest(), i), [done](std::exception_ptr e) {
        std::string error;
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& x) {
            error = x.what();
          }
        }
        done->try_send(boost::system::error_code{}, error);
      });
    }
    BurstResult result;
    for (unsigned i = 0; i < n; ++i) {
      boost::system::error_code ec;
      auto error = co_await done->async_receive(asio::redirect_error(asio::use_awaitable, ec));
      if (error.empty()) {
        ++result.ok;
      } else {
        result.errors.push_back(error);
      }
    }
    co_return result;
  }());
}

bool logged(ClientFixture& f, const std::string& text) {
  for (auto& line : f.log_lines())
    if (line.find(text) != std::string::npos) return true;
  return false;
}

TEST(RestClientE2E, BurstLargerThanTheBucketCompletesWithoutA429) {
  auto sim_options = ClientFixture::fast_sim();
  sim_options.rate_limits.per_route["POST /channels/{channel_id}/messages"] = {5, 1000ms};
  ClientFixture f(sim_options, ClientFixture::rest_defaults());
  const auto general = f.world([](sim::World& w) { return w.names.channels.at("general"); });
  const auto started = Clock::now();
  auto result = burst(f, 12, [general](RestClient& rest, unsigned i) -> asio::awaitable<void> {
    MessageCreate m;
    m.content = "burst " + std::to_string(i);
    (void)co_await rest.create_message(Snowflake{general}, std::move(m));
  });
  const auto elapsed = Clock::now() - started;
  EXPECT_EQ(result.ok, 12u) << (result.errors.empty() ? "" : result.errors.front());
  // Every request reached the simulator once: none was refused and retried.
  EXPECT_EQ(f.requests("POST /channels/{channel_id}/messages"), 12u);
  EXPECT_EQ(f.rest().limiter().invalid_count(Clock::now()), 0u) << "the simulator answered 429";
  EXPECT_FALSE(logged(f, "429"));
  // 12 requests through a 5-per-second bucket need two more windows.
  EXPECT_GE(elapsed, 1900ms);
}

TEST(RestClientE2E, TwoChannelsHaveTheirOwnBuckets) {
  auto sim_options = ClientFixture::fast_sim();
  // A long window: had the two channels shared a bucket, the burst would
  // have had to wait 10 s for a reset.
  sim_options.rate_limits.per_route["POST /channels/{channel_id}/messages"] = {5, 10000ms};
  ClientFixture f(sim_options, ClientFixture::rest_defaults());
  const auto channels = f.world([](sim::World& w) {
    return std::pair{w.names.channels.at("general"), w.names.channels.at("mod-log")};
  });
  const auto started = Clock::now();
  // 5 per channel: each channel's bucket holds them, no waiting for a reset.
  auto result = burst(f, 10, [channels](RestClient& rest, unsigned i) -> asio::awaitable<void> {
    MessageCreate m;
    m.content = "split " + std::to_string(i);
    const auto channel = i % 2 ? channels.first : channels.second;
    (void)co_await rest.create_message(Snowflake{channel}, std::move(m));
  });
  EXPECT_EQ(result.ok, 10u);
  EXPECT_EQ(f.requests("POST /channels/{channel_id}/messages"), 10u);
  EXPECT_LT(Clock::now() - started, 8s);
}

TEST(RestClientE2E, Injected429IsWaitedOutAndRetried) {
  ClientFixture f(ClientFixture::fast_sim(), ClientFixture::rest_defaults());
  ASSERT_EQ(f.fault(R"({"kind":"rest","route":"GET /users/@me","status":429,"count":1})"), 1);
  const auto started = Clock::now();
  auto me = f.run(f.rest().get_current_user());
  const auto elapsed = Clock::now() - started;
  EXPECT_EQ(me.username, "sim-bot");
  EXPECT_EQ(f.requests("GET /users/@me"), 2u);
  EXPECT_GE(elapsed, 950ms) << "the retry did not wait for retry_after (1 s)";
  EXPECT_LT(elapsed, 5s);
}

TEST(RestClientE2E, TwoRoutesSharingA429BucketBothRecover) {
  // Both injected 429s name the bucket "fault", so the two routes share one
  // bucket until their next answers move each to its real bucket. The
  // route that probes first moves away; the other must still get its turn
  // (it used to wait forever for the moved probe to finish).
  ClientFixture f(ClientFixture::fast_sim(), ClientFixture::rest_defaults());
  ASSERT_EQ(f.fault(R"({"kind":"rest","route":"GET /users/@me","status":429,"count":1})"), 1);
  ASSERT_EQ(f.fault(R"({"kind":"rest","route":"GET /gateway/bot","status":429,"count":1})"), 1);
  const auto started = Clock::now();
  auto result = f.run(
      [&f]() -> asio::awaitable<BurstResult> {
        // Both in flight at once, so that both wait on the shared bucket.
        auto [user, gateway] = co_await (f.rest().get_current_user() && f.rest().get_gateway_bot());
        BurstResult r;
        r.ok = static_cast<unsigned>(user.username == "sim-bot") + static_cast<unsigned>(!gateway.url.empty());
        co_return r;
      }(),
      15s);
  EXPECT_EQ(result.ok, 2u);
  EXPECT_LT(Clock::now() - started, 5s);
  EXPECT_EQ(f.requests("GET /users/@me"), 2u);
  EXPECT_EQ(f.requests("GET /gateway/bot"), 2u);
}

TEST(RestClientE2E, GlobalLimitIsNeverExceeded) {
  auto sim_options = ClientFixture::fast_sim();
  sim_options.rate_limits.global_per_second = 20;
  sim_options.rate_limits.default_limit = {1000, 1000ms};  // only the global limit binds
  auto rest_options = ClientFixture::rest_defaults();
  rest_options.limits.global_per_second = 20;
  ClientFixture f(sim_options, rest_options);
  const auto started = Clock::now();
  auto result =
      burst(f, 50, [](RestClient& rest, unsigned) -> asio::awaitable<void> { (void)co_await rest.get_current_user(); });
  const auto elapsed = Clock::now() - started;
  EXPECT_EQ(result.ok, 50u);
  EXPECT_EQ(f.requests("GET /users/@me"), 50u) << "the simulator refused some (global 429) and they were retried";
  EXPECT_EQ(f.rest().limiter().invalid_count(Clock::now()), 0u);
  EXPECT_FALSE(logged(f, "global rate limit hit"));
  EXPECT_GE(elapsed, 1900ms);  // 50 at 20/s: two full windows of waiting
}

TEST(RestClientE2E, ServerErrorsAreRetried) {
  ClientFixture f(ClientFixture::fast_sim(), ClientFixture::rest_defaults());
  ASSERT_EQ(f.fault(R"({"kind":"rest","route":"GET /users/@me","status":500,"count":2})"), 1);
  auto me = f.run(f.rest().get_current_user());
  EXPECT_EQ(me.username, "sim-bot");
  EXPECT_EQ(f.requests("GET /users/@me"), 3u);
}

TEST(RestClientE2E, PersistentServerErrorsGiveUpAfterTheRetryBudget) {
  ClientFixture f(ClientFixture::fast_sim(), ClientFixture::rest_defaults());
  ASSERT_EQ(f.fault(R"({"kind":"rest","route":"GET /users/@me","status":502,"count":100})"), 1);
  unsigned status = 0;
  try {
    (void)f.run(f.rest().get_current_user());
  } catch (const DiscordError& e) {
    status = e.status();
  }
  EXPECT_EQ(status, 502u);
  EXPECT_EQ(f.requests("GET /users/@me"), 4u);  // the first try and max_retries (3) more
}

std::size_t messages_with(ClientFixture& f, sim::Id channel, const std::string& content) {
  return f.world([channel, content](sim::World& w) {
    std::size_t count = 0;
    for (const auto& [id, message] : w.messages[channel]) count += message.content == content ? 1 : 0;
    return count;
  });
}

constexpr const char* kMessagesRoute = "POST /channels/{channel_id}/messages";

// Discord created the message, then its edge answered 503: the retry carries
// the same nonce, so Discord hands back the first message.
TEST(RestClientE2E, AMessageAnswered5xxAfterItWasCreatedIsPostedOnce) {
  ClientFixture f(ClientFixture::fast_sim(), ClientFixture::rest_defaults());
  const auto general = f.world([](sim::World& w) { return w.names.channels.at("general"); });
  ASSERT_EQ(f.fault(R"({"kind":"rest","route":"POST /channels/{channel_id}/messages","status":503,)"
                    R"("after_processing":true})"),
            1);
  MessageCreate message;
  message.content = "posted once after a 503";
  const auto sent = f.run(f.rest().create_message(Snowflake{general}, message));
  EXPECT_EQ(f.requests(kMessagesRoute), 2u) << "the 503 was retried";
  EXPECT_EQ(messages_with(f, general, message.content), 1u);
  const auto stored = f.world([general](sim::World& w) { return w.messages[general].rbegin()->second; });
  EXPECT_EQ(sent.id.value, stored.id);
  ASSERT_TRUE(stored.nonce.has_value());
  EXPECT_FALSE(stored.nonce->empty());
}

// No answer at all in time: the first attempt is still carried out (late),
// the retry too; the nonce makes them one message.
TEST(RestClientE2E, AMessageWhoseAnswerTimedOutIsPostedOnce) {
  auto rest_options = ClientFixture::rest_defaults();
  rest_options.timeout = 300ms;
  ClientFixture f(ClientFixture::fast_sim(), rest_options);
  const auto general = f.world([](sim::World& w) { return w.names.channels.at("general"); });
  ASSERT_EQ(f.fault(R"({"kind":"rest","route":"POST /channels/{channel_id}/messages","delay_ms":1000})"), 1);
  MessageCreate message;
  message.content = "posted once after a timeout";
  (void)f.run(f.rest().create_message(Snowflake{general}, message));
  // Both attempts reach the simulator (the delayed one last); count after both.
  ASSERT_TRUE(dbot::test::eventually([&] { return f.requests(kMessagesRoute) >= 2u; })) << f.requests(kMessagesRoute);
  EXPECT_EQ(messages_with(f, general, message.content), 1u);
}

// A webhook post has no nonce: after a 5xx it may exist already, so it is
// not sent again and the caller hears of the failure.
TEST(RestClientE2E, AWebhookPostIsNotRepeatedAfterA5xx) {
  ClientFixture f(ClientFixture::fast_sim(), ClientFixture::rest_defaults());
  const auto general = f.world([](sim::World& w) { return w.names.channels.at("general"); });
  const auto created = boost::json::parse(f.run(f.rest().create_webhook(Snowflake{general}, "hook"))).as_object();
  const Snowflake webhook{std::stoull(std::string(created.at("id").as_string()))};
  const std::string token(created.at("token").as_string());
  ASSERT_EQ(f.fault(R"({"kind":"rest","route":"POST /webhooks/{webhook_id}/{webhook_token}","status":502,)"
                    R"("after_processing":true})"),
            1);
  MessageCreate message;
  message.content = "webhook post once";
  unsigned status = 0;
  try {
    (void)f.run(f.rest().execute_webhook(webhook, token, message));
  } catch (const DiscordError& e) {
    status = e.status();
  }
  EXPECT_EQ(status, 502u);
  EXPECT_EQ(f.requests("POST /webhooks/{webhook_id}/{webhook_token}"), 1u);
  EXPECT_EQ(messages_with(f, general, message.content), 1u);
}

TEST(RestClientE2E, RouteThatKeepsAnswering403TripsTheInvalidRequestGuard) {
  auto rest_options = ClientFixture::rest_defaults();
  rest_options.limits.invalid = {3, 5, std::chrono::minutes(10)};  // Discord's 10,000 scaled down
  ClientFixture f(ClientFixture::fast_sim(), rest_options);
  const auto guild = f.world([](sim::World& w) { return w.names.guilds.at("Sandbox"); });
  // Only this test modifies a guild, so the endpoint is declared here.
  constexpr Endpoint modify_guild{Method::patch, "/guilds/{guild_id}"};
  std::vector<unsigned> statuses;
  for (int i = 0; i < 8; ++i) {
    try {
      // The bot lacks MANAGE_GUILD: Discord answers 403 every time.
      (void)f.run(f.rest().request(Route{modify_guild, {{"guild_id", Snowflake{guild}}}}, R"({"name":"Renamed"})"));
      statuses.push_back(200);
    } catch (const DiscordError& e) {
      statuses.push_back(e.status());
    }
  }
  // Five real 403s, then the guard refuses locally (status 0) without sending.
  EXPECT_EQ(statuses, (std::vector<unsigned>{403, 403, 403, 403, 403, 0, 0, 0}));
  EXPECT_EQ(f.requests("PATCH /guilds/{guild_id}"), 5u);
  EXPECT_TRUE(logged(f, "invalid responses (401/403/429) in the last 10 minutes")) << "no warning before the stop";
  EXPECT_TRUE(logged(f, "refusing to send requests"));
  // Other routes are refused too: the ban Discord hands out is per IP.
  unsigned other = 1;
  try {
    (void)f.run(f.rest().get_current_user());
  } catch (const DiscordError& e) {
    other = e.status();
  }
  EXPECT_EQ(other, 0u);
  EXPECT_EQ(f.requests("GET /users/@me"), 0u);
}

}  // namespace
}  // namespace dbot::discord::e2e
