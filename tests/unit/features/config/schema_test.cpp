// The settings schema (instance settings plus every feature module's
// section) is the one source of the config.toml reader's known
// keys and of docs/configuration.md's reference: these tests keep the docs,
// the example instance and the reader in step with it.

#include "core/config/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "features/all.hpp"

namespace dbot::config {
namespace {

const Schema& schema() {
  static const Schema instance(features::config_sections());
  return instance;
}

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
  EXPECT_EQ(generated, schema().reference_markdown())
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
  for (const auto& s : schema().rows())
    if (s.section == ".env") in_schema.insert(std::string(s.key));
  EXPECT_EQ(in_example, in_schema);
}

TEST(SettingsSchema, KnownKeysIncludeSubSections) {
  const auto root = schema().known_keys("");
  for (const auto* key : {"bot_name", "timezone", "features", "ai", "auto_role", "minecraft", "moderation", "stocks"})
    EXPECT_NE(std::find(root.begin(), root.end(), key), root.end()) << key;
  EXPECT_EQ(
      schema().known_keys("ai"),
      (std::vector<std::string_view>{"retries", "request_deadline_secs", "breaker_failures", "breaker_cooldown_secs",
                                     "dm", "history_minutes", "history_messages", "context_tokens",
                                     "attachment_max_bytes", "providers", "routing", "fallback"}));
  const auto minecraft = schema().known_keys("minecraft");
  EXPECT_NE(std::find(minecraft.begin(), minecraft.end(), "donator_sync_config"), minecraft.end());
  EXPECT_NE(std::find(minecraft.begin(), minecraft.end(), "verify"), minecraft.end());
  EXPECT_TRUE(schema().known_keys("no_such_section").empty());
}

TEST(SettingsSchema, FeatureFlagsComeFromTheSections) {
  const auto flags = schema().known_keys("features");
  EXPECT_EQ(flags, (std::vector<std::string_view>{"welcome", "auto_role", "join_role", "minecraft"}));
  // Without feature sections only the instance-level keys are known.
  const Schema bare({});
  const auto root = bare.known_keys("");
  EXPECT_EQ(std::find(root.begin(), root.end(), "stocks"), root.end());
  EXPECT_NE(std::find(root.begin(), root.end(), "bot_name"), root.end());
}

TEST(SettingsSchema, EachSectionIsListedOnce) {
  const auto sections = features::config_sections();
  std::set<const ConfigSection*> unique(sections.begin(), sections.end());
  EXPECT_EQ(unique.size(), sections.size());
}

}  // namespace
}  // namespace dbot::config
