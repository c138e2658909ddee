// The real discord-bot binary against the real simulator binary and the test
// Postgres: command framework, help, admin settings, slash commands.

#include <gtest/gtest.h>

#include "e2e/support/bot_harness.hpp"

namespace dbot::test {
namespace {
namespace json = boost::json;

class BotCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    sim = std::make_unique<SimProcess>();
    instance = write_instance(*sim, dir.path(), "testbot", {.schema = unique_schema("e2e_cmd")});
    bot = std::make_unique<BotProcess>(std::vector{instance});
    ASSERT_TRUE(bot->wait_until_connected()) << bot->output();
  }

  // Sends `content` as `user` in #general and returns the bot's reply.
  json::object ask(const std::string& user, const std::string& content) {
    const auto message = sim->say(user, "general", content);
    auto reply = sim->wait_for_reply(message);
    EXPECT_TRUE(reply) << "no reply to '" << content << "' from " << user;
    return reply.value_or(json::object{});
  }

  TempDir dir;
  std::unique_ptr<SimProcess> sim;
  std::filesystem::path instance;
  std::unique_ptr<BotProcess> bot;
};

TEST_F(BotCommands, HelpShowsOnlyTheSectionsTheUserMayUse) {
  const auto for_alice = embed_text(ask("alice", "!m help"));
  EXPECT_NE(for_alice.find("Test Bot Commands"), std::string::npos) << for_alice;
  EXPECT_NE(for_alice.find("General"), std::string::npos) << for_alice;
  EXPECT_EQ(for_alice.find("Admin"), std::string::npos) << for_alice;

  const auto for_admin = embed_text(ask("admin", "!m help"));
  EXPECT_NE(for_admin.find("Admin"), std::string::npos) << for_admin;
  EXPECT_NE(for_admin.find("!m setlog"), std::string::npos) << for_admin;
}

TEST_F(BotCommands, HelpForOneCommandShowsUsage) {
  const auto text = embed_text(ask("admin", "!m help setlog"));
  EXPECT_NE(text.find("!m setlog <channel>"), std::string::npos) << text;
}

TEST_F(BotCommands, UnknownCommandGetsTheClosestMatch) {
  const auto reply = content_of(ask("alice", "!m hlep"));
  EXPECT_NE(reply.find("I don't know the command `hlep`"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Did you mean `!m help`?"), std::string::npos) << reply;
}

TEST_F(BotCommands, MissingPermissionIsNamed) {
  const auto reply = content_of(ask("alice", "!m setlog <#1>"));
  EXPECT_NE(reply.find("You need the Administrator permission"), std::string::npos) << reply;
}

TEST_F(BotCommands, BadArgumentGetsUsage) {
  const auto reply = content_of(ask("admin", "!m setlog nowhere"));
  EXPECT_NE(reply.find("is not a channel"), std::string::npos) << reply;
  EXPECT_NE(reply.find("Usage: `!m setlog <channel>`"), std::string::npos) << reply;
}

TEST_F(BotCommands, AdminSettingsAreStoredAndShown) {
  const auto log = sim->id("channels", "mod-log");
  EXPECT_EQ(content_of(ask("admin", "!m setlog <#" + log + ">")), "Audit log channel set to <#" + log + ">.");
  EXPECT_NE(content_of(ask("admin", "!m djmode on")).find("Set a DJ role first"), std::string::npos);
  const auto member_role = sim->id("roles", "Member");
  EXPECT_EQ(content_of(ask("admin", "!m djrole <@&" + member_role + ">")), "DJ role set to **Member**.");
  EXPECT_NE(content_of(ask("admin", "!m djmode")).find("DJ mode **enabled**"), std::string::npos);

  const auto settings = embed_text(ask("admin", "!m settings"));
  EXPECT_NE(settings.find("<#" + log + ">"), std::string::npos) << settings;
  EXPECT_NE(settings.find("<@&" + member_role + ">"), std::string::npos) << settings;
  EXPECT_NE(settings.find("on"), std::string::npos) << settings;
}

TEST_F(BotCommands, SlashCommandsAreRegisteredAndAnswer) {
  // Registration happens after READY; wait until the simulator has the commands.
  ASSERT_TRUE(eventually([&] {
    const auto commands = sim->state().at("commands").as_array();
    for (const auto& command : commands) {
      if (command.at("name").as_string() == "help") return true;
    }
    return false;
  })) << json::serialize(sim->state().at("commands"));

  const auto created = sim->post("/_sim/interactions", json::object{{"command", "help"},
                                                                    {"channel_id", sim->id("channels", "general")},
                                                                    {"user_id", sim->id("users", "alice")}});
  const std::string interaction_id(created.at("id").as_string());
  json::value record;
  ASSERT_TRUE(eventually([&] {
    record = sim->get("/_sim/interactions/" + interaction_id);
    return record.at("responses").as_array().size() >= 2;  // deferral, then the answer
  })) << json::serialize(record);
  const auto& responses = record.at("responses").as_array();
  EXPECT_EQ(responses[0].at("type").as_int64(), 5);
  EXPECT_EQ(responses[1].at("kind").as_string(), "edit_original");
  EXPECT_NE(json::serialize(responses[1].at("body")).find("Test Bot Commands"), std::string::npos);
}

}  // namespace
}  // namespace dbot::test
