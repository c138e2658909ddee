// The worked example of docs/development.md ("Adding a feature"), compiled
// and exercised here so the guide cannot drift from the API: a tiny feature
// with one config key, one rate limit and one command.

#include <gtest/gtest.h>

#include <array>

#include "bot/context.hpp"
#include "bot/feature.hpp"
#include "bot/instance.hpp"
#include "core/config/section_context.hpp"
#include "core/config/toml_read.hpp"
#include "features/all.hpp"
#include "unit/support/temp_instance.hpp"

namespace example {
namespace asio = boost::asio;
using namespace dbot;

// ---- features/greet/config.hpp + config.cpp --------------------------------
struct GreetConfig {
  std::string greeting = "Hello";
};

std::any parse_greet(config::SectionContext& context) {
  GreetConfig section;
  if (const auto* table = context.table()) {
    config::check_unknown_keys(*table, "greet", "greet", context.schema(), context.toml());
    if (auto text = config::get_string(*table, "greet", "greeting", false, context.toml())) section.greeting = *text;
  }
  return section;
}

constexpr std::array kGreetSettings = std::to_array<config::SettingDoc>({
    {"greet", "greeting", "`\"Hello\"`", "any text"},
});

const config::ConfigSection kGreetSection{.table = "greet", .settings = kGreetSettings, .parse = parse_greet};

// ---- features/greet/limits.hpp ----------------------------------------------
inline constexpr LimiterDef kGreetLimit{"greet", 3, std::chrono::seconds(10)};

// ---- features/greet/greet.cpp ------------------------------------------------
class GreetFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "greet"; }
  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    const auto greeting = instance.config().required_section<GreetConfig>().greeting;
    registry.add_command({.path = {"greet"},
                          .section = "Fun",
                          .summary = "Say hello",
                          .guild_only = false,
                          .rate_limiter = &kGreetLimit},
                         [greeting](bot::CommandContext& context) -> asio::awaitable<void> {
                           co_await context.reply(greeting + ", " + std::string(context.author.display_name()) + "!");
                         });
  }
};

// ---- the one line in features/all.cpp ----------------------------------------
const bot::FeatureModule kGreetModule{
    .name = "greet", .config = {&kGreetSection}, .limiters = {&kGreetLimit}, .make = [] {
      return std::make_unique<GreetFeature>();
    }};

}  // namespace example

namespace dbot::config {
namespace {

LoadResult load_with_greet(const testing::Instance& instance) {
  LoadOptions options;
  options.environment = EnvMap{};
  options.sections = features::config_sections();
  options.sections.insert(options.sections.end(), example::kGreetModule.config.begin(),
                          example::kGreetModule.config.end());
  return load_instance(instance.path(), options);
}

TEST(FeatureModuleExample, ItsSectionIsReadAndTyped) {
  testing::Instance instance;
  instance.write("config.toml", std::string(testing::kMinimalToml) + "[greet]\ngreeting = \"Ahoy\"\n");
  const auto result = load_with_greet(instance);
  ASSERT_TRUE(result.ok()) << testing::dump(result);
  EXPECT_EQ(result.config->required_section<example::GreetConfig>().greeting, "Ahoy");
}

TEST(FeatureModuleExample, ItsKeysAreCheckedLikeEveryOther) {
  testing::Instance instance;
  instance.write("config.toml", std::string(testing::kMinimalToml) + "[greet]\ngreetings = \"Ahoy\"\n");
  const auto result = load_with_greet(instance);
  EXPECT_TRUE(testing::has(result, Severity::error, "config.toml", "greet.greetings", "did you mean 'greeting'?"))
      << testing::dump(result);
}

TEST(FeatureModuleExample, WithoutTheModuleItsTableIsUnknown) {
  testing::Instance instance;
  instance.write("config.toml", std::string(testing::kMinimalToml) + "[greet]\ngreeting = \"Ahoy\"\n");
  EXPECT_TRUE(testing::has(instance.load(), Severity::error, "config.toml", "greet", "unknown section"));
}

TEST(FeatureModuleExample, TheModuleMakesItsFeature) {
  const auto feature = example::kGreetModule.make();
  ASSERT_NE(feature, nullptr);
  EXPECT_EQ(feature->name(), "greet");
  EXPECT_EQ(example::kGreetModule.limiters.front()->name, "greet");
}

}  // namespace
}  // namespace dbot::config
