// Validation of the instance's environment (.env, process environment, NAME_FILE).

#include <gtest/gtest.h>

#include "core/config/load.hpp"
#include "features/minecraft/config.hpp"
#include "features/stocks/config.hpp"
#include "unit/support/temp_instance.hpp"

namespace dbot::config {
using features::minecraft::MinecraftConfig;
using features::stocks::StocksConfig;
namespace {

using testing::has;
using testing::Instance;

std::string env_with(const std::string& extra) { return std::string(testing::kValidEnv) + extra; }

TEST(ConfigEnv, ValidInstanceLoadsWithDefaults) {
  Instance instance;
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  const auto& env = result.config->env;
  EXPECT_EQ(env.discord_token, "abc.def.ghi");
  EXPECT_EQ(env.client_id.value, 123456789012345678ULL);
  EXPECT_EQ(env.guild_id.value, 223456789012345678ULL);
  EXPECT_EQ(env.db_schema, "testbot");
  EXPECT_FALSE(env.database_url.has_value());
  EXPECT_EQ(env.data_dir, (instance.path() / "data").lexically_normal());
  EXPECT_EQ(env.mcp_port, 9090);
  EXPECT_EQ(env.mcp_bind_addr, "127.0.0.1");
  EXPECT_EQ(env.mcp_auth_token, "");
  EXPECT_EQ(env.health_bind_addr, "127.0.0.1");
  EXPECT_EQ(env.health_port, 9091);
  EXPECT_EQ(env.discord_api_base, "https://discord.com/api");
  EXPECT_FALSE(result.config->required_section<StocksConfig>().finnhub_api_key.has_value());
  EXPECT_FALSE(env.shard_count.has_value());
  EXPECT_EQ(env.log_format, "text");
}

TEST(ConfigEnv, RequiredVariableMissing) {
  Instance instance;
  instance.write(".env", "CLIENT_ID=123456789012345678\nGUILD_ID=223456789012345678\nDB_SCHEMA=x\n");
  const auto result = instance.load();
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(has(result, Severity::error, ".env", "DISCORD_TOKEN", "not set")) << testing::dump(result);
}

TEST(ConfigEnv, RequiredVariableEmpty) {
  Instance instance;
  instance.write(".env", "DISCORD_TOKEN=\nCLIENT_ID=123456789012345678\nGUILD_ID=  \nDB_SCHEMA=x\n");
  const auto result = instance.load();
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(has(result, Severity::error, ".env", "DISCORD_TOKEN", "empty")) << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::error, ".env", "GUILD_ID", "empty")) << testing::dump(result);
}

TEST(ConfigEnv, PlaceholdersAreErrorsNamingEachVariable) {
  Instance instance;
  instance.write(".env",
                 "DISCORD_TOKEN=your-discord-bot-token\nCLIENT_ID=your-application-client-id\n"
                 "GUILD_ID=your-discord-server-id\nDB_SCHEMA=x\n");
  const auto result = instance.load();
  EXPECT_FALSE(result.ok());
  for (const char* key : {"DISCORD_TOKEN", "CLIENT_ID", "GUILD_ID"}) {
    EXPECT_TRUE(has(result, Severity::error, ".env", key, "placeholder")) << key << "\n" << testing::dump(result);
  }
  for (const auto& d : result.diagnostics) EXPECT_EQ(d.message.find("your-"), std::string::npos) << d.message;
}

TEST(ConfigEnv, AllowPlaceholdersAcceptsPlaceholderSecretsButNotIds) {
  Instance instance;
  instance.write(".env", env_with("DISCORD_TOKEN=your-discord-bot-token\n"));
  const auto allowed = instance.load({}, /*allow_placeholders=*/true);
  ASSERT_TRUE(allowed.ok()) << testing::dump(allowed);
  EXPECT_EQ(allowed.config->env.discord_token, "your-discord-bot-token");
  const auto refused = instance.load({}, false);
  EXPECT_TRUE(has(refused, Severity::error, ".env", "DISCORD_TOKEN", "placeholder"));

  instance.write(".env", env_with("CLIENT_ID=your-application-client-id\n"));
  const auto ids = instance.load({}, true);
  EXPECT_TRUE(has(ids, Severity::error, ".env", "CLIENT_ID", "placeholder")) << testing::dump(ids);
}

