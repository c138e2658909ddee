#include "discord/cache.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "discord/models_json.hpp"

namespace {

using namespace dbot::discord;
using dbot::Snowflake;
namespace json = boost::json;
namespace p = dbot::discord::permission;

constexpr auto kGuildCreate = R"({
  "id":"100","name":"Test","owner_id":"1","member_count":3,
  "roles":[
    {"id":"100","name":"@everyone","permissions":"66560","position":0},
    {"id":"200","name":"Mod","permissions":"1099511627778","position":2},
    {"id":"201","name":"Bot","permissions":"268435456","position":1,"managed":true}
  ],
  "channels":[
    {"id":"300","type":0,"name":"general","position":1,"permission_overwrites":[
      {"id":"100","type":0,"allow":"0","deny":"2048"},
      {"id":"200","type":0,"allow":"2048","deny":"0"}]},
    {"id":"301","type":2,"name":"Voice","position":2,"permission_overwrites":[]}
  ],
  "threads":[{"id":"302","type":11,"name":"thread","parent_id":"300","guild_id":"100"}],
  "members":[
    {"user":{"id":"1","username":"owner"},"roles":[],"joined_at":"2020-01-01T00:00:00.000000+00:00"},
    {"user":{"id":"2","username":"alice","global_name":"Alice"},"roles":["200"],"nick":"ally",
     "joined_at":"2021-06-01T12:00:00+00:00"},
    {"user":{"id":"9","username":"bot","bot":true},"roles":["201"],"joined_at":"2022-01-01T00:00:00Z"}
  ],
  "voice_states":[{"user_id":"2","channel_id":"301","session_id":"s"}]
})";

json::value v(const char* text) { return json::parse(text); }

void load(Cache& c) {
  c.apply(Event::ready, v(R"({"user":{"id":"9","username":"bot","bot":true},"guilds":[{"id":"100","unavailable":true}],
                         "session_id":"x"})"));
  c.apply(Event::guild_create, v(kGuildCreate));
}

TEST(Cache, ReadyThenGuildCreateFillsEverything) {
  Cache c;
  c.apply(Event::ready,
          v(R"({"user":{"id":"9","username":"bot","bot":true},"guilds":[{"id":"100","unavailable":true}]})"));
  ASSERT_TRUE(c.guild(Snowflake{100}));
  EXPECT_TRUE(c.guild(Snowflake{100})->unavailable);
  ASSERT_TRUE(c.self());
  EXPECT_EQ(c.self()->username, "bot");
  c.apply(Event::guild_create, v(kGuildCreate));
  auto g = c.guild(Snowflake{100});
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->unavailable);
  EXPECT_EQ(g->name, "Test");
  EXPECT_EQ(g->owner_id, Snowflake{1});
  EXPECT_EQ(c.roles(Snowflake{100}).size(), 3u);
  EXPECT_EQ(c.roles(Snowflake{100}).front().name, "Mod");  // highest first
  EXPECT_EQ(c.guild_channels(Snowflake{100}).size(), 3u);
  auto alice = c.member(Snowflake{100}, Snowflake{2});
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->nick, "ally");
  EXPECT_TRUE(alice->roles.contains(Snowflake{200}));
  EXPECT_EQ(alice->joined_at_ms, 1622548800000);
  auto vs = c.voice_state(Snowflake{100}, Snowflake{2});
  ASSERT_TRUE(vs);
  EXPECT_EQ(vs->channel_id, Snowflake{301});
  EXPECT_EQ(c.stats().members, 3u);
  EXPECT_GT(c.stats().approx_bytes, 0u);
}

