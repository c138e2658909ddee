#include <gtest/gtest.h>

#include "bot/command/argument.hpp"
#include "bot/command/registry.hpp"

using namespace std::chrono_literals;
using dbot::bot::ArgKind;
using dbot::bot::ArgSpec;

namespace {

std::vector<ArgSpec> ban_args() {
  return {{"member", ArgKind::member, "who"},
          {"duration", ArgKind::duration_or_perm, "how long"},
          {"reason", ArgKind::rest, "why", false}};
}

dbot::bot::ParsedArgs ok(const std::vector<ArgSpec>& specs, std::string_view input) {
  auto parsed = dbot::bot::parse_arguments(specs, input);
  if (auto* error = std::get_if<dbot::bot::ArgumentError>(&parsed)) {
    ADD_FAILURE() << input << ": " << error->message;
    return {};
  }
  return std::get<dbot::bot::ParsedArgs>(parsed);
}

dbot::bot::ArgumentError fails(const std::vector<ArgSpec>& specs, std::string_view input) {
  auto parsed = dbot::bot::parse_arguments(specs, input);
  EXPECT_TRUE(std::holds_alternative<dbot::bot::ArgumentError>(parsed)) << input;
  if (auto* error = std::get_if<dbot::bot::ArgumentError>(&parsed)) return *error;
  return {};
}

TEST(Arguments, MentionFormsAndIds) {
  EXPECT_EQ(dbot::bot::parse_user_ref("<@123>")->value, 123u);
  EXPECT_EQ(dbot::bot::parse_user_ref("<@!123>")->value, 123u);
  EXPECT_EQ(dbot::bot::parse_user_ref("123")->value, 123u);
  EXPECT_FALSE(dbot::bot::parse_user_ref("<@&123>"));
  EXPECT_EQ(dbot::bot::parse_role_ref("<@&77>")->value, 77u);
  EXPECT_EQ(dbot::bot::parse_channel_ref("<#88>")->value, 88u);
  EXPECT_FALSE(dbot::bot::parse_channel_ref("<@88>"));
  EXPECT_FALSE(dbot::bot::parse_user_ref("@alice"));
}

TEST(Arguments, TempbanWithReason) {
  const auto parsed = ok(ban_args(), "<@42> 3d spamming links  everywhere");
  EXPECT_EQ(parsed.id("member")->value, 42u);
  bool permanent = true;
  EXPECT_EQ(parsed.duration("duration", &permanent), 72h);
  EXPECT_FALSE(permanent);
  EXPECT_EQ(parsed.text("reason"), "spamming links  everywhere");
}

TEST(Arguments, PermanentBanWithoutReason) {
  const auto parsed = ok(ban_args(), "42 perm");
  bool permanent = false;
  parsed.duration("duration", &permanent);
  EXPECT_TRUE(permanent);
  EXPECT_FALSE(parsed.text("reason"));
}

TEST(Arguments, ErrorsNameTheArgument) {
  EXPECT_EQ(fails(ban_args(), "").argument, "member");
  EXPECT_EQ(fails(ban_args(), "<@42>").argument, "duration");
  EXPECT_EQ(fails(ban_args(), "alice 3d").argument, "member");
  EXPECT_EQ(fails(ban_args(), "<@42> 400d").argument, "duration");
}

TEST(Arguments, IntegerBoundsAndExtraInput) {
  const std::vector<ArgSpec> nuke{{"count", ArgKind::integer, "how many", true, 1, 100}};
  EXPECT_EQ(ok(nuke, "50").integer("count"), 50);
  EXPECT_NE(fails(nuke, "0").message.find("1 to 100"), std::string::npos);
  EXPECT_NE(fails(nuke, "101").message.find("1 to 100"), std::string::npos);
  fails(nuke, "ten");
  EXPECT_NE(fails(nuke, "5 6").message.find("extra input"), std::string::npos);
}

TEST(Arguments, ChoicesAndQuotes) {
  const std::vector<ArgSpec> specs{{"mode", ArgKind::choice, "", true, 0, 0, 0s, {"on", "off"}},
                                   {"label", ArgKind::word, "", false}};
  const auto parsed = ok(specs, "ON \"two words\"");
  EXPECT_EQ(parsed.text("mode"), "on");
  EXPECT_EQ(parsed.text("label"), "two words");
  fails(specs, "maybe");
  EXPECT_EQ(dbot::bot::usage_of(specs), "<on|off> [label]");
}

TEST(Arguments, DurationWithCustomMaximum) {
  const std::vector<ArgSpec> timeout{{"duration", ArgKind::duration, "", true, 0, 0, 28 * 24h}};
  EXPECT_EQ(ok(timeout, "28d").duration("duration"), 28 * 24h);
  fails(timeout, "29d");
}

dbot::bot::CommandRegistry sample_registry() {
  dbot::bot::CommandRegistry registry;
  registry.add({{{"ban"}, {}, "Moderation", "Ban a member", ban_args()}, {}});
  registry.add({{{"banlist"}, {"bans"}, "Moderation", "List tempbans"}, {}});
  registry.add({{{"stock", "buy"}, {"b"}, "Stocks", "Buy shares"}, {}});
  registry.add({{{"stock", "sell"}, {"s"}, "Stocks", "Sell shares"}, {}});
  registry.add({{{"help"}, {"h"}, "General", "Show help"}, {}});
  return registry;
}

TEST(Registry, ResolvesNamesAliasesAndGroups) {
  const auto registry = sample_registry();
  auto r = registry.resolve("ban <@1> 1d rude");
  ASSERT_TRUE(std::holds_alternative<dbot::bot::Resolved>(r));
  EXPECT_EQ(std::get<dbot::bot::Resolved>(r).command->spec.path.front(), "ban");
  EXPECT_EQ(std::get<dbot::bot::Resolved>(r).arguments, "<@1> 1d rude");

  r = registry.resolve("BANS");
  ASSERT_TRUE(std::holds_alternative<dbot::bot::Resolved>(r));
  EXPECT_EQ(std::get<dbot::bot::Resolved>(r).command->spec.path.front(), "banlist");

  r = registry.resolve("stock b AAPL 2");
  ASSERT_TRUE(std::holds_alternative<dbot::bot::Resolved>(r));
  EXPECT_EQ(std::get<dbot::bot::Resolved>(r).command->spec.path.back(), "buy");
  EXPECT_EQ(std::get<dbot::bot::Resolved>(r).arguments, "AAPL 2");
}

TEST(Registry, UnknownCommandsGetTheClosestMatch) {
  const auto registry = sample_registry();
  auto r = registry.resolve("bna x");
  ASSERT_TRUE(std::holds_alternative<dbot::bot::UnknownCommand>(r));
  EXPECT_EQ(std::get<dbot::bot::UnknownCommand>(r).suggestion, "ban");

  r = registry.resolve("stock bye AAPL");
  ASSERT_TRUE(std::holds_alternative<dbot::bot::UnknownCommand>(r));
  EXPECT_EQ(std::get<dbot::bot::UnknownCommand>(r).suggestion, "stock buy");

  r = registry.resolve("dance");
  ASSERT_TRUE(std::holds_alternative<dbot::bot::UnknownCommand>(r));
  EXPECT_FALSE(std::get<dbot::bot::UnknownCommand>(r).suggestion);
}

TEST(Registry, RefusesDuplicates) {
  auto registry = sample_registry();
  EXPECT_THROW(registry.add({{{"bans"}, {}, "X", "dup"}, {}}), std::logic_error);
  EXPECT_THROW(registry.add({{{"stock"}, {}, "X", "shadows group"}, {}}), std::logic_error);
  EXPECT_NO_THROW(registry.add({{{"wordle", "b"}, {}, "X", "same alias, other group"}, {}}));
}

TEST(Prefix, StripsPrefixAndRoot) {
  using dbot::bot::strip_command_prefix;
  EXPECT_EQ(strip_command_prefix("!m ban x", "!", "m"), "ban x");
  EXPECT_EQ(strip_command_prefix("!M help", "!", "m"), "help");
  EXPECT_EQ(strip_command_prefix("!m", "!", "m"), "");
  EXPECT_FALSE(strip_command_prefix("!mban x", "!", "m"));
  EXPECT_FALSE(strip_command_prefix("?m ban", "!", "m"));
  EXPECT_EQ(strip_command_prefix("!ban x", "!", ""), "ban x");
  EXPECT_EQ(dbot::bot::command_prefix_text("!", "m"), "!m ");
  EXPECT_EQ(dbot::bot::command_prefix_text("!", ""), "!");
}

TEST(Usage, LineFromTheSpec) {
  const auto registry = sample_registry();
  EXPECT_EQ(dbot::bot::usage_line(registry.find({"ban"})->spec, "!m "), "!m ban <member> <duration> [reason]");
}

}  // namespace