TEST(ConfigEnv, NonNumericIds) {
  Instance instance;
  instance.write(".env", env_with("CLIENT_ID=12345abc\nGUILD_ID=-5\n"));
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, ".env", "CLIENT_ID", "numeric")) << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::error, ".env", "GUILD_ID", "numeric"));
}

TEST(ConfigEnv, ProcessEnvironmentWinsOverDotenv) {
  Instance instance;
  const auto result = instance.load({{"DISCORD_TOKEN", "from-process"}, {"DB_SCHEMA", "other"}});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(result.config->env.discord_token, "from-process");
  EXPECT_EQ(result.config->env.db_schema, "other");
}

TEST(ConfigEnv, ParentDirectoryDotenvIsNeverRead) {
  testing::TempDir parent;
  parent.write(".env", testing::kValidEnv);
  parent.write("bot/config.toml", testing::kMinimalToml);
  parent.write("bot/personality.txt", "p");
  LoadOptions options;
  options.environment = EnvMap{};
  const auto result = load_instance(parent.path() / "bot", options);
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(has(result, Severity::warning, ".env", "(file)", "not found")) << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::error, ".env", "DISCORD_TOKEN", "not set"));
}

TEST(ConfigEnv, EnvExampleFallbackOnlyWhenAsked) {
  Instance instance;
  std::filesystem::remove(instance.path() / ".env");
  instance.write(".env.example", "DISCORD_TOKEN=your-discord-bot-token\nCLIENT_ID=1\nGUILD_ID=2\nDB_SCHEMA=x\n");
  LoadOptions options;
  options.environment = EnvMap{};
  options.fall_back_to_env_example = true;
  const auto with_fallback = load_instance(instance.path(), options);
  EXPECT_TRUE(has(with_fallback, Severity::warning, ".env", "(file)", ".env.example"));
  EXPECT_TRUE(has(with_fallback, Severity::error, ".env.example", "DISCORD_TOKEN", "placeholder"))
      << testing::dump(with_fallback);

  options.fall_back_to_env_example = false;
  const auto without = load_instance(instance.path(), options);
  EXPECT_TRUE(has(without, Severity::error, ".env", "DISCORD_TOKEN", "not set")) << testing::dump(without);
}

TEST(ConfigEnv, DotenvSyntaxErrorsAreReportedWithLine) {
  Instance instance;
  instance.write(".env", env_with("this line is wrong\n"));
  const auto result = instance.load();
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(has(result, Severity::error, ".env", "line 5")) << testing::dump(result);
}

TEST(ConfigEnv, NameFileSuppliesASecret) {
  Instance instance;
  instance.write("secrets/token", "token-from-file\n");
  instance.write(".env",
                 "DISCORD_TOKEN_FILE=secrets/token\nCLIENT_ID=123456789012345678\n"
                 "GUILD_ID=223456789012345678\nDB_SCHEMA=x\n");
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(result.config->env.discord_token, "token-from-file");
}

TEST(ConfigEnv, NameAndNameFileTogetherIsAnError) {
  Instance instance;
  instance.write("secrets/token", "token-from-file\n");
  instance.write(".env", env_with("DISCORD_TOKEN_FILE=secrets/token\n"));
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, ".env", "DISCORD_TOKEN", "both set")) << testing::dump(result);
}

