// The [ai] table: providers, routing, fallback, API keys.

#include <gtest/gtest.h>

#include "core/config/load.hpp"
#include "unit/features/config/sections.hpp"
#include "unit/support/temp_instance.hpp"

namespace dbot::config {
namespace {

using testing::has;
using testing::Instance;

std::string toml_with(const std::string& extra) { return std::string(testing::kMinimalToml) + extra; }

constexpr const char* kLocalProvider = R"(
[ai.providers.local]
url = "http://127.0.0.1:11434/v1/chat/completions"
model = "llama"
api_key_env = "LOCAL_KEY"
max_tokens = 4096
)";

TEST(ConfigAi, BuiltinProvidersMatchTheSeed) {
  Instance instance;
  const auto result = instance.load({{"DEEPSEEK_API_KEY", "k1"}, {"GEMINI_API_KEY", "k2"}});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  const auto& ai = result.config->required_section<AiConfig>();
  const auto& chat = ai.providers.at("deepseek_chat");
  EXPECT_EQ(chat.model, "deepseek-v4-flash");
  EXPECT_EQ(chat.max_tokens, 8192u);
  EXPECT_EQ(chat.timeout_secs, 30u);
  EXPECT_EQ(chat.auth_header, "Authorization");
  EXPECT_EQ(chat.auth_scheme, "Bearer ");
  const auto& reasoner = ai.providers.at("deepseek_reasoner");
  EXPECT_TRUE(reasoner.is_reasoner);
  EXPECT_FALSE(reasoner.supports_tools);
  EXPECT_EQ(reasoner.max_tokens, 65536u);
  EXPECT_EQ(reasoner.timeout_secs, 300u);
  EXPECT_TRUE(ai.providers.at("gemini_flash").supports_vision);
  EXPECT_EQ(ai.providers.at("grok").api_key_env, "GROK_API_KEY");
  ASSERT_NE(ai.chat(), nullptr);
  EXPECT_EQ(ai.chat()->api_key, "k1");
  ASSERT_NE(ai.vision(), nullptr);
  ASSERT_NE(ai.reasoner(), nullptr);
  EXPECT_EQ(ai.named("gemini"), &ai.providers.at("gemini_flash"));
  EXPECT_EQ(ai.named("deepseek-v4-pro"), &ai.providers.at("deepseek_reasoner"));
  for (const auto& d : result.diagnostics) EXPECT_EQ(d.message.find("k1"), std::string::npos);
}

TEST(ConfigAi, NoKeysMeansAiOffWithOneWarning) {
  Instance instance;
  const auto result = instance.load();
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result.config->required_section<AiConfig>().chat_active());
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "ai.routing", "AI chat is off"));
}

TEST(ConfigAi, CustomProviderAndRouting) {
  Instance instance;
  instance.write("config.toml", toml_with(std::string(kLocalProvider) + R"(
supports_tools = false
timeout_secs = 60
spec = "anthropic"
auth_header = "x-api-key"
auth_scheme = ""
headers = { "anthropic-version" = "2023-06-01" }
[ai.routing]
chat = "local"
vision = "local"
)"));
  const auto result = instance.load({{"LOCAL_KEY", "  local-secret \n"}});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  const auto& ai = result.config->required_section<AiConfig>();
  const auto& local = ai.providers.at("local");
  EXPECT_FALSE(local.supports_tools);
  EXPECT_EQ(local.timeout_secs, 60u);
  EXPECT_EQ(local.spec, ProviderSpec::anthropic);
  EXPECT_EQ(local.auth_header, "x-api-key");
  EXPECT_EQ(local.auth_scheme, "");
  EXPECT_EQ(local.headers.at("anthropic-version"), "2023-06-01");
  EXPECT_EQ(local.api_key, "local-secret");
  EXPECT_TRUE(ai.routing_configured);
  EXPECT_FALSE(ai.routing.reasoner.has_value());
  ASSERT_NE(ai.chat(), nullptr);
  EXPECT_EQ(ai.chat()->name, "local");
  // vision routed to a provider without supports_vision
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "ai.routing.vision", "supports_vision"));
}

