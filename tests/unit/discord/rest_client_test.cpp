#include "discord/rest_client.hpp"

#include <gtest/gtest.h>

#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>

#include <deque>

namespace {

using namespace dbot::discord;
namespace asio = boost::asio;
namespace net = dbot::net;
using dbot::Snowflake;

// A scripted Discord: answers requests from a queue and records them.
struct FakeDiscord {
  std::deque<net::HttpResponse> answers;
  std::vector<net::HttpRequest> seen;
  unsigned throw_first = 0;

  HttpTransport transport() {
    return [this](net::HttpRequest req, std::chrono::milliseconds) -> asio::awaitable<net::HttpResponse> {
      seen.push_back(req);
      if (throw_first > 0) {
        --throw_first;
        throw std::runtime_error("connection reset");
      }
      if (answers.empty()) co_return net::HttpResponse::json(200, R"({"id":"1","channel_id":"2","content":"ok"})");
      auto r = std::move(answers.front());
      answers.pop_front();
      co_return r;
    };
  }
};

net::HttpResponse answer(unsigned status, std::string body) { return net::HttpResponse::json(status, std::move(body)); }

RestOptions options() {
  RestOptions o;
  o.api_base = "http://127.0.0.1:9/api";
  o.token = "tok123";
  o.retry_base = std::chrono::milliseconds(1);
  return o;
}

template <typename T>
T run(asio::io_context& io, asio::awaitable<T> task) {
  auto f = asio::co_spawn(io, std::move(task), asio::use_future);
  io.run();
  io.restart();
  return f.get();
}

TEST(RestClient, SendsAuthUserAgentAuditReasonAndNoPingsByDefault) {
  asio::io_context io;
  FakeDiscord discord;
  RestClient rest(io.get_executor(), options(), discord.transport());
  MessageCreate m;
  m.content = "hello @everyone";
  m.reply_to = Snowflake{55};
  auto msg = run(io, rest.create_message(Snowflake{2}, m));
  EXPECT_EQ(msg.content, "ok");
  ASSERT_EQ(discord.seen.size(), 1u);
  const auto& req = discord.seen[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "http://127.0.0.1:9/api/v10/channels/2/messages");
  EXPECT_EQ(req.headers.get("Authorization"), "Bot tok123");
  EXPECT_NE(req.headers.get("User-Agent")->find("DiscordBot ("), std::string::npos);
  auto body = boost::json::parse(req.body).as_object();
  EXPECT_TRUE(body.at("allowed_mentions").at("parse").as_array().empty());
  EXPECT_EQ(body.at("message_reference").at("message_id").as_string(), "55");

  run(io, rest.kick_member(Snowflake{3}, Snowflake{4}, {"spam & abuse ✓", {}}));
  EXPECT_EQ(discord.seen.back().headers.get("X-Audit-Log-Reason"), "spam%20%26%20abuse%20%E2%9C%93");
}

TEST(RestClient, WaitsOutA429AndRetries) {
  asio::io_context io;
  FakeDiscord discord;
  auto limited = answer(429, R"({"message":"You are being rate limited.","retry_after":0.01,"global":false})");
  limited.headers.set("X-RateLimit-Scope", "user");
  limited.headers.set("X-RateLimit-Bucket", "b");
  discord.answers.push_back(limited);
  RestClient rest(io.get_executor(), options(), discord.transport());
  auto msg = run(io, rest.get_message(Snowflake{2}, Snowflake{1}));
  EXPECT_EQ(msg.id, Snowflake{1});
  EXPECT_EQ(discord.seen.size(), 2u);
}

TEST(RestClient, Retries5xxAndNetworkErrorsThenGivesUp) {
  asio::io_context io;
  FakeDiscord discord;
  discord.answers.push_back(answer(500, "{}"));
  discord.answers.push_back(answer(502, "bad gateway"));
  discord.throw_first = 1;
  RestClient rest(io.get_executor(), options(), discord.transport());
  auto msg = run(io, rest.get_message(Snowflake{2}, Snowflake{1}));
  EXPECT_EQ(msg.id, Snowflake{1});
  EXPECT_EQ(discord.seen.size(), 4u);

  for (int i = 0; i < 10; ++i) discord.answers.push_back(answer(503, "{}"));
  discord.seen.clear();
  EXPECT_THROW(run(io, rest.get_message(Snowflake{2}, Snowflake{1})), DiscordError);
  EXPECT_EQ(discord.seen.size(), 4u);  // one try + max_retries
}

// A POST Discord may have carried out is sent again only when a repeat cannot
// do it twice: message creation carries one nonce (the same on every attempt)
// with enforce_nonce; other POSTs give up at the first 5xx or network error.
TEST(RestClient, RepeatsOnlyWhatCannotBeDoneTwice) {
  asio::io_context io;
  FakeDiscord discord;
  discord.answers.push_back(answer(500, "{}"));
  discord.throw_first = 1;
  RestClient rest(io.get_executor(), options(), discord.transport());
  MessageCreate m;
  m.content = "hi";
  (void)run(io, rest.create_message(Snowflake{2}, m));
  ASSERT_EQ(discord.seen.size(), 3u);
  std::set<std::string> nonces;
  for (const auto& request : discord.seen) {
    const auto body = boost::json::parse(request.body).as_object();
    EXPECT_TRUE(body.at("enforce_nonce").as_bool());
    nonces.insert(std::string(body.at("nonce").as_string()));
    EXPECT_LE(body.at("nonce").as_string().size(), 25u);
  }
  EXPECT_EQ(nonces.size(), 1u) << "every attempt carries the same nonce";
  // The next message gets a nonce of its own.
  discord.seen.clear();
  (void)run(io, rest.create_message(Snowflake{2}, m));
  EXPECT_FALSE(nonces.contains(std::string(boost::json::parse(discord.seen[0].body).at("nonce").as_string())));

  discord.seen.clear();
  discord.answers.push_back(answer(502, "{}"));
  EXPECT_THROW(run(io, rest.execute_webhook(Snowflake{7}, "hook-token", m)), DiscordError);
  EXPECT_EQ(discord.seen.size(), 1u) << "a webhook post is not repeated after a 5xx";

  discord.seen.clear();
  discord.throw_first = 1;
  EXPECT_THROW(run(io, rest.execute_webhook(Snowflake{7}, "hook-token", m)), dbot::Error);
  EXPECT_EQ(discord.seen.size(), 1u) << "nor after no answer";
}

TEST(RestClient, DiscordErrorsAreTyped) {
  asio::io_context io;
  FakeDiscord discord;
  discord.answers.push_back(answer(403, R"({"message":"Missing Permissions","code":50013})"));
  RestClient rest(io.get_executor(), options(), discord.transport());
  try {
    run(io, rest.create_ban(Snowflake{3}, Snowflake{4}, 0));
    FAIL() << "expected DiscordError";
  } catch (const DiscordError& e) {
    EXPECT_EQ(e.status(), 403u);
    EXPECT_EQ(e.code(), 50013);
    EXPECT_EQ(e.discord_message(), "Missing Permissions");
    EXPECT_EQ(std::string(e.what()).find("tok123"), std::string::npos);
    EXPECT_NE(e.user_message().find("Missing Permissions"), std::string::npos);
  }
  EXPECT_EQ(discord.seen.size(), 1u);  // 4xx is not retried
}

TEST(RestClient, A403LoopTripsTheInvalidRequestGuard) {
  asio::io_context io;
  FakeDiscord discord;
  auto o = options();
  o.limits.invalid.warn_at = 3;
  o.limits.invalid.stop_at = 5;
  RestClient rest(io.get_executor(), o, discord.transport());
  int refused = 0;
  for (int i = 0; i < 8; ++i) {
    discord.answers.push_back(answer(403, R"({"message":"Missing Access","code":50001})"));
    try {
      run(io, rest.get_member(Snowflake{3}, Snowflake{static_cast<std::uint64_t>(i + 1)}));
    } catch (const DiscordError& e) {
      if (e.status() == 0) ++refused;
    }
  }
  EXPECT_EQ(discord.seen.size(), 5u);
  EXPECT_EQ(refused, 3);
}

TEST(RestClient, AuditReasonIsTruncatedTo512Characters) {
  std::string longest(600, 'a');
  EXPECT_EQ(encode_audit_reason(longest).size(), 512u);
  std::string multibyte;
  for (int i = 0; i < 600; ++i) multibyte += "é";
  auto enc = encode_audit_reason(multibyte);
  EXPECT_EQ(enc.size(), 512u * 6);  // 512 characters of two escaped bytes each
  EXPECT_EQ(encode_audit_reason("ok-_.~"), "ok-_.~");
}

}  // namespace
