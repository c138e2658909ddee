// Validation of config.toml, the personality file and the welcome prompt.

#include <gtest/gtest.h>

#include "core/config/load.hpp"
#include "unit/features/config/sections.hpp"
#include "unit/support/temp_instance.hpp"

namespace dbot::config {
namespace {

using testing::has;
using testing::Instance;

std::string toml_with(const std::string& extra) { return std::string(testing::kMinimalToml) + extra; }

const EnvMap kDeepseekKey{{"DEEPSEEK_API_KEY", "sk-deepseek-secret-value"}};

TEST(ConfigToml, DefaultsForAMinimalFile) {
  Instance instance;
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  const auto& c = *result.config;
  EXPECT_EQ(c.bot_name, "Test Bot");
  EXPECT_EQ(c.command_prefix, "!");
  EXPECT_EQ(c.command_root, "m");
  EXPECT_EQ(c.cmd_prefix(), "!m ");
  EXPECT_EQ(c.required_section<AiConfig>().personality_file, "personality.txt");
  EXPECT_FALSE(c.timezone.has_value());
  EXPECT_FALSE((c.section<MinecraftConfig>() != nullptr) || (c.section<AutoRoleConfig>() != nullptr) ||
               (c.section<JoinRoleConfig>() != nullptr) || (c.section<Welcome>() != nullptr));
  EXPECT_EQ(c.required_section<ModerationConfig>().tempban_check_interval, std::chrono::seconds(30));
  EXPECT_EQ(c.required_section<StocksConfig>().max_quote_age, std::chrono::seconds(15));
  EXPECT_EQ(c.required_section<AiConfig>().routing.chat, "deepseek_chat");
  EXPECT_EQ(c.required_section<AiConfig>().routing.vision, "gemini_flash");
  EXPECT_EQ(c.required_section<AiConfig>().routing.reasoner, "deepseek_reasoner");
  EXPECT_EQ(c.required_section<AiConfig>().providers.size(), 4u);
  EXPECT_FALSE(c.required_section<AiConfig>().chat_active());
}

TEST(ConfigToml, MissingFileAndSyntaxErrors) {
  Instance instance;
  std::filesystem::remove(instance.path() / "config.toml");
  EXPECT_TRUE(has(instance.load(), Severity::error, "config.toml", "(file)", "not found"));
  instance.write("config.toml", "bot_name = \"x\"\ncommand_prefix = \n");
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "line 2", "TOML")) << testing::dump(result);
}

TEST(ConfigToml, RequiredTopLevelKeys) {
  Instance instance;
  instance.write("config.toml", "command_root = \"m\"\n");
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "bot_name", "required"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "command_prefix", "required"));
  instance.write("config.toml", "bot_name = \"\"\ncommand_prefix = \"\"\n");
  const auto empty = instance.load();
  EXPECT_TRUE(has(empty, Severity::error, "config.toml", "bot_name", "empty"));
  EXPECT_TRUE(has(empty, Severity::error, "config.toml", "command_prefix", "empty"));
}

TEST(ConfigToml, WrongTypesAreErrors) {
  Instance instance;
  instance.write("config.toml", "bot_name = 5\ncommand_prefix = \"!\"\n[features]\nwelcome = \"yes\"\n");
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "bot_name", "string"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "features.welcome", "true or false"));
}

TEST(ConfigToml, CommandRoot) {
  Instance instance;
  instance.write("config.toml", toml_with("command_root = \"my bot\"\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, "config.toml", "command_root", "whitespace"));
  instance.write("config.toml", toml_with("command_root = \"\"\n"));
  const auto flat = instance.load();
  ASSERT_TRUE(flat.ok()) << testing::dump(flat);
  EXPECT_EQ(flat.config->command_root, "");
  EXPECT_EQ(flat.config->cmd_prefix(), "!");
}

TEST(ConfigToml, UnknownKeysEverywhereWithHints) {
  Instance instance;
  instance.write("config.toml", toml_with("bot_nmae = \"x\"\n"
                                          "[features]\nwelcom = true\n"
                                          "[autorole]\nfrom_role = \"1\"\n"
                                          "[moderation]\ntempban_interval = \"1m\"\n"
                                          "[ai.providers.local]\nurl = \"http://127.0.0.1:1/v1\"\nmodel = \"m\"\n"
                                          "api_key_env = \"LOCAL_KEY\"\nmax_tokens = 10\nmax_token = 5\n"
                                          "[something_else]\n"));
  const auto result = instance.load();
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "bot_nmae", "did you mean 'bot_name'?"))
      << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "features.welcom", "did you mean 'welcome'?"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "autorole", "did you mean 'auto_role'?"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "moderation.tempban_interval",
                  "did you mean 'tempban_check_interval'?"));
  EXPECT_TRUE(
      has(result, Severity::error, "config.toml", "ai.providers.local.max_token", "did you mean 'max_tokens'?"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "something_else", "unknown section"));
  for (const auto& d : result.diagnostics) {
    if (d.key == "something_else") {
      EXPECT_EQ(d.message.find("did you mean"), std::string::npos);
    }
  }
}

