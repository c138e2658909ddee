// GatewayClient against the simulator: two shards in one process receive
// exactly their own guilds' events, and zlib-stream and zstd-stream
// sessions deliver identical events.

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/snowflake.hpp"
#include "e2e/discord/client_fixture.hpp"

namespace dbot::discord::e2e {
namespace {

using namespace std::chrono_literals;

constexpr int kExtraGuilds = 5;

// The default world plus guilds "Guild 1".."Guild 5" created 11, 20, 31, 40
// and 51 ms before one fixed instant: those offsets cover every residue of 2
// and of 3, so the ids fall on every shard of two and of three however slowly
// the loop runs (a sanitizer build once crossed a millisecond mid-loop and
// left shard 1 of 3 empty). alice is in all.
sim::Simulator::Options world_of_several_guilds(unsigned recommended_shards) {
  auto options = ClientFixture::fast_sim();
  options.recommended_shards = recommended_shards;
  options.customize = [](sim::World& w) {
    const auto owner = w.names.users.at("owner");
    const auto alice = w.names.users.at("alice");
    const std::uint64_t talk = (1 << 10) | (1 << 11);  // VIEW_CHANNEL | SEND_MESSAGES
    const auto base = sim::Clock::now();
    for (int i = 1; i <= kExtraGuilds; ++i) {
      const auto name = "Guild " + std::to_string(i);
      const auto g = w.add_guild(name, owner, talk, base - std::chrono::milliseconds(10 * i + i % 2));
      w.add_bot_to_guild(g, 1, talk);
      w.names.guilds[name] = g;
      w.names.channels[name + "/general"] = w.add_channel(g, "general", sim::kGuildText);
      w.add_member(g, alice);
    }
  };
  return options;
}

struct GuildChannel {
  sim::Id guild, channel;
};

TEST(GatewayShards, TwoShardsReceiveExactlyTheirOwnGuildsEvents) {
  ClientFixture f(world_of_several_guilds(2), ClientFixture::rest_defaults());
  const auto [guilds, alice] = f.world([](sim::World& w) {
    std::vector<GuildChannel> out{{w.names.guilds.at("Sandbox"), w.names.channels.at("general")}};
    for (int i = 1; i <= kExtraGuilds; ++i) {
      const auto name = "Guild " + std::to_string(i);
      out.push_back({w.names.guilds.at(name), w.names.channels.at(name + "/general")});
    }
    return std::pair{out, w.names.users.at("alice")};
  });
  std::map<unsigned, std::set<std::string>> expected;  // shard → guild ids
  for (const auto& g : guilds) expected[Snowflake{g.guild}.shard_for(2)].insert(std::to_string(g.guild));
  ASSERT_EQ(expected.size(), 2u) << "the seed should put guilds on both shards";

  f.start_gateway(ClientFixture::gateway_defaults());  // shard count from /gateway/bot
  // The second shard waits for the identify bucket (5 s, max_concurrency 1).
  ASSERT_TRUE(f.wait_for([&](const auto& seen) {
    std::size_t n = 0;
    for (const auto& s : seen) n += s.name == "GUILD_CREATE";
    return n == guilds.size();
  }));
  for (const auto& g : guilds) f.say(g.channel, alice, "hello " + std::to_string(g.guild));
  ASSERT_TRUE(f.wait_for([&](const auto& seen) {
    std::size_t n = 0;
    for (const auto& s : seen) n += s.name == "MESSAGE_CREATE";
    return n >= guilds.size();
  }));
  std::this_thread::sleep_for(300ms);  // room for a stray duplicate to show up

  std::map<unsigned, std::set<std::string>> guild_creates, messages;
  std::size_t message_count = 0;
  for (const auto& s : f.seen()) {
    if (s.name == "GUILD_CREATE") guild_creates[s.shard].insert(s.guild_id);
    if (s.name == "MESSAGE_CREATE") {
      ++message_count;
      messages[s.shard].insert(s.guild_id);
      EXPECT_EQ(s.content, "hello " + s.guild_id);
    }
  }
  EXPECT_EQ(guild_creates, expected);
  EXPECT_EQ(messages, expected);
  EXPECT_EQ(message_count, guilds.size()) << "a message was delivered twice";
  EXPECT_EQ(f.count("READY"), 2u);
  EXPECT_EQ(f.shard_states(), (std::vector<ShardState>{ShardState::connected, ShardState::connected}));
  // The cache fed by both shards knows every guild.
  EXPECT_EQ(f.cache().guild_ids().size(), guilds.size());
}

TEST(GatewayShards, ConfiguredShardRangeRunsOnlyThoseShards) {
  ClientFixture f(world_of_several_guilds(1), ClientFixture::rest_defaults());
  const auto guild_ids = f.world([](sim::World& w) {
    std::vector<sim::Id> out;
    for (const auto& [id, g] : w.guilds) out.push_back(id);
    return out;
  });
  auto options = ClientFixture::gateway_defaults();
  options.shard_count = 2;  // SHARD_COUNT=2 overrides the recommendation of 1
  options.shard_ids = {1};  // SHARD_IDS=1
  f.start_gateway(options);
  std::set<std::string> expected;
  for (auto id : guild_ids)
    if (Snowflake{id}.shard_for(2) == 1) expected.insert(std::to_string(id));
  ASSERT_FALSE(expected.empty());
  ASSERT_TRUE(f.wait_for([&](const auto& seen) {
    std::size_t n = 0;
    for (const auto& s : seen) n += s.name == "GUILD_CREATE";
    return n == expected.size();
  }));
  std::this_thread::sleep_for(300ms);
  std::set<std::string> got;
  for (const auto& s : f.seen()) {
    EXPECT_EQ(s.shard, 1u);
    if (s.name == "GUILD_CREATE") got.insert(s.guild_id);
  }
  EXPECT_EQ(got, expected);
}

// SHARD_IDS=0,2 used to run the whole range 0..2, shard 1 included.
TEST(GatewayShards, ConfiguredShardListRunsExactlyTheListedShards) {
  ClientFixture f(world_of_several_guilds(1), ClientFixture::rest_defaults());
  const auto guild_ids = f.world([](sim::World& w) {
    std::vector<sim::Id> out;
    for (const auto& [id, g] : w.guilds) out.push_back(id);
    return out;
  });
  std::set<std::string> expected;
  bool some_on_shard_1 = false;
  for (auto id : guild_ids) {
    const auto shard = Snowflake{id}.shard_for(3);
    if (shard == 1) some_on_shard_1 = true;
    if (shard != 1) expected.insert(std::to_string(id));
  }
  ASSERT_TRUE(some_on_shard_1) << "the seed should put a guild on shard 1 of 3";
  ASSERT_FALSE(expected.empty());
  auto options = ClientFixture::gateway_defaults();
  options.shard_count = 3;
  options.shard_ids = {0, 2};  // SHARD_IDS=0,2
  f.start_gateway(options);
  // Both shards identify (the second after the 5 s identify bucket).
  ASSERT_TRUE(f.wait_for([&](const auto& seen) {
    std::size_t n = 0;
    for (const auto& s : seen) n += s.name == "GUILD_CREATE";
    return n == expected.size();
  }));
  std::this_thread::sleep_for(300ms);
  std::set<std::string> got;
  std::set<unsigned> shards;
  for (const auto& s : f.seen()) {
    shards.insert(s.shard);
    if (s.name == "GUILD_CREATE") got.insert(s.guild_id);
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(shards, (std::set<unsigned>{0, 2}));
  EXPECT_EQ(f.shard_states().size(), 2u);
  EXPECT_EQ(f.sessions(), 2u);
}

TEST(GatewayCompression, ZlibAndZstdSessionsDeliverIdenticalEvents) {
  ClientFixture f(world_of_several_guilds(1), ClientFixture::rest_defaults());
  const auto [channels, alice] = f.world([](sim::World& w) {
    std::vector<sim::Id> out{w.names.channels.at("general")};
    for (int i = 1; i <= kExtraGuilds; ++i)
      out.push_back(w.names.channels.at("Guild " + std::to_string(i) + "/general"));
    return std::pair{out, w.names.users.at("alice")};
  });
  auto zlib = ClientFixture::gateway_defaults();
  zlib.compression = GatewayCompression::zlib_stream;
  auto zstd = ClientFixture::gateway_defaults();
  zstd.compression = GatewayCompression::zstd_stream;
  const auto zlib_client = f.start_gateway(zlib);
  const auto zstd_client = f.start_gateway(zstd);
  const std::size_t guild_count = channels.size();
  // Both sessions are up once each saw every GUILD_CREATE (the second
  // IDENTIFY waits for the identify bucket of its own process: 0 s here,
  // each client has its own limiter).
  ASSERT_TRUE(f.wait_for([&](const auto& seen) {
    std::size_t n = 0;
    for (const auto& s : seen) n += s.name == "GUILD_CREATE";
    return n == 2 * guild_count;
  }));
  // Long messages make the compressed streams span many frames and windows.
  std::vector<std::string> sent;
  for (int i = 0; i < 40; ++i) {
    std::string text = "message " + std::to_string(i) + " ";
    text.append(static_cast<std::size_t>(50 * i), static_cast<char>('a' + i % 26));
    f.say(channels[static_cast<std::size_t>(i) % channels.size()], alice, text);
    sent.push_back(text);
  }
  ASSERT_TRUE(f.wait_for([&](const auto& seen) {
    std::size_t n = 0;
    for (const auto& s : seen) n += s.name == "MESSAGE_CREATE";
    return n == 2 * sent.size();
  }));
  std::vector<std::pair<std::string, std::string>> by_client[2];
  for (const auto& s : f.seen()) {
    if (s.name == "READY") continue;  // session ids differ by design
    by_client[s.client == zlib_client ? 0 : 1].emplace_back(s.name, s.data);
  }
  (void)zstd_client;
  EXPECT_EQ(f.messages(zlib_client), sent);
  EXPECT_EQ(by_client[0].size(), by_client[1].size());
  EXPECT_TRUE(by_client[0] == by_client[1]) << "zlib and zstd sessions saw different events";
}

}  // namespace
}  // namespace dbot::discord::e2e
