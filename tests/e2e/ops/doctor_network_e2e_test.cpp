// doctor --network against the simulator: the checks that ask Discord
// (token, privileged intents, membership of GUILD_ID, permissions, role
// position) pass on a healthy setup and each fails on its own breakage.

#include <gtest/gtest.h>

#include "e2e/ops/ops_e2e_support.hpp"

namespace dbot::test::ops {
namespace {

std::string join_role(const std::string& role_id) {
  return "[features]\njoin_role = true\n[join_role]\nrole = \"" + role_id + "\"\n";
}

DoctorJson network_doctor(const std::filesystem::path& instance) {
  return doctor_json({"--network", "--no-database", instance.string()});
}

TEST(DoctorNetworkE2E, HealthyBotPassesEveryDiscordCheck) {
  SimProcess sim;
  TempDir dir;
  const auto instance =
      write_instance(sim, dir.path(), "bot", {.schema = "unused", .extra_toml = join_role(sim.id("roles", "Member"))});
  const auto report = network_doctor(instance);
  for (const char* check :
       {"discord.token", "discord.intents", "discord.guild_member", "discord.permissions", "discord.role_position"}) {
    EXPECT_TRUE(report.has("PASS", check)) << check << "\n" << report.output;
  }
  EXPECT_EQ(report.output.find("sim-bot-token"), std::string::npos);
}

TEST(DoctorNetworkE2E, ManagedRoleAboveTheBotFails) {
  SimProcess sim;
  TempDir dir;
  const auto instance =
      write_instance(sim, dir.path(), "bot", {.schema = "unused", .extra_toml = join_role(sim.id("roles", "Admin"))});
  const auto report = network_doctor(instance);
  EXPECT_EQ(report.exit_code, 1);
  EXPECT_NE(
      report.with("FAIL").find("join_role.role (" + sim.id("roles", "Admin") + ") is not below the bot's highest role"),
      std::string::npos)
      << report.output;
}

TEST(DoctorNetworkE2E, UnknownManagedRoleFails) {
  SimProcess sim;
  TempDir dir;
  const auto instance =
      write_instance(sim, dir.path(), "bot", {.schema = "unused", .extra_toml = join_role("123456789012345678")});
  const auto report = network_doctor(instance);
  EXPECT_NE(report.with("FAIL").find("is not a role of the guild"), std::string::npos) << report.output;
}

TEST(DoctorNetworkE2E, RejectedTokenFails) {
  SimProcess sim;
  TempDir dir;
  const auto instance = write_instance(sim, dir.path(), "bot",
                                       {.schema = "unused", .extra_env = {{"DISCORD_TOKEN", "not-the-right-token"}}});
  const auto report = network_doctor(instance);
  EXPECT_EQ(report.exit_code, 1);
  EXPECT_TRUE(report.has("FAIL", "discord.token")) << report.output;
  EXPECT_EQ(report.output.find("not-the-right-token"), std::string::npos);
}

TEST(DoctorNetworkE2E, PrivilegedIntentsNotEnabledFail) {
  SimProcess sim({"--disallowed-intents", std::to_string((1 << 1) | (1 << 15))});
  TempDir dir;
  const auto instance = write_instance(sim, dir.path(), "bot", {.schema = "unused"});
  const auto report = network_doctor(instance);
  EXPECT_NE(report.with("FAIL").find("privileged intents not enabled: Server Members, Message Content"),
            std::string::npos)
      << report.output;
}

TEST(DoctorNetworkE2E, NotAMemberOfTheGuildFails) {
  SimProcess sim;
  TempDir dir;
  const auto instance =
      write_instance(sim, dir.path(), "bot", {.schema = "unused", .extra_env = {{"GUILD_ID", "123456789012345678"}}});
  const auto report = network_doctor(instance);
  EXPECT_NE(report.with("FAIL").find("the bot is not a member of GUILD_ID 123456789012345678"), std::string::npos)
      << report.output;
}

TEST(DoctorNetworkE2E, AdministratorIsWarned) {
  TempDir seed_dir;
  write_file(seed_dir.path() / "world.json", R"({
    "include_default": false,
    "bot": {"username": "sim-bot"},
    "users": ["owner"],
    "guilds": [{"name": "Sandbox", "owner": "owner", "everyone_permissions": "8",
                "channels": [{"name": "general", "type": 0}], "members": []}]
  })");
  SimProcess sim({"--seed", (seed_dir.path() / "world.json").string()});
  TempDir dir;
  const auto instance = write_instance(sim, dir.path(), "bot", {.schema = "unused"});
  const auto report = network_doctor(instance);
  EXPECT_NE(report.with("WARN").find("the bot has Administrator"), std::string::npos) << report.output;
}

}  // namespace
}  // namespace dbot::test::ops