TEST(ConfigEnv, DbSchemaRules) {
  Instance instance;
  instance.write(".env", env_with("DB_SCHEMA=Bad-Name\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "DB_SCHEMA"));

  instance.write(".env", "DISCORD_TOKEN=t\nCLIENT_ID=123456789012345678\nGUILD_ID=223456789012345678\n");
  const auto defaulted = instance.load();
  ASSERT_TRUE(defaulted.ok()) << testing::dump(defaulted);
  EXPECT_EQ(defaulted.config->env.db_schema, "public");
  EXPECT_TRUE(has(defaulted, Severity::warning, ".env", "DB_SCHEMA", "public"));
}

TEST(ConfigEnv, DatabaseUrlSyntaxWithoutEchoingIt) {
  Instance instance;
  instance.write(".env", env_with("DATABASE_URL=mysql://user:hunter2pass@db/x\n"));
  const auto bad = instance.load();
  EXPECT_TRUE(has(bad, Severity::error, ".env", "DATABASE_URL", "postgres"));
  for (const auto& d : bad.diagnostics) EXPECT_EQ(d.message.find("hunter2pass"), std::string::npos);

  instance.write(".env", env_with("DATABASE_URL=postgresql://user:pw@db:5432/discord_bot\n"));
  const auto good = instance.load();
  ASSERT_TRUE(good.ok()) << testing::dump(good);
  EXPECT_EQ(good.config->env.database_url, "postgresql://user:pw@db:5432/discord_bot");
}

struct McpCase {
  const char* bind;
  const char* token;
  bool ok;
  const char* fragment;
};

class ConfigMcpBind : public ::testing::TestWithParam<McpCase> {};

TEST_P(ConfigMcpBind, LoopbackAndTokenRule) {
  const McpCase& c = GetParam();
  Instance instance;
  instance.write(".env", env_with(std::string("MCP_BIND_ADDR=") + c.bind + "\nMCP_AUTH_TOKEN=" + c.token + "\n"));
  const auto result = instance.load();
  EXPECT_EQ(result.ok(), c.ok) << c.bind << "\n" << testing::dump(result);
  if (!c.ok) {
    const bool token_error = has(result, Severity::error, ".env", "MCP_AUTH_TOKEN", c.fragment);
    const bool bind_error = has(result, Severity::error, ".env", "MCP_BIND_ADDR", c.fragment);
    EXPECT_TRUE(token_error || bind_error) << testing::dump(result);
  }
  if (*c.token != '\0') {
    for (const auto& d : result.diagnostics) EXPECT_EQ(d.message.find(c.token), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Binds, ConfigMcpBind,
                         ::testing::Values(McpCase{"127.0.0.1", "", true, ""}, McpCase{"::1", "", true, ""},
                                           McpCase{"[::1]", "", true, ""}, McpCase{"127.0.0.2", "", true, ""},
                                           McpCase{"localhost", "", true, ""},
                                           McpCase{"0.0.0.0", "", false, "not loopback"},
                                           McpCase{"192.168.1.5", "", false, "not loopback"},
                                           McpCase{"0.0.0.0", "shorttoken123", false, "at least 32"},
                                           McpCase{"0.0.0.0", "0123456789abcdef0123456789abcdef", true, ""},
                                           McpCase{"not-an-address", "", false, "not an IP address"}));

TEST(ConfigEnv, PortsMustBeInRange) {
  for (const char* bad : {"0", "65536", "http", "-1"}) {
    Instance instance;
    instance.write(".env", env_with(std::string("MCP_PORT=") + bad + "\nHEALTH_PORT=" + bad + "\n"));
    const auto result = instance.load();
    EXPECT_TRUE(has(result, Severity::error, ".env", "MCP_PORT", "1 to 65535")) << bad;
    EXPECT_TRUE(has(result, Severity::error, ".env", "HEALTH_PORT", "1 to 65535")) << bad;
  }
  Instance instance;
  instance.write(".env", env_with("MCP_PORT=7000\nHEALTH_PORT=7001\n"));
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(result.config->env.mcp_port, 7000);
  EXPECT_EQ(result.config->env.health_port, 7001);
}

TEST(ConfigEnv, McpAndHealthPortsMustDiffer) {
  Instance instance;
  instance.write(".env", env_with("MCP_PORT=7000\nHEALTH_PORT=7000\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "HEALTH_PORT", "MCP_PORT"));
}

TEST(ConfigEnv, HealthBindAddressMustParse) {
  Instance instance;
  instance.write(".env", env_with("HEALTH_BIND_ADDR=999.1.1.1\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "HEALTH_BIND_ADDR"));
}

TEST(ConfigEnv, EndpointBaseUrls) {
  Instance instance;
  instance.write(".env", env_with("DISCORD_API_BASE=discord.com\nFINNHUB_API_BASE=ftp://x\nPUZZLE_API_BASE=http://\n"
                                  "MC_VERIFY_URL=mc.example.org\n"));
  const auto bad = instance.load();
  for (const char* key : {"DISCORD_API_BASE", "FINNHUB_API_BASE", "PUZZLE_API_BASE", "MC_VERIFY_URL"}) {
    EXPECT_TRUE(has(bad, Severity::error, ".env", key, "http")) << key << "\n" << testing::dump(bad);
  }
  instance.write(".env", env_with("DISCORD_API_BASE=http://127.0.0.1:8500/api/\nMC_VERIFY_URL=http://127.0.0.1:9/\n"));
  // The plugin URL belongs to the Minecraft section, kept while it is on.
  instance.write("config.toml", std::string(testing::kMinimalToml) + "[features]\nminecraft = true\n[minecraft]\n");
  const auto good = instance.load();
  ASSERT_TRUE(good.ok()) << testing::dump(good);
  EXPECT_EQ(good.config->env.discord_api_base, "http://127.0.0.1:8500/api");
  ASSERT_NE(good.config->section<MinecraftConfig>(), nullptr);
  EXPECT_EQ(good.config->section<MinecraftConfig>()->verify_url, "http://127.0.0.1:9");
}

TEST(ConfigEnv, McpAllowedHosts) {
  Instance instance;
  instance.write(".env", env_with("MCP_ALLOWED_HOSTS= bot1:9090 , bot1\n"));
  const auto good = instance.load();
  ASSERT_TRUE(good.ok()) << testing::dump(good);
  EXPECT_EQ(good.config->env.mcp_allowed_hosts, (std::vector<std::string>{"bot1:9090", "bot1"}));
  instance.write(".env", env_with("MCP_ALLOWED_HOSTS=bot1,,bot2\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "MCP_ALLOWED_HOSTS"));
}

TEST(ConfigEnv, McpAllowedOrigins) {
  Instance instance;
  instance.write(".env", env_with("MCP_ALLOWED_ORIGINS= https://app.example.com , http://10.0.0.5:8080\n"));
  const auto good = instance.load();
  ASSERT_TRUE(good.ok()) << testing::dump(good);
  EXPECT_EQ(good.config->env.mcp_allowed_origins,
            (std::vector<std::string>{"https://app.example.com", "http://10.0.0.5:8080"}));
  instance.write(".env", env_with("MCP_ALLOWED_ORIGINS=*\n"));
  ASSERT_TRUE(instance.load().ok());
  for (const char* bad :
       {"app.example.com", "https://app.example.com/", "https://a,,https://b", "ftp://x", "https://"}) {
    instance.write(".env", env_with(std::string("MCP_ALLOWED_ORIGINS=") + bad + "\n"));
    EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "MCP_ALLOWED_ORIGINS")) << bad;
  }
}

TEST(ConfigEnv, Sharding) {
  Instance instance;
  instance.write(".env", env_with("SHARD_COUNT=4\nSHARD_IDS=0,2-3\n"));
  const auto good = instance.load();
  ASSERT_TRUE(good.ok()) << testing::dump(good);
  EXPECT_EQ(good.config->env.shard_count, 4u);
  EXPECT_EQ(good.config->env.shard_ids, (std::vector<unsigned>{0, 2, 3}));

  instance.write(".env", env_with("SHARD_COUNT=2\nSHARD_IDS=0-2\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "SHARD_IDS", "out of range"));
  instance.write(".env", env_with("SHARD_IDS=0\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "SHARD_IDS", "SHARD_COUNT"));
  instance.write(".env", env_with("SHARD_COUNT=0\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "SHARD_COUNT"));
  instance.write(".env", env_with("SHARD_COUNT=3\nSHARD_IDS=a\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "SHARD_IDS"));
}

// Plain http:// to a remote host sent the bot token (and API keys) in clear.
TEST(ConfigEnv, ApiBasesRefusePlainHttpToNonLoopbackHosts) {
  Instance instance;
  for (const char* name : {"DISCORD_API_BASE", "FINNHUB_API_BASE", "PUZZLE_API_BASE"}) {
    for (const char* url : {"http://discord.example/api", "http://10.0.0.5:8080", "HTTP://user@evil.example/"}) {
      instance.write(".env", env_with(std::string(name) + "=" + url + "\n"));
      EXPECT_TRUE(has(instance.load(), Severity::error, ".env", name, "https://")) << name << " " << url;
    }
    for (const char* url :
         {"http://127.0.0.1:9999/api", "http://localhost:1", "http://[::1]:80/x", "https://a.example"}) {
      instance.write(".env", env_with(std::string(name) + "=" + url + "\n"));
      const auto good = instance.load();
      EXPECT_TRUE(good.ok()) << name << " " << url << testing::dump(good);
    }
  }
}

TEST(ConfigEnv, DiscordCompression) {
  Instance instance;
  instance.write(".env", env_with(""));
  auto loaded = instance.load();
  ASSERT_TRUE(loaded.ok()) << testing::dump(loaded);
  EXPECT_EQ(loaded.config->env.discord_compression, "zlib-stream");
  for (const char* value : {"zlib-stream", "zstd-stream", "none"}) {
    instance.write(".env", env_with(std::string("DISCORD_COMPRESSION=") + value + "\n"));
    loaded = instance.load();
    ASSERT_TRUE(loaded.ok()) << testing::dump(loaded);
    EXPECT_EQ(loaded.config->env.discord_compression, value);
  }
  instance.write(".env", env_with("DISCORD_COMPRESSION=gzip\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "DISCORD_COMPRESSION", "zstd-stream"));
}

// The largest unsigned made the range loop wrap around and never end.
TEST(ConfigEnv, ShardIdsAbove65535AreRefusedWithoutLooping) {
  Instance instance;
  for (const char* ids : {"4294967295", "0-4294967295", "65536", "4294967294-4294967295"}) {
    instance.write(".env", env_with(std::string("SHARD_COUNT=65536\nSHARD_IDS=") + ids + "\n"));
    EXPECT_TRUE(has(instance.load(), Severity::error, ".env", "SHARD_IDS", "65535")) << ids;
  }
  instance.write(".env", env_with("SHARD_COUNT=65536\nSHARD_IDS=65535\n"));
  const auto top = instance.load();
  ASSERT_TRUE(top.ok()) << testing::dump(top);
  EXPECT_EQ(top.config->env.shard_ids, (std::vector<unsigned>{65535}));
}

TEST(ConfigEnv, LogSettings) {
  Instance instance;
  instance.write(".env", env_with("LOG_FORMAT=xml\nLOG_LEVEL=loud\n"));
  const auto bad = instance.load();
  EXPECT_TRUE(has(bad, Severity::error, ".env", "LOG_FORMAT"));
  EXPECT_TRUE(has(bad, Severity::error, ".env", "LOG_LEVEL"));
  instance.write(".env", env_with("LOG_FORMAT=json\nLOG_LEVEL=debug\n"));
  const auto good = instance.load();
  ASSERT_TRUE(good.ok()) << testing::dump(good);
  EXPECT_EQ(good.config->env.log_format, "json");
  EXPECT_EQ(good.config->env.log_level, "debug");
}

TEST(ConfigEnv, PlaceholderOptionalSecretsAreErrors) {
  Instance instance;
  instance.write(".env", env_with("FINNHUB_API_KEY=your-finnhub-key\nMC_VERIFY_SECRET=your-secret\n"));
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, ".env", "FINNHUB_API_KEY", "placeholder"));
  EXPECT_TRUE(has(result, Severity::error, ".env", "MC_VERIFY_SECRET", "placeholder"));
  EXPECT_TRUE(instance.load({}, true).ok());
}

}  // namespace
}  // namespace dbot::config
