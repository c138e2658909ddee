// Two instances in one `discord-bot run` process, sharing a guild, each with
// its own prefix, schema and token: each answers only its own prefix.

#include <gtest/gtest.h>

#include "e2e/support/bot_harness.hpp"

namespace dbot::test {
namespace {
namespace json = boost::json;

TEST(MultiInstance, EachInstanceAnswersOnlyItsOwnPrefix) {
  SimProcess sim({"--token", "token-one", "--token", "token-two"});
  TempDir dir;
  const auto one = write_instance(sim, dir.path(), "one",
                                  {.schema = unique_schema("e2e_one"),
                                   .prefix = "!",
                                   .bot_name = "Bot One",
                                   .extra_env = {{"DISCORD_TOKEN", "token-one"}}});
  const auto two = write_instance(sim, dir.path(), "two",
                                  {.schema = unique_schema("e2e_two"),
                                   .prefix = "?",
                                   .bot_name = "Bot Two",
                                   .extra_env = {{"DISCORD_TOKEN", "token-two"}}});
  BotProcess bot({one, two});
  ASSERT_TRUE(bot.wait_until_connected(2)) << bot.output();

  const auto count_replies = [&](const json::object& message, std::string* title) {
    std::size_t replies = 0;
    eventually([&] {
      replies = 0;
      for (const auto& candidate : sim.messages("general")) {
        const auto* reference = candidate.if_contains("message_reference");
        if (reference && reference->is_object() &&
            reference->as_object().at("message_id").as_string() == message.at("id").as_string()) {
          ++replies;
          *title = embed_text(candidate);
        }
      }
      return replies > 0;
    });
    // Give a wrong second answer time to show up before counting for good.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    replies = 0;
    for (const auto& candidate : sim.messages("general")) {
      const auto* reference = candidate.if_contains("message_reference");
      if (reference && reference->is_object() &&
          reference->as_object().at("message_id").as_string() == message.at("id").as_string()) {
        ++replies;
      }
    }
    return replies;
  };

  std::string title;
  EXPECT_EQ(count_replies(sim.say("alice", "general", "!m help"), &title), 1u);
  EXPECT_NE(title.find("Bot One Commands"), std::string::npos) << title;
  EXPECT_EQ(count_replies(sim.say("alice", "general", "?m help"), &title), 1u);
  EXPECT_NE(title.find("Bot Two Commands"), std::string::npos) << title;
}

}  // namespace
}  // namespace dbot::test
