// The feature modules declare the seed's rate limits, and every command or
// button that names a limiter names one its module declares.

#include <gtest/gtest.h>

#include <algorithm>

#include "features/all.hpp"
#include "features/moderation/limits.hpp"
#include "features/stocks/limits.hpp"

namespace dbot::features {
namespace {

using namespace std::chrono_literals;

TEST(FeatureLimits, TheSeedsLimits) {
  EXPECT_EQ(moderation::kModerationLimit.name, "moderation");
  EXPECT_EQ(moderation::kModerationLimit.max_events, 5u);
  EXPECT_EQ(moderation::kModerationLimit.window, 60s);
  EXPECT_EQ(stocks::kStocksLimit.name, "stocks");
  EXPECT_EQ(stocks::kStocksLimit.max_events, 10u);
  EXPECT_EQ(stocks::kStocksLimit.window, 30s);
}

TEST(FeatureLimits, ModulesDeclareTheirLimiters) {
  const auto declares = [](std::string_view module_name, const LimiterDef& def) {
    for (const auto& module : all_modules()) {
      if (module.name != module_name) continue;
      return std::find(module.limiters.begin(), module.limiters.end(), &def) != module.limiters.end();
    }
    return false;
  };
  EXPECT_TRUE(declares("moderation", moderation::kModerationLimit));
  EXPECT_TRUE(declares("stocks", stocks::kStocksLimit));
}

TEST(FeatureModules, NamesAreUniqueAndMcpIsListed) {
  std::vector<std::string_view> names;
  for (const auto& module : all_modules()) names.push_back(module.name);
  auto sorted = names;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "mcp"), names.end());
}

}  // namespace
}  // namespace dbot::features