TEST(ConfigAi, UserProviderReplacesBuiltinWholesale) {
  Instance instance;
  instance.write("config.toml", toml_with(R"(
[ai.providers.deepseek_chat]
url = "http://127.0.0.1:9/v1/chat/completions"
model = "fake"
api_key_env = "FAKE_KEY"
max_tokens = 100
)"));
  const auto result = instance.load({{"FAKE_KEY", "x"}});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  const auto& chat = result.config->required_section<AiConfig>().providers.at("deepseek_chat");
  EXPECT_EQ(chat.model, "fake");
  EXPECT_EQ(chat.max_tokens, 100u);
  EXPECT_EQ(chat.timeout_secs, 30u);
  EXPECT_FALSE(chat.builtin);
}

TEST(ConfigAi, RoutingWithoutChatIsAnError) {
  Instance instance;
  instance.write("config.toml", toml_with("[ai.routing]\nvision = \"gemini_flash\"\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, "config.toml", "ai.routing.chat", "requires 'chat'"));
}

TEST(ConfigAi, RoutingToUnknownProviderListsConfiguredNames) {
  Instance instance;
  instance.write("config.toml", toml_with("[ai.routing]\nchat = \"gemini\"\n"));
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.routing.chat", "unknown provider name"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.routing.chat", "gemini_flash"));
}

TEST(ConfigAi, ProviderNameRules) {
  Instance instance;
  instance.write("config.toml", toml_with("[ai.providers.\"my local\"]\nurl = \"http://x\"\n"
                                          "[ai.providers.\" \"]\nurl = \"http://x\"\n"));
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers.my local", "whitespace"))
      << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers", "empty"));
}

TEST(ConfigAi, ProviderRequiredFieldsAndValues) {
  Instance instance;
  instance.write("config.toml", toml_with(R"(
[ai.providers.broken]
url = "not a url"
api_key_env = "has space"
max_tokens = 0
spec = "grpc"
auth_header = "  "
headers = { "" = "x", "X-Ctl" = "a\u0001b", "X-Utf" = "caf\u00e9" }
)"));
  const auto result = instance.load();
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers.broken.url", "http")) << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers.broken.model", "required"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers.broken.api_key_env"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers.broken.max_tokens"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers.broken.spec", "anthropic"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers.broken.auth_header"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers.broken.headers", "empty"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers.broken.headers.X-Ctl", "printable"));
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.providers.broken.headers.X-Utf", "printable"));
}

TEST(ConfigAi, ReferencedButUnavailableProviderWarns) {
  Instance instance;
  const auto result = instance.load({{"DEEPSEEK_API_KEY", "k"}});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "ai.routing",
                  "AI provider 'gemini_flash' is referenced by routing but its API key env var 'GEMINI_API_KEY' is "
                  "unset"))
      << testing::dump(result);
}

TEST(ConfigAi, ReasonerRoleOnNonReasonerWarns) {
  Instance instance;
  instance.write("config.toml", toml_with("[ai.routing]\nchat = \"grok\"\nvision = \"gemini_flash\"\n"
                                          "reasoner = \"grok\"\n"));
  const auto result = instance.load({{"GROK_API_KEY", "k"}});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "ai.routing.reasoner", "is_reasoner"));
}

TEST(ConfigAi, FallbackEntriesAcceptAliasesAndWarnOnUnknown) {
  Instance instance;
  instance.write("config.toml", toml_with("[ai.fallback]\non_censored = [\"gemini\", \"nobody\"]\n"));
  const auto result = instance.load({{"DEEPSEEK_API_KEY", "k"}, {"GEMINI_API_KEY", "k2"}});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(result.config->required_section<AiConfig>().on_censored, (std::vector<std::string>{"gemini", "nobody"}));
  EXPECT_TRUE(has(result, Severity::warning, "config.toml", "ai.fallback.on_censored", "'nobody'"));
  EXPECT_FALSE(has(result, Severity::warning, "config.toml", "ai.fallback.on_censored", "'gemini'"));

  instance.write("config.toml", toml_with("[ai.fallback]\non_censored = \"grok\"\n"));
  EXPECT_TRUE(has(instance.load(), Severity::error, "config.toml", "ai.fallback.on_censored", "list"));
}

