#include "sim/gateway.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/snowflake.hpp"

namespace dbot::sim {
namespace {
namespace json = boost::json;

std::string identify(std::string token, std::uint64_t intents_bits, unsigned shard = 0, unsigned count = 1) {
  return json::serialize(json::object{
      {"op", 2},
      {"d", json::object{{"token", token},
                         {"intents", intents_bits},
                         {"shard", json::array{shard, count}},
                         {"properties", json::object{{"os", "linux"}, {"browser", "t"}, {"device", "t"}}}}}});
}

std::vector<json::object> drain_sends(GatewayConnection& c) {
  std::vector<json::object> out;
  while (!c.outbox.empty()) {
    auto a = std::move(c.outbox.front());
    c.outbox.pop_front();
    if (a.kind == GatewayAction::Kind::send) out.push_back(json::parse(a.text).as_object());
  }
  return out;
}

std::optional<std::uint16_t> close_code(GatewayConnection& c) {
  for (const auto& a : c.outbox)
    if (a.kind == GatewayAction::Kind::close) return a.code;
  return std::nullopt;
}

class SimGateway : public ::testing::Test {
 protected:
  SimGateway() : world(World::make_default()), gateway(world, config()) {}
  static GatewayConfig config() {
    GatewayConfig c;
    c.tokens = {"good"};
    c.disallowed_intents = intents::kGuildPresences;
    c.heartbeat_interval = std::chrono::milliseconds(1234);
    c.resume_gateway_url = "ws://127.0.0.1:1";
    return c;
  }
  Gateway::Event message_event(const std::string& content, bool mention_bot) {
    const Id gid = world.names.guilds.at("Sandbox");
    json::object d{{"id", "1"},
                   {"guild_id", std::to_string(gid)},
                   {"channel_id", std::to_string(world.names.channels.at("general"))},
                   {"author", json::object{{"id", std::to_string(world.names.users.at("alice"))}}},
                   {"content", content},
                   {"embeds", json::array{json::object{{"title", "t"}}}},
                   {"mentions", mention_bot ? json::array{json::object{{"id", std::to_string(world.bot_user_id)}}}
                                            : json::array{}}};
    return Gateway::Event{"MESSAGE_CREATE", gid, intents::kGuildMessages, json::serialize(d), true};
  }

  World world;
  Gateway gateway;
};

TEST_F(SimGateway, HelloThenReadyAndGuildCreate) {
  auto c = gateway.open();
  auto hello = drain_sends(*c);
  ASSERT_EQ(hello.size(), 1u);
  EXPECT_EQ(hello[0].at("op").as_int64(), 10);
  EXPECT_EQ(hello[0].at("d").at("heartbeat_interval").as_int64(), 1234);

  gateway.receive(*c, identify("good", intents::kGuilds | intents::kGuildMessages));
  auto sent = drain_sends(*c);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].at("t").as_string(), "READY");
  EXPECT_EQ(sent[0].at("s").as_int64(), 1);
  const auto& ready = sent[0].at("d").as_object();
  EXPECT_EQ(ready.at("v").as_int64(), 10);
  EXPECT_EQ(ready.at("user").at("id").as_string(), std::to_string(world.bot_user_id));
  EXPECT_EQ(ready.at("resume_gateway_url").as_string(), "ws://127.0.0.1:1");
  EXPECT_EQ(ready.at("application").at("id").as_string(), std::to_string(world.application_id));
  EXPECT_TRUE(ready.at("guilds").at(0).at("unavailable").as_bool());
  EXPECT_EQ(sent[1].at("t").as_string(), "GUILD_CREATE");
  EXPECT_EQ(sent[1].at("s").as_int64(), 2);
  const auto& guild = sent[1].at("d").as_object();
  EXPECT_EQ(guild.at("name").as_string(), "Sandbox");
  EXPECT_EQ(guild.at("channels").as_array().size(), 3u);
  EXPECT_EQ(guild.at("member_count").as_int64(), 6);
  EXPECT_TRUE(guild.at("members").at(0).as_object().contains("user"));
}

TEST_F(SimGateway, HeartbeatIsAckedUnlessTheFaultStopsIt) {
  auto c = gateway.open();
  drain_sends(*c);
  gateway.receive(*c, R"({"op":1,"d":null})");
  auto sent = drain_sends(*c);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("op").as_int64(), 11);
  EXPECT_EQ(gateway.fault_heartbeat_ack(false), 1u);
  gateway.receive(*c, R"({"op":1,"d":null})");
  EXPECT_TRUE(drain_sends(*c).empty());
}