TEST(ConfigToml, TimeZone) {
  Instance instance;
  instance.write("config.toml", toml_with("timezone = \"America/Toronto\"\n"));
  const auto good = instance.load();
  ASSERT_TRUE(good.ok()) << testing::dump(good);
  EXPECT_EQ(good.config->timezone, "America/Toronto");
  instance.write("config.toml", toml_with("timezone = \"America/Tornto\"\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, "config.toml", "timezone", "America/Tornto"));
  instance.write("config.toml", toml_with("timezone = \"../../etc/passwd\"\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, "config.toml", "timezone"));
}

TEST(ConfigToml, FeatureSectionsParse) {
  Instance instance;
  instance.write(".env", std::string(testing::kValidEnv) + "MC_VERIFY_URL=http://127.0.0.1:1\nMC_VERIFY_SECRET=s\n");
  instance.write("config.toml", toml_with(R"(
[features]
minecraft = true
auto_role = true
join_role = true
[auto_role]
from_role = "111111111111111111"
to_role = "222222222222222222"
min_age = "2d"
min_messages = 5
require_all = true
[join_role]
role = "333333333333333333"
[minecraft]
verify = false
donator_sync = true
chargeback = true
[minecraft.donator_sync_config]
supporter_role = "444444444444444444"
premium_role = "555555555555555555"
check_interval = "10m"
[minecraft.chargeback_config]
staff_channel = "666666666666666666"
restricted_role = "777777777777777777"
staff_roles = ["888888888888888888", "999999999999999999"]
[moderation]
tempban_check_interval = "1m"
[stocks]
max_quote_age = "45s"
)"));
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  const auto& c = *result.config;
  ASSERT_TRUE((c.section<AutoRoleConfig>() != nullptr));
  EXPECT_EQ(c.section<AutoRoleConfig>()->from_role.value, 111111111111111111ULL);
  EXPECT_EQ(c.section<AutoRoleConfig>()->min_age, std::chrono::hours(48));
  EXPECT_EQ(c.section<AutoRoleConfig>()->min_messages, 5);
  EXPECT_TRUE(c.section<AutoRoleConfig>()->require_all);
  ASSERT_TRUE((c.section<JoinRoleConfig>() != nullptr));
  EXPECT_EQ(c.section<JoinRoleConfig>()->role.value, 333333333333333333ULL);
  ASSERT_TRUE((c.section<MinecraftConfig>() != nullptr));
  EXPECT_FALSE(c.section<MinecraftConfig>()->verify);
  ASSERT_TRUE(c.section<MinecraftConfig>()->donator_sync_config.has_value());
  EXPECT_EQ(c.section<MinecraftConfig>()->donator_sync_config->check_interval, std::chrono::minutes(10));
  ASSERT_TRUE(c.section<MinecraftConfig>()->chargeback_config.has_value());
  EXPECT_EQ(c.section<MinecraftConfig>()->chargeback_config->staff_roles.size(), 2u);
  EXPECT_EQ(c.required_section<ModerationConfig>().tempban_check_interval, std::chrono::minutes(1));
  EXPECT_EQ(c.required_section<StocksConfig>().max_quote_age, std::chrono::seconds(45));
  for (const auto& d : result.diagnostics) EXPECT_TRUE(d.key.starts_with("ai.")) << testing::dump(result);
}

TEST(ConfigToml, IntegerCheckIntervalIsSeconds) {
  Instance instance;
  instance.write("config.toml", toml_with("[features]\nminecraft = true\n[minecraft]\ndonator_sync = true\n"
                                          "[minecraft.donator_sync_config]\nsupporter_role = \"4\"\n"
                                          "premium_role = \"5\"\ncheck_interval = 120\n"));
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(result.config->section<MinecraftConfig>()->donator_sync_config->check_interval, std::chrono::seconds(120));
}

TEST(ConfigToml, DonorRemovalCapDefaultsAndIsChecked) {
  const std::string section =
      "[features]\nminecraft = true\n[minecraft]\ndonator_sync = true\n"
      "[minecraft.donator_sync_config]\nsupporter_role = \"4\"\npremium_role = \"5\"\n";
  Instance defaults;
  defaults.write("config.toml", toml_with(section));
  const auto plain = defaults.load();
  ASSERT_TRUE(plain.ok()) << testing::dump(plain);
  EXPECT_EQ(plain.config->section<MinecraftConfig>()->donator_sync_config->max_removal_percent, 25);

  Instance set;
  set.write("config.toml", toml_with(section + "max_removal_percent = 60\n"));
  const auto good = set.load();
  ASSERT_TRUE(good.ok()) << testing::dump(good);
  EXPECT_EQ(good.config->section<MinecraftConfig>()->donator_sync_config->max_removal_percent, 60);

  for (const char* bad : {"0", "101", "\"half\""}) {
    Instance wrong;
    wrong.write("config.toml", toml_with(section + "max_removal_percent = " + bad + "\n"));
    const auto result = wrong.load();
    EXPECT_TRUE(has(result, Severity::error, "config.toml", "minecraft.donator_sync_config.max_removal_percent"))
        << bad << "\n"
        << testing::dump(result);
  }
}

TEST(ConfigToml, SnowflakesInConfigAreChecked) {
  Instance instance;
  instance.write("config.toml", toml_with(R"(
[features]
join_role = true
auto_role = true
minecraft = true
[join_role]
role = "role-id"
[auto_role]
from_role = 123
to_role = ""
[minecraft]
chargeback = true
[minecraft.chargeback_config]
staff_channel = "0"
restricted_role = "1"
staff_roles = ["2", "x"]
)"));
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "join_role.role", "Discord id")) << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "auto_role.from_role", "Discord id"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "auto_role.to_role", "Discord id"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "minecraft.chargeback_config.staff_channel"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "minecraft.chargeback_config.staff_roles"));
}

TEST(ConfigToml, DurationsAreChecked) {
  Instance instance;
  instance.write("config.toml", toml_with(R"(
[features]
auto_role = true
[auto_role]
from_role = "1"
to_role = "2"
min_age = "3 days"
[moderation]
tempban_check_interval = "0s"
[stocks]
max_quote_age = 15
)"));
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "auto_role.min_age")) << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "moderation.tempban_check_interval"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "stocks.max_quote_age", "duration"));
}