#include <boost/json.hpp>

#include "bot/command/help.hpp"
#include "bot/command/slash.hpp"

namespace {

TEST(Help, ListsOnlyUsableSectionsWithNameAndVersion) {
  const auto registry = sample_registry();
  const auto page = dbot::bot::render_help(registry, "!m ", "Example Bot", "1.2.3",
                                           [](const dbot::bot::Command& c) { return c.spec.section != "Moderation"; });
  EXPECT_NE(page.title.find("Example Bot"), std::string::npos);
  EXPECT_NE(page.footer.find("1.2.3"), std::string::npos);
  ASSERT_EQ(page.fields.size(), 2u);
  EXPECT_EQ(page.fields[0].name, "Stocks");
  EXPECT_NE(page.fields[0].value.find("`!m stock buy`"), std::string::npos);
  EXPECT_EQ(page.fields[1].name, "General");
}

TEST(Help, OneCommandShowsUsageAndAliases) {
  const auto registry = sample_registry();
  const auto page = dbot::bot::render_command_help(*registry.find({"banlist"}), "!m ");
  EXPECT_EQ(page.fields[0].value, "`!m banlist`");
  EXPECT_EQ(page.fields[1].name, "Aliases");
  EXPECT_EQ(page.fields[1].value, "bans");
}

TEST(Slash, CommandsAndGroupsFromTheSameSpecs) {
  auto registry = sample_registry();
  const auto parsed = boost::json::parse(dbot::bot::slash_commands_json(registry)).as_array();
  ASSERT_EQ(parsed.size(), 4u);  // ban, banlist, help, stock
  const auto& ban = parsed[0].as_object();
  EXPECT_EQ(ban.at("name").as_string(), "ban");
  const auto& options = ban.at("options").as_array();
  ASSERT_EQ(options.size(), 3u);
  EXPECT_EQ(options[0].at("type").as_int64(), 6);  // USER
  EXPECT_EQ(options[2].at("required").as_bool(), false);
  const auto& stock = parsed[3].as_object();
  EXPECT_EQ(stock.at("name").as_string(), "stock");
  EXPECT_EQ(stock.at("options").as_array().size(), 2u);
  EXPECT_EQ(stock.at("options").as_array()[0].at("type").as_int64(), 1);  // SUB_COMMAND
}

}  // namespace