TEST(Cache, ChannelPermissionsUseCachedRolesAndOverwrites) {
  Cache c;
  load(c);
  const std::int64_t now = 1'700'000'000'000;
  // @everyone is denied SEND_MESSAGES in #general; Mod is allowed it.
  auto alice = c.channel_permissions(Snowflake{300}, Snowflake{2}, now);
  ASSERT_TRUE(alice);
  EXPECT_TRUE(alice->has(p::send_messages | p::kick_members));
  auto bot = c.channel_permissions(Snowflake{300}, Snowflake{9}, now);
  ASSERT_TRUE(bot);
  EXPECT_FALSE(bot->has(p::send_messages));
  EXPECT_TRUE(bot->has(p::view_channel));
  // Threads use their parent's overwrites.
  EXPECT_EQ(c.channel_permissions(Snowflake{302}, Snowflake{9}, now), bot);
  EXPECT_EQ(c.channel_permissions(Snowflake{300}, Snowflake{1}, now), p::all);
  EXPECT_FALSE(c.channel_permissions(Snowflake{999}, Snowflake{2}, now));
  // Hierarchy from the cache.
  EXPECT_EQ(c.outranks(Snowflake{100}, Snowflake{2}, Snowflake{9}), true);
  EXPECT_EQ(c.outranks(Snowflake{100}, Snowflake{9}, Snowflake{2}), false);
  EXPECT_EQ(c.outranks(Snowflake{100}, Snowflake{9}, Snowflake{1}), false);
  EXPECT_FALSE(c.outranks(Snowflake{100}, Snowflake{9}, Snowflake{12345}));
}

TEST(Cache, MemberEventsAndTimeouts) {
  Cache c;
  load(c);
  c.apply(Event::guild_member_add, v(R"({"guild_id":"100","user":{"id":"5","username":"eve"},"roles":[],
                                   "joined_at":"2024-01-01T00:00:00+00:00"})"));
  ASSERT_TRUE(c.member(Snowflake{100}, Snowflake{5}));
  c.apply(Event::guild_member_update, v(R"({"guild_id":"100","user":{"id":"5"},"roles":["200"],
                                      "joined_at":"2024-01-01T00:00:00+00:00",
                                      "communication_disabled_until":"2030-01-01T00:00:00+00:00"})"));
  auto eve = c.member(Snowflake{100}, Snowflake{5});
  ASSERT_TRUE(eve);
  EXPECT_TRUE(eve->roles.contains(Snowflake{200}));
  EXPECT_TRUE(eve->timed_out(1'700'000'000'000));
  auto perms = c.guild_permissions(Snowflake{100}, Snowflake{5}, 1'700'000'000'000);
  ASSERT_TRUE(perms);
  EXPECT_EQ(*perms, p::view_channel | p::read_message_history);
  c.apply(Event::guild_member_remove, v(R"({"guild_id":"100","user":{"id":"5"}})"));
  EXPECT_FALSE(c.member(Snowflake{100}, Snowflake{5}));
  c.apply(Event::guild_members_chunk, v(R"({"guild_id":"100","members":[
      {"user":{"id":"6"},"roles":[],"joined_at":"2024-01-01T00:00:00Z"},
      {"user":{"id":"7"},"roles":["201"],"joined_at":"2024-01-01T00:00:00Z"}]})"));
  EXPECT_TRUE(c.member(Snowflake{100}, Snowflake{7}));
  EXPECT_EQ(c.stats().members, 5u);
}

TEST(Cache, MemberCachingOffKeepsOnlyTheBot) {
  Cache c({MemberCachePolicy::none, false});
  load(c);
  EXPECT_FALSE(c.member(Snowflake{100}, Snowflake{2}));
  EXPECT_TRUE(c.member(Snowflake{100}, Snowflake{9}));
  EXPECT_EQ(c.stats().members, 1u);
  c.apply(Event::guild_member_add,
          v(R"({"guild_id":"100","user":{"id":"5"},"roles":[],"joined_at":"2024-01-01T00:00:00Z"})"));
  EXPECT_FALSE(c.member(Snowflake{100}, Snowflake{5}));
}