TEST(ConfigToml, FlagOnButSectionMissingWarnsAndDisables) {
  Instance instance;
  instance.write("config.toml",
                 toml_with("[features]\nauto_role = true\njoin_role = true\nminecraft = true\nwelcome = true\n"));
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "features.auto_role",
                  "Auto-role feature enabled but [auto_role] config section missing"));
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "features.join_role",
                  "Join-role feature enabled but [join_role] config section missing"));
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "features.minecraft",
                  "features.minecraft = true but [minecraft] config section missing"));
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "features.welcome", "Welcome feature enabled"));
  const auto& f = *result.config;
  EXPECT_FALSE(f.section<AutoRoleConfig>() || f.section<JoinRoleConfig>() || f.section<MinecraftConfig>() ||
               f.section<Welcome>());
}

TEST(ConfigToml, MinecraftSubsectionsMissingWarnAndDisable) {
  Instance instance;
  instance.write("config.toml",
                 toml_with("[features]\nminecraft = true\n[minecraft]\ndonator_sync = true\nchargeback = true\n"));
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "minecraft.donator_sync",
                  "minecraft.donator_sync = true but [minecraft.donator_sync_config] missing"));
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "minecraft.chargeback",
                  "minecraft.chargeback = true but [minecraft.chargeback_config] missing"));
  EXPECT_FALSE(result.config->section<MinecraftConfig>()->donator_sync);
  EXPECT_FALSE(result.config->section<MinecraftConfig>()->chargeback);
  EXPECT_TRUE(result.config->section<MinecraftConfig>()->verify);
  // verify on without MC_VERIFY_URL/SECRET
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "minecraft.verify", "MC_VERIFY_URL"));
}