TEST_F(SimGateway, CloseCodesForBadTokenIntentsShardAndOpcodes) {
  auto bad = gateway.open();
  gateway.receive(*bad, identify("wrong", 1));
  EXPECT_EQ(close_code(*bad), 4004);
  auto privileged = gateway.open();
  gateway.receive(*privileged, identify("good", intents::kGuilds | intents::kGuildPresences));
  EXPECT_EQ(close_code(*privileged), 4014);
  auto invalid = gateway.open();
  gateway.receive(*invalid, identify("good", 1ULL << 30));
  EXPECT_EQ(close_code(*invalid), 4013);
  auto shard = gateway.open();
  gateway.receive(*shard, identify("good", 1, 2, 2));
  EXPECT_EQ(close_code(*shard), 4010);
  auto unauthenticated = gateway.open();
  gateway.receive(*unauthenticated, R"({"op":8,"d":{}})");
  EXPECT_EQ(close_code(*unauthenticated), 4003);
  auto garbage = gateway.open();
  gateway.receive(*garbage, "not json");
  EXPECT_EQ(close_code(*garbage), 4002);
  auto unknown_op = gateway.open();
  gateway.receive(*unknown_op, R"({"op":99,"d":null})");
  EXPECT_EQ(close_code(*unknown_op), 4001);
}

TEST_F(SimGateway, TooManySendsCloses4008) {
  auto c = gateway.open();
  const auto start = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 120; ++i) gateway.receive(*c, R"({"op":1,"d":null})", start + std::chrono::milliseconds(i));
  EXPECT_FALSE(close_code(*c));
  gateway.receive(*c, R"({"op":1,"d":null})", start + std::chrono::milliseconds(500));
  EXPECT_EQ(close_code(*c), 4008);
}

TEST_F(SimGateway, OldSendsLeaveTheWindow) {
  auto c = gateway.open();
  const auto start = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 120; ++i) gateway.receive(*c, R"({"op":1,"d":null})", start);
  gateway.receive(*c, R"({"op":1,"d":null})", start + std::chrono::seconds(61));
  EXPECT_FALSE(close_code(*c));
}

TEST_F(SimGateway, MessageContentIsEmptiedWithoutTheIntentUnlessMentioned) {
  auto with = gateway.open();
  gateway.receive(*with, identify("good", intents::kGuildMessages | intents::kMessageContent));
  auto without = gateway.open();
  gateway.receive(*without, identify("good", intents::kGuildMessages));
  auto none = gateway.open();
  gateway.receive(*none, identify("good", intents::kGuilds));
  drain_sends(*with);
  drain_sends(*without);
  drain_sends(*none);

  gateway.dispatch(message_event("secret", false));
  gateway.dispatch(message_event("hey bot", true));
  auto a = drain_sends(*with);
  auto b = drain_sends(*without);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(a[0].at("d").at("content").as_string(), "secret");
  EXPECT_EQ(b[0].at("d").at("content").as_string(), "");
  EXPECT_TRUE(b[0].at("d").at("embeds").as_array().empty());
  EXPECT_EQ(b[1].at("d").at("content").as_string(), "hey bot");
  EXPECT_TRUE(drain_sends(*none).empty()) << "no GUILD_MESSAGES intent, no MESSAGE_CREATE";
}

TEST_F(SimGateway, ShardsReceiveOnlyTheirGuildsEvents) {
  // Find a second guild id that lands on the other shard.
  const Id sandbox = world.names.guilds.at("Sandbox");
  Id other = 0;
  for (int i = 0; i < 64 && !other; ++i) {
    const Id g = world.add_guild("Other" + std::to_string(i), world.names.users.at("owner"), 0,
                                 Clock::now() - std::chrono::milliseconds(i + 1));
    world.add_bot_to_guild(g, 1, 0);
    if (Snowflake{g}.shard_for(2) != Snowflake{sandbox}.shard_for(2)) other = g;
  }
  ASSERT_NE(other, 0u);
  auto s0 = gateway.open();
  auto s1 = gateway.open();
  gateway.receive(*s0, identify("good", intents::kGuilds, 0, 2));
  gateway.receive(*s1, identify("good", intents::kGuilds, 1, 2));
  auto ready0 = drain_sends(*s0);
  auto ready1 = drain_sends(*s1);
  auto guild_ids = [](const std::vector<json::object>& sent) {
    std::vector<std::string> ids;
    for (const auto& p : sent)
      if (p.at("t").is_string() && p.at("t").as_string() == "GUILD_CREATE")
        ids.emplace_back(p.at("d").at("id").as_string());
    return ids;
  };
  const unsigned sandbox_shard = Snowflake{sandbox}.shard_for(2);
  auto& sandbox_conn = sandbox_shard == 0 ? ready0 : ready1;
  auto& other_conn = sandbox_shard == 0 ? ready1 : ready0;
  const auto a = guild_ids(sandbox_conn);
  const auto b = guild_ids(other_conn);
  EXPECT_NE(std::find(a.begin(), a.end(), std::to_string(sandbox)), a.end());
  EXPECT_EQ(std::find(b.begin(), b.end(), std::to_string(sandbox)), b.end());
  EXPECT_NE(std::find(b.begin(), b.end(), std::to_string(other)), b.end());

  gateway.dispatch(Gateway::Event{"GUILD_UPDATE", other, intents::kGuilds, "{}", false});
  auto to0 = drain_sends(*s0);
  auto to1 = drain_sends(*s1);
  EXPECT_EQ(to0.size() + to1.size(), 1u);
  EXPECT_EQ((sandbox_shard == 0 ? to1 : to0).size(), 1u);
  // Events without a guild go to shard 0.
  gateway.dispatch(Gateway::Event{"USER_UPDATE", std::nullopt, 0, "{}", false});
  EXPECT_EQ(drain_sends(*s0).size(), 1u);
  EXPECT_TRUE(drain_sends(*s1).empty());
}

