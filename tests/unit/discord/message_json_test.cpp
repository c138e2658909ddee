// The outgoing message values as Discord JSON: limits, rows, pings, edits.
#include "discord/message_json.hpp"

#include "discord/models_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace {

using namespace dbot::discord;
namespace json = boost::json;
using dbot::Snowflake;

TEST(MessageJson, EmbedTextIsClippedToDiscordsLimitsWithoutSplittingACharacter) {
  Embed embed;
  embed.title = std::string(254, 'a') + "é";           // 256 bytes: fits exactly
  embed.description = std::string(4092, 'b') + "ééx";  // 4097 bytes: clipped
  embed.field("", "");
  const auto out = embeds_json({embed});
  ASSERT_EQ(out.size(), 1u);
  const auto& e = out[0].as_object();
  EXPECT_EQ(e.at("title").as_string().size(), 256u);
  const std::string description(e.at("description").as_string());
  // The cut at 4093 would fall inside the first é: it moves before it.
  EXPECT_EQ(description, std::string(4092, 'b') + "...");
  // Empty names and values would be refused by Discord.
  EXPECT_EQ(e.at("fields").at(0).at("name").as_string(), "\u200b");
  EXPECT_FALSE(e.contains("color"));
}

TEST(MessageJson, ButtonsGoInActionRowsOfAtMostFive) {
  ActionRow row;
  for (int i = 0; i < 7; ++i) row.push_back(Button{.custom_id = "b:" + std::to_string(i), .label = "B"});
  row[0].style = ButtonStyle::danger;
  row[0].emoji = "🛑";
  const auto out = components_json({row, row, row, row, row, row});
  ASSERT_EQ(out.size(), 5u);
  const auto& buttons = out[0].at("components").as_array();
  ASSERT_EQ(buttons.size(), 5u);
  EXPECT_EQ(out[0].at("type").as_int64(), 1);
  EXPECT_EQ(buttons[0].at("type").as_int64(), 2);
  EXPECT_EQ(buttons[0].at("style").as_int64(), 4);
  EXPECT_EQ(buttons[0].at("emoji").at("name").as_string(), "🛑");
  EXPECT_EQ(buttons[4].at("custom_id").as_string(), "b:4");
}

TEST(MessageJson, NobodyIsPingedUnlessTheMessageSaysWho) {
  EXPECT_EQ(json::serialize(allowed_mentions_json(AllowedMentions::nobody())), R"({"parse":[]})");
  EXPECT_EQ(json::serialize(allowed_mentions_json(AllowedMentions::mentioned_users())), R"({"parse":["users"]})");
  AllowedMentions requester{.user_ids = {Snowflake{42}}, .replied_user = true};
  EXPECT_EQ(json::serialize(allowed_mentions_json(requester)), R"({"parse":[],"users":["42"],"replied_user":true})");
}

TEST(MessageJson, CreateCarriesOnlyWhatIsSetAndEditsClearWithEmptyLists) {
  MessageCreate create;
  create.content = "hi";
  create.reply_to = Snowflake{7};
  create.flags = kEphemeralFlag;
  const auto body = message_create_json(create);
  EXPECT_EQ(body.at("content").as_string(), "hi");
  EXPECT_FALSE(body.contains("embeds"));
  EXPECT_FALSE(body.contains("components"));
  EXPECT_EQ(body.at("message_reference").at("message_id").as_string(), "7");
  EXPECT_EQ(body.at("flags").to_number<std::uint64_t>(), 64u);

  MessageEdit edit;
  EXPECT_EQ(json::serialize(message_edit_json(edit)), R"({"allowed_mentions":{"parse":[]}})");
  edit.components.emplace();
  const auto cleared = message_edit_json(edit);
  EXPECT_TRUE(cleared.at("components").as_array().empty());
  EXPECT_FALSE(cleared.contains("content"));
}

// A received message's embeds and buttons are values too: what the writer
// sends comes back as the same values.
TEST(MessageJson, AReceivedMessageCarriesItsEmbedsAndButtonsAsValues) {
  MessageCreate sent;
  Embed embed{.title = "Case #4", .description = "Banned", .color = 0xED4245u, .footer = "by MCP"};
  embed.field("User", "<@1>", true);
  sent.embeds.push_back(embed);
  sent.components.push_back({Button{.custom_id = "cb_ban:x", .label = "Ban", .style = ButtonStyle::danger},
                             Button{.custom_id = "cb_dismiss:x", .label = "Dismiss", .disabled = true, .emoji = "❌"}});
  auto body = message_create_json(sent);
  body["id"] = "10";
  body["channel_id"] = "20";
  const auto received = parse_message(body);
  ASSERT_EQ(received.embeds.size(), 1u);
  EXPECT_EQ(received.embeds[0].title, "Case #4");
  EXPECT_EQ(received.embeds[0].color, 0xED4245u);
  EXPECT_EQ(received.embeds[0].footer, "by MCP");
  ASSERT_EQ(received.embeds[0].fields.size(), 1u);
  EXPECT_TRUE(received.embeds[0].fields[0].inline_field);
  ASSERT_EQ(received.components.size(), 1u);
  ASSERT_EQ(received.components[0].size(), 2u);
  EXPECT_EQ(received.components[0][0].style, ButtonStyle::danger);
  EXPECT_EQ(received.components[0][1].custom_id, "cb_dismiss:x");
  EXPECT_TRUE(received.components[0][1].disabled);
  EXPECT_EQ(received.components[0][1].emoji, "❌");
}

TEST(MessageJson, MalformedOrUnmodelledComponentsAreSkippedNotFatal) {
  const auto body = json::parse(R"({"id":"1","channel_id":"2","embeds":[3,{"fields":[7,{"name":1}]}],
    "components":["x",{"type":1,"components":[{"type":3,"custom_id":"select"},{"type":2,"style":5,"url":"u"},
    {"type":2,"style":9}]},{"type":1,"components":[{"type":2,"style":1,"custom_id":"ok","label":"OK"}]}]})")
                        .as_object();
  const auto received = parse_message(body);
  ASSERT_EQ(received.embeds.size(), 1u);
  ASSERT_EQ(received.embeds[0].fields.size(), 1u);
  EXPECT_EQ(received.embeds[0].fields[0].name, "");
  ASSERT_EQ(received.components.size(), 1u);
  EXPECT_EQ(received.components[0].at(0).custom_id, "ok");
}

}  // namespace