TEST(ConfigToml, SectionWithFlagOffIsCheckedButNotKept) {
  Instance instance;
  instance.write("config.toml", toml_with("[join_role]\nrole = \"123\"\n"));
  const auto good = instance.load();
  ASSERT_TRUE(good.ok()) << testing::dump(good);
  EXPECT_FALSE((good.config->section<JoinRoleConfig>() != nullptr));
  instance.write("config.toml", toml_with("[join_role]\nrole = \"abc\"\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, "config.toml", "join_role.role"));
}

TEST(ConfigPersonality, RequiredOnlyWhenAiIsAvailable) {
  Instance instance;
  std::filesystem::remove(instance.path() / "personality.txt");
  const auto without_ai = instance.load();
  EXPECT_TRUE(without_ai.ok()) << testing::dump(without_ai);

  const auto with_ai = instance.load(kDeepseekKey);
  EXPECT_TRUE(has(with_ai, Severity::error, "personality.txt", "personality_file", "not found"))
      << testing::dump(with_ai);

  instance.write("personality.txt", "  \n\t\n");
  EXPECT_TRUE(has(instance.load(kDeepseekKey), Severity::error, "personality.txt", "personality_file", "empty"));
  EXPECT_TRUE(has(instance.load(), Severity::warning, "personality.txt", "personality_file", "empty"));

  instance.write("personality.txt", std::string("bad \xC3\x28 utf8"));
  EXPECT_TRUE(has(instance.load(kDeepseekKey), Severity::error, "personality.txt", "personality_file", "UTF-8"));
}

TEST(ConfigPersonality, CustomFileNameIsLoaded) {
  Instance instance;
  instance.write("prompts/me.txt", "You are Custom.\n");
  instance.write("config.toml", toml_with("personality_file = \"prompts/me.txt\"\n"));
  const auto result = instance.load(kDeepseekKey);
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(result.config->required_section<AiConfig>().personality, "You are Custom.\n");
  EXPECT_TRUE(result.config->required_section<AiConfig>().chat_active());
}

TEST(ConfigWelcome, PromptRules) {
  Instance instance;
  instance.write("config.toml", toml_with("[features]\nwelcome = true\n[welcome]\nchannel = \"123456789012345678\"\n"));
  const auto missing = instance.load(kDeepseekKey);
  ASSERT_TRUE(missing.ok()) << testing::dump(missing);
  EXPECT_TRUE(has(missing, Severity::warning, "welcome_prompt.txt", "welcome.prompt_file", "not found"));
  EXPECT_FALSE((missing.config->section<Welcome>() != nullptr));
  EXPECT_FALSE((missing.config->section<Welcome>() != nullptr));

  instance.write("welcome_prompt.txt", "\n");
  const auto empty = instance.load(kDeepseekKey);
  EXPECT_TRUE(has(empty, Severity::warning, "welcome_prompt.txt", "welcome.prompt_file", "empty"));

  instance.write("welcome_prompt.txt", "Say hi.\n");
  const auto good = instance.load(kDeepseekKey);
  ASSERT_TRUE(good.ok());
  ASSERT_TRUE((good.config->section<Welcome>() != nullptr));
  EXPECT_TRUE((good.config->section<Welcome>() != nullptr));
  EXPECT_EQ(good.config->section<Welcome>()->prompt, "Say hi.\n");
  for (const auto& d : good.diagnostics) EXPECT_TRUE(d.key.starts_with("ai.")) << testing::dump(good);

  const auto no_ai = instance.load();
  EXPECT_TRUE(has(no_ai, Severity::warning, "config.toml", "features.welcome", "no AI provider"));
}

TEST(ConfigToml, AllProblemsAreCollectedAtOnce) {
  Instance instance;
  instance.write(".env", "CLIENT_ID=abc\nGUILD_ID=your-x\nMCP_PORT=0\n");
  instance.write("config.toml", "command_prefix = \"\"\ntimezone = \"Nowhere/City\"\nbogus = 1\n");
  const auto result = instance.load();
  EXPECT_FALSE(result.ok());
  EXPECT_GE(count(result.diagnostics, Severity::error), 7u) << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::error, ".env", "DISCORD_TOKEN"));
  EXPECT_TRUE(has(result, Severity::error, ".env", "CLIENT_ID"));
  EXPECT_TRUE(has(result, Severity::error, ".env", "GUILD_ID"));
  EXPECT_TRUE(has(result, Severity::error, ".env", "MCP_PORT"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "bot_name"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "timezone"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "bogus"));
}

}  // namespace
}  // namespace dbot::config