TEST_F(SimGateway, ResumeReplaysMissedEventsThenResumed) {
  auto c = gateway.open();
  drain_sends(*c);
  gateway.receive(*c, identify("good", intents::kGuilds));
  auto sent = drain_sends(*c);
  const std::string session = std::string(sent[0].at("d").at("session_id").as_string());
  const auto last_seen = sent.back().at("s").as_int64();
  gateway.closed(*c, std::nullopt);  // dropped without a close frame
  for (int i = 0; i < 3; ++i)
    gateway.dispatch(Gateway::Event{"CHANNEL_UPDATE", world.names.guilds.at("Sandbox"), intents::kGuilds,
                                    "{\"n\":" + std::to_string(i) + "}", false});

  auto again = gateway.open();
  drain_sends(*again);
  gateway.receive(*again,
                  json::serialize(json::object{
                      {"op", 6}, {"d", json::object{{"token", "good"}, {"session_id", session}, {"seq", last_seen}}}}));
  auto replay = drain_sends(*again);
  ASSERT_EQ(replay.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(replay[static_cast<std::size_t>(i)].at("t").as_string(), "CHANNEL_UPDATE");
    EXPECT_EQ(replay[static_cast<std::size_t>(i)].at("s").as_int64(), last_seen + 1 + i);
    EXPECT_EQ(replay[static_cast<std::size_t>(i)].at("d").at("n").as_int64(), i);
  }
  EXPECT_EQ(replay[3].at("t").as_string(), "RESUMED");
  EXPECT_EQ(replay[3].at("s").as_int64(), last_seen + 4);
  // Live events flow on the resumed connection.
  gateway.dispatch(Gateway::Event{"CHANNEL_UPDATE", world.names.guilds.at("Sandbox"), intents::kGuilds, "{}", false});
  EXPECT_EQ(drain_sends(*again).size(), 1u);
}

TEST_F(SimGateway, ResumeOfUnknownOrEndedSessionsIsInvalid) {
  auto c = gateway.open();
  drain_sends(*c);
  gateway.receive(*c, R"({"op":6,"d":{"token":"good","session_id":"nope","seq":1}})");
  auto sent = drain_sends(*c);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("op").as_int64(), 9);
  EXPECT_FALSE(sent[0].at("d").as_bool());

  auto d = gateway.open();
  gateway.receive(*d, identify("good", 1));
  const std::string session = std::string(drain_sends(*d)[1].at("d").at("session_id").as_string());
  gateway.closed(*d, std::uint16_t{1000});  // a clean close ends the session
  auto e = gateway.open();
  drain_sends(*e);
  gateway.receive(*e, R"({"op":6,"d":{"token":"good","session_id":")" + session + R"(","seq":1}})");
  sent = drain_sends(*e);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("op").as_int64(), 9);
}

TEST_F(SimGateway, FaultsReachOpenConnections) {
  auto c = gateway.open();
  gateway.receive(*c, identify("good", 1));
  drain_sends(*c);
  EXPECT_EQ(gateway.fault_reconnect(), 1u);
  auto sent = drain_sends(*c);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].at("op").as_int64(), 7);
  EXPECT_EQ(gateway.fault_invalid_session(true), 1u);
  sent = drain_sends(*c);
  EXPECT_TRUE(sent[0].at("d").as_bool());
  EXPECT_EQ(gateway.fault_disconnect(), 1u);
  ASSERT_EQ(c->outbox.size(), 1u);
  EXPECT_EQ(c->outbox.front().kind, GatewayAction::Kind::drop);
}

}  // namespace
}  // namespace dbot::sim
