// The [ai] table's own keys: how AI chat behaves on Discord.

#include <gtest/gtest.h>

#include "core/config/load.hpp"
#include "unit/features/config/sections.hpp"
#include "unit/support/temp_instance.hpp"

namespace dbot::config {
namespace {

using testing::has;
using testing::Instance;

TEST(ConfigAiChat, DefaultsAreTheSeeds) {
  Instance instance;
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  const auto& chat = result.config->required_section<AiConfig>().chat_settings;
  EXPECT_FALSE(chat.dm);
  EXPECT_EQ(chat.history_minutes, 30u);
  EXPECT_EQ(chat.history_messages, 10u);
  EXPECT_EQ(chat.context_tokens, 6000u);
  EXPECT_EQ(chat.attachment_max_bytes, 100'000u);
}

TEST(ConfigAiChat, KeysAreReadAndChecked) {
  Instance instance;
  instance.write("config.toml", std::string(testing::kMinimalToml) +
                                    "[ai]\ndm = true\nhistory_minutes = 60\nhistory_messages = 0\ncontext_tokens = "
                                    "12000\nattachment_max_bytes = 0\n");
  const auto result = instance.load();
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  const auto& chat = result.config->required_section<AiConfig>().chat_settings;
  EXPECT_TRUE(chat.dm);
  EXPECT_EQ(chat.history_minutes, 60u);
  EXPECT_EQ(chat.history_messages, 0u);
  EXPECT_EQ(chat.context_tokens, 12000u);
  EXPECT_EQ(chat.attachment_max_bytes, 0u);

  Instance bad;
  bad.write("config.toml", std::string(testing::kMinimalToml) + "[ai]\ncontext_tokens = 10\ndms = true\n");
  const auto refused = bad.load();
  EXPECT_TRUE(has(refused, Severity::error, "config.toml", "ai.context_tokens", "500"));
  EXPECT_TRUE(has(refused, Severity::error, "config.toml", "ai.dms", "did you mean 'dm'?"));
}

}  // namespace
}  // namespace dbot::config