TEST(ConfigAi, PlaceholderApiKeyIsAnErrorUnlessAllowed) {
  Instance instance;
  const EnvMap env{{"DEEPSEEK_API_KEY", "your-deepseek-key"}};
  EXPECT_TRUE(has(instance.load(env), Severity::error, ".env", "DEEPSEEK_API_KEY", "placeholder"));
  const auto allowed = instance.load(env, true);
  ASSERT_TRUE(allowed.ok()) << testing::dump(allowed);
  EXPECT_TRUE(allowed.config->required_section<AiConfig>().chat_active());
}

TEST(ConfigAi, ApiKeyFromNameFile) {
  Instance instance;
  instance.write("deepseek.key", "sk-from-file\n");
  const auto result = instance.load({{"DEEPSEEK_API_KEY_FILE", "deepseek.key"}});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  ASSERT_NE(result.config->required_section<AiConfig>().chat(), nullptr);
  EXPECT_EQ(result.config->required_section<AiConfig>().chat()->api_key, "sk-from-file");
}

}  // namespace
}  // namespace dbot::config

namespace dbot::config {
namespace {

TEST(ConfigAi, ResilienceSettingsAndTheirDefaults) {
  Instance defaults;
  const auto plain = defaults.load();
  ASSERT_TRUE(plain.ok()) << testing::dump(plain);
  const auto& base = plain.config->required_section<AiConfig>().resilience;
  EXPECT_EQ(base.retries, 2u);
  EXPECT_EQ(base.request_deadline_secs, 90u);
  EXPECT_EQ(base.breaker_failures, 5u);
  EXPECT_EQ(base.breaker_cooldown_secs, 30u);

  Instance instance;
  instance.write("config.toml", toml_with(R"(
[ai]
retries = 0
request_deadline_secs = 45
breaker_failures = 3
breaker_cooldown_secs = 120
)"));
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  const auto& set = result.config->required_section<AiConfig>().resilience;
  EXPECT_EQ(set.retries, 0u);
  EXPECT_EQ(set.request_deadline_secs, 45u);
  EXPECT_EQ(set.breaker_failures, 3u);
  EXPECT_EQ(set.breaker_cooldown_secs, 120u);
}

TEST(ConfigAi, ResilienceOutOfRangeIsAnError) {
  Instance instance;
  instance.write("config.toml", toml_with("[ai]\nretries = 11\n"));
  const auto result = instance.load();
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(has(result, Severity::error, "config.toml", "ai.retries", ""));
}

TEST(ConfigAi, OnErrorDefaultsToOnCensoredAndCanBeSet) {
  Instance instance;
  instance.write("config.toml", toml_with("[ai.fallback]\non_censored = [\"grok\"]\n"));
  const auto result = instance.load({{"DEEPSEEK_API_KEY", "k"}, {"GROK_API_KEY", "g"}});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(result.config->required_section<AiConfig>().on_error, std::vector<std::string>{"grok"});

  Instance both;
  both.write("config.toml", toml_with("[ai.fallback]\non_censored = [\"grok\"]\non_error = [\"gemini\", \"nope\"]\n"));
  const auto set = both.load({{"DEEPSEEK_API_KEY", "k"}, {"GROK_API_KEY", "g"}, {"GEMINI_API_KEY", "m"}});
  ASSERT_TRUE(set.ok()) << testing::dump(set);
  EXPECT_EQ(set.config->required_section<AiConfig>().on_error, (std::vector<std::string>{"gemini", "nope"}));
  EXPECT_TRUE(has(set, Severity::warning, "config.toml", "ai.fallback.on_error", "'nope'"));
}

TEST(ConfigAi, StreamCanBeTurnedOffPerProvider) {
  Instance instance;
  instance.write("config.toml", toml_with(std::string(kLocalProvider) + "stream = false\n"));
  const auto result = instance.load({{"LOCAL_KEY", "x"}});
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  const auto& ai = result.config->required_section<AiConfig>();
  EXPECT_FALSE(ai.providers.at("local").stream);
  EXPECT_TRUE(ai.providers.at("deepseek_chat").stream);
}

}  // namespace
}  // namespace dbot::config
