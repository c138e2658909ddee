// The settings schema is the one source of the config.toml reader's known
// keys and of docs/configuration.md's reference: these tests keep the docs,
// the example instance and the reader in step with it.

#include "core/config/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace dbot::config {
namespace {

std::string read_file(const std::string& relative) {
  std::ifstream in(std::string(DBOT_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SettingsSchema, TheDocsCarryTheGeneratedReference) {
  const auto doc = read_file("docs/configuration.md");
  const std::string begin = "<!-- BEGIN GENERATED: discord-bot config-reference -->\n";
  const std::string end = "<!-- END GENERATED -->";
  const auto from = doc.find(begin);
  const auto to = doc.find(end);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  const auto generated = doc.substr(from + begin.size(), to - from - begin.size());
  EXPECT_EQ(generated, reference_markdown())
      << "docs/configuration.md is out of date: replace its generated section with the output of "
         "`build/bin/discord-bot config-reference`";
}

TEST(SettingsSchema, TheExampleEnvListsExactlyTheSchemaVariables) {
  const auto example = read_file("instances/example/.env.example");
  std::set<std::string> in_example;
  const std::regex assignment(R"(^#?\s*([A-Z][A-Z0-9_]*)=)", std::regex::multiline);
  for (auto it = std::sregex_iterator(example.begin(), example.end(), assignment); it != std::sregex_iterator(); ++it)
    in_example.insert((*it)[1]);
  std::set<std::string> in_schema;
  for (const auto& s : settings_schema())
    if (s.section == ".env") in_schema.insert(std::string(s.key));
  EXPECT_EQ(in_example, in_schema);
}

TEST(SettingsSchema, KnownKeysIncludeSubSections) {
  const auto root = known_keys("");
  for (const auto* key : {"bot_name", "timezone", "features", "ai", "auto_role", "minecraft", "moderation", "stocks"})
    EXPECT_NE(std::find(root.begin(), root.end(), key), root.end()) << key;
  EXPECT_EQ(known_keys("ai"), (std::vector<std::string_view>{"providers", "routing", "fallback"}));
  const auto minecraft = known_keys("minecraft");
  EXPECT_NE(std::find(minecraft.begin(), minecraft.end(), "donator_sync_config"), minecraft.end());
  EXPECT_NE(std::find(minecraft.begin(), minecraft.end(), "verify"), minecraft.end());
  EXPECT_TRUE(known_keys("no_such_section").empty());
}

}  // namespace
}  // namespace dbot::config
