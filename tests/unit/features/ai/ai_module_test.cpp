// The AI chat module: its limiter (seed §14), its registration, and help
// that mentions chat only where it exists.

#include <gtest/gtest.h>

#include <algorithm>

#include "bot/command/help.hpp"
#include "features/ai/chat/ai_feature.hpp"
#include "features/ai/limits.hpp"
#include "features/all.hpp"

namespace dbot::features {
namespace {

using namespace std::chrono_literals;

TEST(AiModule, DeclaresTheSeedsLimitAndMakesTheFeature) {
  EXPECT_EQ(ai::kAiLimit.name, "ai");
  EXPECT_EQ(ai::kAiLimit.max_events, 10u);
  EXPECT_EQ(ai::kAiLimit.window, 60s);
  const auto module = std::find_if(all_modules().begin(), all_modules().end(),
                                   [](const bot::FeatureModule& m) { return m.name == "ai"; });
  ASSERT_NE(module, all_modules().end());
  EXPECT_NE(std::find(module->limiters.begin(), module->limiters.end(), &ai::kAiLimit), module->limiters.end());
  ASSERT_TRUE(module->make);
  EXPECT_EQ(module->make()->name(), "ai");
}

TEST(AiModule, HelpMentionsChatOnlyWhenAskExists) {
  bot::CommandRegistry without;
  without.add({{{"help"}, {}, "General", "Show help"}, {}});
  EXPECT_EQ(bot::render_help(without, "!m ", "Bot", "1", {}).description.find("mention"), std::string::npos);
  bot::CommandRegistry with;
  with.add({{{"help"}, {}, "General", "Show help"}, {}});
  with.add({{{"ask"}, {}, "AI", "Ask the AI something"}, {}});
  const auto page = bot::render_help(with, "!m ", "Bot", "1", {});
  EXPECT_NE(page.description.find("@mention me or use `/ask`"), std::string::npos) << page.description;
}

}  // namespace
}  // namespace dbot::features