TEST(Cache, RoleAndChannelEvents) {
  Cache c;
  load(c);
  c.apply(Event::guild_role_update,
          v(R"({"guild_id":"100","role":{"id":"201","name":"Bot","permissions":"8","position":5}})"));
  EXPECT_EQ(c.role(Snowflake{100}, Snowflake{201})->position, 5);
  EXPECT_EQ(c.channel_permissions(Snowflake{300}, Snowflake{9}, 0), p::all);
  c.apply(Event::guild_role_create,
          v(R"({"guild_id":"100","role":{"id":"203","name":"New","permissions":"0","position":1}})"));
  EXPECT_EQ(c.roles(Snowflake{100}).size(), 4u);
  c.apply(Event::guild_role_delete, v(R"({"guild_id":"100","role_id":"200"})"));
  EXPECT_FALSE(c.role(Snowflake{100}, Snowflake{200}));
  EXPECT_FALSE(c.member(Snowflake{100}, Snowflake{2})->roles.contains(Snowflake{200}));

  c.apply(Event::channel_create, v(R"({"id":"310","guild_id":"100","type":0,"name":"new"})"));
  EXPECT_EQ(c.channel(Snowflake{310})->name, "new");
  c.apply(Event::channel_update, v(R"({"id":"310","guild_id":"100","type":0,"name":"renamed"})"));
  EXPECT_EQ(c.channel(Snowflake{310})->name, "renamed");
  EXPECT_EQ(c.guild_channels(Snowflake{100}).size(), 4u);
  c.apply(Event::channel_delete, v(R"({"id":"310","guild_id":"100","type":0})"));
  EXPECT_FALSE(c.channel(Snowflake{310}));
  EXPECT_EQ(c.guild_channels(Snowflake{100}).size(), 3u);

  c.apply(Event::thread_create, v(R"({"id":"311","guild_id":"100","type":11,"name":"t","parent_id":"300"})"));
  EXPECT_EQ(c.channel(Snowflake{311})->name, "t");
  c.apply(Event::thread_update, v(R"({"id":"311","guild_id":"100","type":11,"name":"t2","parent_id":"300"})"));
  EXPECT_EQ(c.channel(Snowflake{311})->name, "t2");
  c.apply(Event::thread_delete, v(R"({"id":"311","guild_id":"100","type":11,"parent_id":"300"})"));
  EXPECT_FALSE(c.channel(Snowflake{311}));
  // Events the cache does not track leave it as it was.
  c.apply(Event::message_create, v(R"({"id":"312","channel_id":"300","guild_id":"100","content":"x"})"));
  c.apply(Event::unknown, v(R"({"id":"313","guild_id":"100","type":0,"name":"never"})"));
  EXPECT_FALSE(c.channel(Snowflake{313}));
}

TEST(Cache, VoiceAndGuildLifecycle) {
  Cache c;
  load(c);
  c.apply(Event::voice_state_update, v(R"({"guild_id":"100","channel_id":"301","user_id":"9","session_id":"b"})"));
  EXPECT_EQ(c.voice_states_in(Snowflake{100}, Snowflake{301}).size(), 2u);
  c.apply(Event::voice_state_update, v(R"({"guild_id":"100","channel_id":null,"user_id":"2","session_id":"s"})"));
  EXPECT_FALSE(c.voice_state(Snowflake{100}, Snowflake{2}));
  c.apply(Event::guild_update, v(R"({"id":"100","name":"Renamed","owner_id":"2"})"));
  EXPECT_EQ(c.guild(Snowflake{100})->name, "Renamed");
  EXPECT_EQ(c.guild(Snowflake{100})->member_count, 3u);
  c.apply(Event::guild_delete, v(R"({"id":"100","unavailable":true})"));
  EXPECT_TRUE(c.guild(Snowflake{100})->unavailable);
  EXPECT_FALSE(c.channel_permissions(Snowflake{300}, Snowflake{2}, 0));
  c.apply(Event::guild_delete, v(R"({"id":"100"})"));
  EXPECT_FALSE(c.guild(Snowflake{100}));
  EXPECT_FALSE(c.channel(Snowflake{300}));
  c.apply(Event::user_update, v(R"({"id":"9","username":"renamed-bot"})"));
  EXPECT_EQ(c.self()->username, "renamed-bot");
}

