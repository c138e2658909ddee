// `discord-bot run`'s exit code after Discord refuses the bot for good: a
// fatal close (4004 here) used to end the process with 0, so systemd's
// Restart=on-failure neither restarted nor reported anything.

#include <gtest/gtest.h>

#include "e2e/support/bot_harness.hpp"

namespace dbot::test {
namespace {

TEST(ExitCodes, FatalDiscordCloseExitsWith78AndSaysWhy) {
  SimProcess sim;
  TempDir dir;
  const auto instance = write_instance(sim, dir.path(), "refused", {.schema = unique_schema("e2e_exit")});
  BotProcess bot({instance});
  ASSERT_TRUE(bot.wait_until_connected()) << bot.output();

  const auto applied = sim.post("/_sim/faults", boost::json::object{{"kind", "close"}, {"code", 4004}});
  ASSERT_EQ(applied.at("applied").as_int64(), 1) << boost::json::serialize(applied);

  const auto code = bot.process().wait(std::chrono::seconds(60));
  ASSERT_TRUE(code.has_value()) << "still running after a 4004 close\n" << bot.output();
  EXPECT_EQ(*code, 78) << bot.output();
  EXPECT_NE(bot.output().find("Discord refused this bot, so the process exits with code 78"), std::string::npos)
      << bot.output();
}

}  // namespace
}  // namespace dbot::test
