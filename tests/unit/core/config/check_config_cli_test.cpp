// End to end: runs the built `discord-bot check-config` on the shipped example
// and on a filled-in copy. Needs the discord-bot target built into the same
// build's bin directory (DBOT_BIN_DIR).

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "unit/support/temp_instance.hpp"

namespace dbot::config {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string output;
};

std::string quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Runs with a scrubbed environment so the developer's own variables cannot
// change the result.
CliRun check_config(const std::vector<std::string>& dirs) {
  std::string command =
      "env -i PATH=/usr/bin:/bin " + quote(std::string(DBOT_BIN_DIR) + "/discord-bot") + " check-config";
  for (const auto& dir : dirs) command += " " + quote(dir);
  command += " 2>&1";
  CliRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class CheckConfigCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(std::string(DBOT_BIN_DIR) + "/discord-bot"))
        << "build the discord-bot target first: cmake --build <build> --target discord-bot";
  }
  const std::string example_ = std::string(DBOT_SOURCE_DIR) + "/instances/example";
};

TEST_F(CheckConfigCli, ShippedExampleReportsThePlaceholders) {
  const CliRun run = check_config({example_});
  EXPECT_NE(run.exit_code, 0) << run.output;
  for (const char* key : {"DISCORD_TOKEN", "CLIENT_ID", "GUILD_ID"}) {
    const std::string line = "ERROR " + example_ + "/.env.example: " + key + ": ";
    EXPECT_NE(run.output.find(line), std::string::npos) << key << "\n" << run.output;
  }
  EXPECT_NE(run.output.find("placeholder"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("reading .env.example instead"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find(example_ + ": FAILED (3 errors"), std::string::npos) << run.output;
}

TEST_F(CheckConfigCli, FilledCopyPasses) {
  testing::TempDir dir;
  for (const char* name : {"config.toml", "personality.txt", "welcome_prompt.txt", ".env.example"}) {
    std::filesystem::copy_file(example_ + "/" + name, dir.path() / name);
  }
  std::ifstream in(dir.path() / ".env.example");
  std::stringstream filled;
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("DISCORD_TOKEN=")) line = "DISCORD_TOKEN=MTIz.fake.token";
    if (line.starts_with("CLIENT_ID=")) line = "CLIENT_ID=123456789012345678";
    if (line.starts_with("GUILD_ID=")) line = "GUILD_ID=223456789012345678";
    filled << line << '\n';
  }
  dir.write(".env", filled.str());
  const CliRun run = check_config({dir.path().string()});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find(dir.path().string() + ": OK"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("ERROR"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("MTIz.fake.token"), std::string::npos) << run.output;
}

TEST_F(CheckConfigCli, SeveralDirectoriesFailIfAnyFails) {
  testing::TempDir good;
  good.write(".env", testing::kValidEnv);
  good.write("config.toml", testing::kMinimalToml);
  const CliRun run = check_config({good.path().string(), example_});
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find(good.path().string() + ": OK"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find(example_ + ": FAILED"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace dbot::config