TEST(Models, MessageAndInteractionParsing) {
  auto m = parse_message(v(R"({"id":"1","channel_id":"2","guild_id":"3","content":"hi <@4>",
      "author":{"id":"5","username":"u"},"member":{"roles":["6"],"nick":"n"},
      "mentions":[{"id":"4","username":"m"}],"mention_roles":["6"],
      "message_reference":{"message_id":"7"},"timestamp":"2015-04-26T06:26:56.936000+00:00",
      "embeds":[{"title":"t"}],"components":[]})")
                             .as_object());
  EXPECT_EQ(m.id, Snowflake{1});
  EXPECT_EQ(m.author.id, Snowflake{5});
  ASSERT_TRUE(m.member);
  EXPECT_EQ(m.member->user_id, Snowflake{5});
  EXPECT_TRUE(m.member->roles.contains(Snowflake{6}));
  EXPECT_EQ(m.mentions, std::vector<Snowflake>{Snowflake{4}});
  EXPECT_EQ(m.referenced_message_id, Snowflake{7});
  EXPECT_EQ(m.timestamp_ms, 1430029616936);
  ASSERT_EQ(m.embeds.size(), 1u);
  EXPECT_EQ(m.embeds[0].title, "t");
  EXPECT_TRUE(m.components.empty());

  auto i = parse_interaction(v(R"({"id":"10","application_id":"11","type":2,"token":"tok","guild_id":"3",
      "channel_id":"2","member":{"user":{"id":"5","username":"u"},"roles":[],"permissions":"2048"},
      "data":{"id":"12","name":"ban","type":1,"options":[{"name":"user","type":6,"value":"4"},
      {"name":"days","type":4,"value":7},{"name":"sub","type":1,"options":[{"name":"x","type":5,"value":true}]}]}})")
                                 .as_object());
  EXPECT_EQ(i.type, InteractionType::application_command);
  EXPECT_EQ(i.user.id, Snowflake{5});
  EXPECT_EQ(i.member_permissions, p::send_messages);
  EXPECT_EQ(i.command_name, "ban");
  ASSERT_EQ(i.options.size(), 3u);
  EXPECT_EQ(i.options[0].value, "4");
  EXPECT_EQ(i.options[1].value, "7");
  EXPECT_EQ(i.options[2].options.at(0).value, "true");

  auto b = parse_interaction(v(R"({"id":"10","type":3,"token":"t","user":{"id":"8"},"message":{"id":"13"},
      "data":{"custom_id":"wordle:1","component_type":2}})")
                                 .as_object());
  EXPECT_EQ(b.custom_id, "wordle:1");
  EXPECT_EQ(b.message_id, Snowflake{13});
  EXPECT_EQ(b.user.id, Snowflake{8});
  EXPECT_FALSE(b.member);
}

TEST(Models, Timestamps) {
  EXPECT_EQ(parse_timestamp_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_timestamp_ms("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(parse_timestamp_ms("2021-06-01T12:00:00.5+00:00"), 1622548800500);
  EXPECT_EQ(parse_timestamp_ms("garbage"), 0);
  EXPECT_EQ(parse_timestamp_ms(""), 0);
}

TEST(Models, CompactContainers) {
  CompactString s("hello");
  EXPECT_EQ(s.view(), "hello");
  CompactString copy = s;
  EXPECT_EQ(copy, "hello");
  EXPECT_TRUE(CompactString().empty());
  EXPECT_EQ(sizeof(CompactString), sizeof(void*));
  IdList ids{Snowflake{1}, Snowflake{2}};
  EXPECT_EQ(ids.size(), 2u);
  EXPECT_TRUE(ids.contains(Snowflake{2}));
  EXPECT_FALSE(ids.contains(Snowflake{3}));
  IdList moved = std::move(ids);
  EXPECT_EQ(moved.size(), 2u);
  EXPECT_LE(sizeof(Member), 56u);
}

TEST(Cache, CanManageRoleFollowsTheActorsTopRole) {
  Cache c;
  load(c);
  // The bot's top role (Bot, position 1) is below Mod (2): it cannot assign Mod.
  EXPECT_EQ(c.can_manage_role(Snowflake{100}, Snowflake{9}, Snowflake{200}), false);
  EXPECT_EQ(c.can_manage_role(Snowflake{100}, Snowflake{2}, Snowflake{201}), true);
  EXPECT_EQ(c.can_manage_role(Snowflake{100}, Snowflake{9}, Snowflake{201}), false);  // its own top role
  EXPECT_EQ(c.can_manage_role(Snowflake{100}, Snowflake{1}, Snowflake{200}), true);   // the owner
  EXPECT_FALSE(c.can_manage_role(Snowflake{100}, Snowflake{9}, Snowflake{999}));      // unknown role
  EXPECT_FALSE(c.can_manage_role(Snowflake{100}, Snowflake{12345}, Snowflake{200}));  // unknown actor
}

}  // namespace
