// The event table: names round-trip, unknown names stay unknown, and each
// modelled event parses into its model.

#include "discord/events.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace dbot::discord {
namespace {

namespace json = boost::json;

TEST(Events, NamesRoundTrip) {
  for (const auto event : {Event::ready, Event::guild_member_add, Event::guild_ban_remove, Event::message_create,
                           Event::interaction_create, Event::voice_server_update}) {
    EXPECT_EQ(event_named(event_name(event)), event) << event_name(event);
  }
  EXPECT_EQ(event_named("MESSAGE_CREATE"), Event::message_create);
  EXPECT_EQ(event_named("GUILD_MEMBER_ADDD"), Event::unknown);
  EXPECT_EQ(event_name(Event::unknown), "");
}

TEST(Events, MemberAddCarriesGuildUserAndMember) {
  const auto data =
      json::parse(R"({"guild_id":"10","user":{"id":"20","username":"bob"},"roles":["30"],"nick":"Bobby"})");
  const auto parsed = parse_event(Event::guild_member_add, data);
  ASSERT_TRUE(std::holds_alternative<MemberAdd>(parsed));
  const auto& joined = std::get<MemberAdd>(parsed);
  EXPECT_EQ(joined.guild_id.value, 10u);
  EXPECT_EQ(joined.user.id.value, 20u);
  EXPECT_EQ(joined.user.username.view(), "bob");
  EXPECT_EQ(joined.member.user_id.value, 20u);
  EXPECT_EQ(joined.member.nick.view(), "Bobby");
}

TEST(Events, BanRemoveAndVoiceServerUpdate) {
  const auto ban = parse_event(Event::guild_ban_remove, json::parse(R"({"guild_id":"1","user":{"id":"2"}})"));
  ASSERT_TRUE(std::holds_alternative<BanRemove>(ban));
  EXPECT_EQ(std::get<BanRemove>(ban).user.id.value, 2u);
  const auto voice = parse_event(Event::voice_server_update,
                                 json::parse(R"({"guild_id":"1","token":"t","endpoint":"voice.example:443"})"));
  ASSERT_TRUE(std::holds_alternative<VoiceServerUpdate>(voice));
  EXPECT_EQ(std::get<VoiceServerUpdate>(voice).endpoint, "voice.example:443");
}

TEST(Events, UnmodelledOrMalformedGiveNothing) {
  EXPECT_FALSE(has_model(Event::ready));
  EXPECT_TRUE(has_model(Event::message_create));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(parse_event(Event::ready, json::parse("{}"))));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(parse_event(Event::message_create, json::parse("[1]"))));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(parse_event(Event::unknown, json::parse("{}"))));
}

}  // namespace
}  // namespace dbot::discord
