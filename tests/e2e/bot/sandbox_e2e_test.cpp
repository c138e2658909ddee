// `discord-bot sandbox --script`: the whole offline playground (in-process
// simulator, embedded Postgres in a fresh data directory, the example
// instance) driven by a script, as a newcomer's first `make run` would be.

#include <gtest/gtest.h>

#include <fstream>

#include "e2e/support/bot_harness.hpp"

namespace dbot::test {
namespace {

TEST(Sandbox, ScriptProducesTheExpectedTranscriptFromAFreshDataDirectory) {
  TempDir dir;
  // As root the embedded server runs as `postgres`, which must be able to
  // enter the data directory's parents (mkdtemp makes them private).
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                               std::filesystem::perms::group_exec |
                                               std::filesystem::perms::others_read |
                                               std::filesystem::perms::others_exec);
  const auto script = dir.path() / "script.txt";
  std::ofstream(script) << "!m help\n"
                        << "!m hlep\n"
                        << "/as admin\n"
                        << "!m help\n"
                        << "/quit\n";
  const auto result = run_command({bin("discord-bot"), "sandbox", std::string(DBOT_SOURCE_DIR) + "/instances/example",
                                   "--script", script.string(), "--data-dir", (dir.path() / "data").string()},
                                  {{"DATABASE_URL", "<unset>"}}, std::chrono::seconds(180));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto& out = result.output;
  const auto first_help = out.find("> !m help");
  const auto typo = out.find("> !m hlep");
  const auto switched = out.find("You are now admin.");
  ASSERT_NE(first_help, std::string::npos) << out;
  ASSERT_NE(typo, std::string::npos) << out;
  ASSERT_NE(switched, std::string::npos) << out;
  // alice sees the help embed without the Admin section...
  const auto alice_help = out.substr(first_help, typo - first_help);
  EXPECT_NE(alice_help.find("┌ Example Bot Commands"), std::string::npos) << alice_help;
  EXPECT_EQ(alice_help.find("│ Admin"), std::string::npos) << alice_help;
  // ...the typo gets a suggestion...
  EXPECT_NE(out.substr(typo, switched - typo).find("Did you mean `!m help`?"), std::string::npos) << out;
  // ...and admin sees the Admin section.
  EXPECT_NE(out.substr(switched).find("│ Admin"), std::string::npos) << out;
  // The embedded cluster was created in the fresh data directory.
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "data" / "postgres" / "PG_VERSION"));
}

}  // namespace
}  // namespace dbot::test
