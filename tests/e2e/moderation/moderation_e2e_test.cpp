// Moderation commands end to end: the real bot against the simulator and the
// test Postgres. What Discord ends up with is read back from the simulator,
// what the bot recorded from the instance's schema.

#include <set>
#include <thread>

#include "e2e/moderation/moderation_support.hpp"

namespace dbot::test {
namespace {
namespace json = boost::json;
using ::testing::HasSubstr;

class Moderation : public ModerationTest {
 protected:
  void SetUp() override { start("[moderation]\ntempban_check_interval = \"1s\"\n"); }

  void set_log_channel() {
    ASSERT_THAT(ask("admin", "!m setlog <#" + sim->id("channels", "mod-log") + ">"),
                HasSubstr("Audit log channel set"));
  }

  // The modlog embeds posted so far, as text.
  std::vector<std::string> modlog() const {
    std::vector<std::string> out;
    for (const auto& m : sim->messages("mod-log")) out.push_back(embed_text(m));
    return out;
  }
};

TEST_F(Moderation, ActionsReachDiscordWithAuditReasonsAndBecomeNumberedCases) {
  set_log_channel();
  sim->post("/_sim/members", json::object{{"username", "carol"}, {"roles", json::array{sim->id("roles", "Member")}}});

  const auto banned = ask("mod", "!m ban " + mention("alice") + " 1h spamming links");
  EXPECT_THAT(banned, HasSubstr("Banned **alice** for **1h**"));
  EXPECT_THAT(banned, HasSubstr("Case #1."));
  EXPECT_THAT(banned, HasSubstr("Reason: spamming links"));
  EXPECT_EQ(ban_reason("alice"), "Tempban (1h) by mod: spamming links");

  // (The moderation limiter allows 5 actions a minute per moderator: share them out.)
  const auto kicked = ask("admin", "!m kick " + mention("bob") + " rude");
  EXPECT_THAT(kicked, HasSubstr("Kicked **bob**. Case #2."));
  const auto audit = user_rest("admin", "GET", "/guilds/" + guild() + "/audit-logs?action_type=20");
  EXPECT_THAT(audit.body, HasSubstr("Kick by admin: rude"));
  EXPECT_TRUE(member_roles("bob").empty());  // gone from the guild

  const auto timed_out = ask("mod", "!m timeout " + mention("carol") + " 10m calm down");
  EXPECT_THAT(timed_out, HasSubstr("Timed out **carol** for **10m**"));
  EXPECT_THAT(timed_out, HasSubstr("Case #3."));
  const auto carol = user_rest("admin", "GET", "/guilds/" + guild() + "/members/" + user("carol"));
  EXPECT_FALSE(json::parse(carol.body).at("communication_disabled_until").is_null()) << carol.body;

  const auto untimed = ask("admin", "!m untimeout " + mention("carol"));
  EXPECT_THAT(untimed, HasSubstr("Removed **carol**'s timeout. Case #4."));
  const auto warned = ask("mod", "!m warn " + mention("carol") + " be nice");
  EXPECT_THAT(warned, HasSubstr("Warned **carol**. Case #5."));

  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM mod_cases"), 5);
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM tempbans WHERE unbanned = FALSE"), 1);
  const auto log = modlog();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_THAT(log[0], HasSubstr("Mod Action: Tempban"));
  EXPECT_THAT(log[0], HasSubstr("#1"));
  EXPECT_THAT(log[1], HasSubstr("Mod Action: Kick"));
  EXPECT_THAT(log[4], HasSubstr("Mod Action: Warn"));

  const auto all = ask("mod", "!m cases");
  EXPECT_THAT(all, HasSubstr("Showing 5 of 5"));
  const auto carols = ask("mod", "!m cases " + mention("carol"));
  EXPECT_THAT(carols, HasSubstr("Showing 3 of 3"));
  EXPECT_THAT(ask("mod", "!m case 2"), HasSubstr("Mod Action: Kick"));
  EXPECT_THAT(ask("mod", "!m case 99"), HasSubstr("There is no case #99"));

  const auto unbanned = ask("mod", "!m unban " + user("alice"));
  EXPECT_THAT(unbanned, HasSubstr("Unbanned **alice**. Case #6."));
  EXPECT_FALSE(ban_reason("alice"));
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM tempbans WHERE unbanned = FALSE"), 0);
}

TEST_F(Moderation, TheModerationLimiterAllowsFiveActionsAMinute) {
  for (int i = 1; i <= 5; ++i) {
    const auto answer = ask("mod", "!m warn " + mention("alice") + " number " + std::to_string(i));
    EXPECT_TRUE(contains(answer, "Case #" + std::to_string(i) + ".")) << answer;
  }
  const auto limited = ask("mod", "!m warn " + mention("alice") + " one too many");
  EXPECT_THAT(limited, HasSubstr("You're doing that too often. Try again in"));
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM mod_cases"), 5);
  // Other moderators are not affected, and reading the record is not limited.
  EXPECT_THAT(ask("admin", "!m warn " + mention("alice") + " from admin"), HasSubstr("Case #6."));
  EXPECT_THAT(ask("mod", "!m cases"), HasSubstr("Showing 6 of 6"));
}

TEST_F(Moderation, ReasonEditsTheCaseAndItsModlogEmbed) {
  set_log_channel();
  ASSERT_THAT(ask("mod", "!m warn " + mention("alice") + " first draft"), HasSubstr("Case #1."));
  ASSERT_TRUE(eventually([&] { return modlog().size() == 1; }));
  const auto answer = ask("mod", "!m reason 1 posting spoilers");
  EXPECT_EQ(answer, "Case #1 reason set. The modlog entry was updated too.");
  EXPECT_THAT(modlog().at(0), HasSubstr("posting spoilers"));
  EXPECT_THAT(modlog().at(0), HasSubstr("Reason edited"));
  EXPECT_EQ(query_schema(schema, "SELECT reason FROM mod_cases WHERE case_number = 1").scalar<std::string>(),
            "posting spoilers");
  EXPECT_THAT(ask("mod", "!m reason 7 nope"), HasSubstr("There is no case #7"));
}

TEST_F(Moderation, RefusesWithoutPermissionAndAgainstTheHierarchy) {
  EXPECT_THAT(ask("alice", "!m ban " + mention("bob") + " 1h"), HasSubstr("Ban Members"));
  EXPECT_THAT(ask("alice", "!m nuke 5"), HasSubstr("Manage Messages"));
  EXPECT_THAT(ask("mod", "!m ban " + mention("admin") + " 1h"), HasSubstr("at or above yours"));
  EXPECT_THAT(ask("owner", "!m kick " + mention("admin")), HasSubstr("at or above mine"));
  EXPECT_THAT(ask("mod", "!m timeout " + mention("mod") + " 5m"), HasSubstr("yourself"));
  EXPECT_THAT(ask("mod", "!m kick " + mention("bot")), HasSubstr("myself"));
  EXPECT_THAT(ask("admin", "!m ban " + mention("owner") + " perm"), HasSubstr("server owner"));
  // Nothing was done or recorded.
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM mod_cases"), 0);
  EXPECT_FALSE(ban_reason("bob"));
  EXPECT_FALSE(ban_reason("admin"));
  EXPECT_EQ(member_roles("admin").size(), 1u);
}

// Manage Messages granted by the Moderator role but denied to `mod` in
// #general by a channel overwrite: nuke there is refused, as Discord's own
// client would refuse deleting others' messages there.
TEST_F(Moderation, NukeHonoursAChannelOverwriteDenyingManageMessages) {
  const auto general = sim->id("channels", "general");
  constexpr std::uint64_t kManageMessages = 1ULL << 13;
  ASSERT_EQ(user_rest("admin", "PUT", "/channels/" + general + "/permissions/" + user("mod"),
                      json::object{{"type", 1}, {"allow", "0"}, {"deny", std::to_string(kManageMessages)}})
                .status,
            204u);
  for (int i = 0; i < 3; ++i) sim->say("alice", "general", "keep " + std::to_string(i));
  EXPECT_THAT(ask("mod", "!m nuke 3"), HasSubstr("You need the Manage Messages permission in this channel"));
  std::size_t kept = 0;
  for (const auto& m : sim->messages("general")) kept += content_of(m).starts_with("keep ") ? 1 : 0;
  EXPECT_EQ(kept, 3u);
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM mod_cases"), 0);

  // Without the overwrite the same moderator may.
  ASSERT_EQ(user_rest("admin", "DELETE", "/channels/" + general + "/permissions/" + user("mod")).status, 204u);
  const auto command = sim->say("mod", "general", "!m nuke 3");
  EXPECT_TRUE(sim->wait_for_bot_message(
      "general", [](const json::object& m) { return contains(content_of(m), "Deleted **3** messages."); },
      std::string(command.at("id").as_string())));
}

// Refused commands get a few answers per user, then none: spamming a command
// one may not use cannot make the bot spam the channel.
TEST_F(Moderation, RefusalsAreAnsweredAFewTimesPerUserThenNotAtAll) {
  std::set<std::string> refused;
  for (int i = 0; i < 5; ++i) {
    refused.insert(std::string(sim->say("alice", "general", "!m nuke 5").at("id").as_string()));
  }
  // A command alice may use, answered after the refusals (same channel, same
  // bucket, so in order).
  const auto help = sim->say("alice", "general", "!m help");
  ASSERT_TRUE(sim->wait_for_reply(help));
  std::size_t answered = 0;
  for (const auto& m : sim->messages("general")) {
    const auto* reference = m.if_contains("message_reference");
    if (reference && reference->is_object() && reference->as_object().contains("message_id") &&
        refused.contains(std::string(reference->as_object().at("message_id").as_string()))) {
      EXPECT_THAT(content_of(m), HasSubstr("Manage Messages"));
      ++answered;
    }
  }
  EXPECT_EQ(answered, 3u);
  // Another user is not affected.
  EXPECT_THAT(ask("bob", "!m nuke 5"), HasSubstr("Manage Messages"));
}

TEST_F(Moderation, BadArgumentsGetTheUsage) {
  EXPECT_THAT(ask("mod", "!m ban " + mention("alice") + " 2x"), HasSubstr("Usage: `!m ban"));
  EXPECT_THAT(ask("mod", "!m timeout " + mention("alice") + " 29d"), HasSubstr("Usage: `!m timeout"));
  EXPECT_THAT(ask("admin", "!m nuke 0"), HasSubstr("Usage: `!m nuke"));
  EXPECT_THAT(ask("admin", "!m warn " + mention("alice")), HasSubstr("Usage: `!m warn"));
  EXPECT_THAT(ask("admin", "!m case abc"), HasSubstr("Usage: `!m case"));
  EXPECT_THAT(ask("admin", "!m reason 1"), HasSubstr("Usage: `!m reason"));
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM mod_cases"), 0);
  EXPECT_FALSE(ban_reason("alice"));
}

TEST_F(Moderation, AFailedBanLeavesNoBanAndNoRecord) {
  sim->post(
      "/_sim/faults",
      json::object{{"kind", "rest"}, {"route", "PUT /guilds/{guild_id}/bans/{id}"}, {"status", 403}, {"count", 1}});
  const auto answer = ask("mod", "!m ban " + mention("alice") + " 1h");
  EXPECT_THAT(answer, HasSubstr("Discord"));
  EXPECT_FALSE(contains(answer, "Banned")) << answer;
  EXPECT_FALSE(ban_reason("alice"));
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM tempbans"), 0);
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM mod_cases"), 0);
  EXPECT_THAT(ask("mod", "!m banlist"), HasSubstr("No active tempbans."));
}

TEST_F(Moderation, ExpiredTempbanIsLiftedAndLogged) {
  set_log_channel();
  ASSERT_THAT(ask("mod", "!m ban " + mention("alice") + " 2s"), HasSubstr("Case #1."));
  ASSERT_TRUE(ban_reason("alice"));
  ASSERT_TRUE(eventually([&] { return !ban_reason("alice"); }, std::chrono::seconds(20)));
  ASSERT_TRUE(eventually(
      [&] { return count_rows("SELECT COUNT(*) FROM tempbans WHERE unbanned AND ended_how = 'expired'") == 1; }));
  ASSERT_TRUE(eventually([&] { return modlog().size() == 2; }));
  EXPECT_THAT(modlog()[1], HasSubstr("Mod Action: Unban"));
  EXPECT_THAT(modlog()[1], HasSubstr("Tempban expired (case #1)"));
  const auto audit = user_rest("admin", "GET", "/guilds/" + guild() + "/audit-logs?action_type=23");
  EXPECT_THAT(audit.body, HasSubstr("Tempban expired (case #1)"));
}

TEST_F(Moderation, AFailedUnbanStaysVisibleAndIsRetried) {
  sim->post(
      "/_sim/faults",
      json::object{{"kind", "rest"}, {"route", "DELETE /guilds/{guild_id}/bans/{id}"}, {"status", 403}, {"count", 1}});
  ASSERT_THAT(ask("mod", "!m ban " + mention("alice") + " 1s"), HasSubstr("Case #1."));
  ASSERT_TRUE(eventually([&] { return count_rows("SELECT COUNT(*) FROM tempbans WHERE attempts >= 1") == 1; },
                         std::chrono::seconds(20)));
  // Still banned and still listed until the retry succeeds.
  const auto listed = query_schema(schema, "SELECT unbanned, last_error FROM tempbans");
  EXPECT_TRUE(listed.get<bool>(0, "unbanned") == false || !ban_reason("alice"));
  ASSERT_TRUE(eventually([&] { return !ban_reason("alice"); }, std::chrono::seconds(20)));
  ASSERT_TRUE(eventually(
      [&] { return count_rows("SELECT COUNT(*) FROM tempbans WHERE unbanned AND ended_how = 'expired'") == 1; }));
}

TEST_F(Moderation, BanListShowsAFailingUnban) {
  sim->post("/_sim/faults",
            json::object{
                {"kind", "rest"}, {"route", "DELETE /guilds/{guild_id}/bans/{id}"}, {"status", 403}, {"count", 100}});
  ASSERT_THAT(ask("mod", "!m ban " + mention("alice") + " 1s broke rules"), HasSubstr("Case #1."));
  ASSERT_TRUE(eventually([&] { return count_rows("SELECT COUNT(*) FROM tempbans WHERE attempts >= 1") == 1; },
                         std::chrono::seconds(20)));
  const auto list = ask("mod", "!m banlist");
  EXPECT_THAT(list, HasSubstr("Active Tempbans"));
  EXPECT_THAT(list, HasSubstr("unban failing"));
  EXPECT_THAT(list, HasSubstr("broke rules"));
  EXPECT_TRUE(ban_reason("alice"));
}

TEST_F(Moderation, ABanBySomeoneElseIsNeverLiftedAndCasesSurviveARestart) {
  ASSERT_THAT(ask("mod", "!m ban " + mention("alice") + " 3s"), HasSubstr("Case #1."));
  stop_bot();
  // While the bot is away an admin lifts the ban and bans again, for good.
  const auto path = "/guilds/" + guild() + "/bans/" + user("alice");
  ASSERT_EQ(user_rest("admin", "DELETE", path).status, 204u);
  ASSERT_EQ(user_rest("admin", "PUT", path, json::object{}, "raid account").status, 204u);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  start_bot();
  ASSERT_TRUE(eventually(
      [&] { return count_rows("SELECT COUNT(*) FROM tempbans WHERE unbanned AND ended_how = 'superseded'") == 1; }));
  EXPECT_EQ(ban_reason("alice"), "raid account");
  // Numbering continues after the restart.
  EXPECT_THAT(ask("mod", "!m warn " + mention("bob") + " spam"), HasSubstr("Case #2."));
  EXPECT_THAT(ask("mod", "!m case 1"), HasSubstr("Mod Action: Tempban"));
}

TEST_F(Moderation, AnUnbanInDiscordEndsTheTempban) {
  ASSERT_THAT(ask("mod", "!m ban " + mention("alice") + " 1h"), HasSubstr("Case #1."));
  ASSERT_EQ(user_rest("admin", "DELETE", "/guilds/" + guild() + "/bans/" + user("alice")).status, 204u);
  ASSERT_TRUE(eventually(
      [&] { return count_rows("SELECT COUNT(*) FROM tempbans WHERE unbanned AND ended_how = 'unbanned'") == 1; }));
  EXPECT_THAT(ask("mod", "!m banlist"), HasSubstr("No active tempbans."));
}

TEST_F(Moderation, NukeDeletesTheLatestMessagesButNotItsOwnAnswer) {
  for (int i = 0; i < 5; ++i) sim->say("alice", "general", "message " + std::to_string(i));
  const auto command = sim->say("mod", "general", "!m nuke 3");
  const auto notice = sim->wait_for_bot_message(
      "general", [](const json::object& m) { return contains(content_of(m), "Deleted **3** messages."); },
      std::string(command.at("id").as_string()));
  ASSERT_TRUE(notice);
  std::vector<std::string> left;
  for (const auto& m : sim->messages("general")) left.push_back(content_of(m));
  EXPECT_TRUE(std::find(left.begin(), left.end(), "message 0") != left.end());
  EXPECT_TRUE(std::find(left.begin(), left.end(), "message 1") != left.end());
  EXPECT_TRUE(std::find(left.begin(), left.end(), "message 2") == left.end());
  EXPECT_TRUE(std::find(left.begin(), left.end(), "message 4") == left.end());
  EXPECT_TRUE(std::find(left.begin(), left.end(), "!m nuke 3") == left.end());
  EXPECT_EQ(query_schema(schema, "SELECT action FROM mod_cases").scalar<std::string>(), "nuke");
  // The notice cleans itself up.
  EXPECT_TRUE(eventually([&] {
    for (const auto& m : sim->messages("general"))
      if (contains(content_of(m), "Deleted **")) return false;
    return true;
  }));
}

TEST_F(Moderation, SlashBanWorksLikeThePrefixCommand) {
  ASSERT_TRUE(eventually([&] {
    const auto commands = sim->state().at("commands").as_array();
    for (const auto& c : commands)
      if (c.at("name").as_string() == "ban") return true;
    return false;
  }));
  const auto created = sim->post(
      "/_sim/interactions",
      json::object{{"command", "ban"},
                   {"options", json::array{json::object{{"name", "member"}, {"type", 6}, {"value", user("alice")}},
                                           json::object{{"name", "duration"}, {"type", 3}, {"value", "perm"}}}},
                   {"channel_id", sim->id("channels", "general")},
                   {"user_id", user("mod")}});
  ASSERT_TRUE(created.contains("id"));
  ASSERT_TRUE(eventually([&] { return ban_reason("alice").has_value(); }));
  EXPECT_EQ(ban_reason("alice"), "Ban by mod");
  EXPECT_EQ(query_schema(schema, "SELECT action FROM mod_cases").scalar<std::string>(), "ban");
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM tempbans"), 0);
}

}  // namespace
}  // namespace dbot::test
