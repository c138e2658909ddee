// Group aliases and a group's default subcommand (shared command registry
// additions the stock and game groups rely on).

#include <gtest/gtest.h>

#include "bot/command/registry.hpp"

namespace dbot::bot {
namespace {

CommandHandler nothing() {
  return [](CommandContext&) -> boost::asio::awaitable<void> { co_return; };
}

TEST(GroupCommands, AliasesAndDefaultSubcommandResolve) {
  CommandRegistry registry;
  CommandSpec portfolio{.path = {"stock", "portfolio"}, .aliases = {"p"}};
  portfolio.group_aliases = {"st", "stocks"};
  portfolio.group_default = true;
  registry.add({portfolio, nothing()});
  registry.add({CommandSpec{.path = {"stock", "buy"}, .aliases = {"b"}}, nothing()});

  const auto bare = registry.resolve("stock");
  ASSERT_TRUE(std::holds_alternative<Resolved>(bare));
  EXPECT_EQ(std::get<Resolved>(bare).command->spec.path.back(), "portfolio");

  const auto aliased = registry.resolve("ST b AAPL 2");
  ASSERT_TRUE(std::holds_alternative<Resolved>(aliased));
  EXPECT_EQ(std::get<Resolved>(aliased).command->spec.path.back(), "buy");
  EXPECT_EQ(std::get<Resolved>(aliased).arguments, "AAPL 2");

  const auto unknown = registry.resolve("stocks bye");
  ASSERT_TRUE(std::holds_alternative<UnknownCommand>(unknown));
  EXPECT_EQ(std::get<UnknownCommand>(unknown).typed, "stock bye");
  EXPECT_EQ(std::get<UnknownCommand>(unknown).suggestion, "stock buy");
}

TEST(GroupCommands, AGroupWithoutDefaultStillAsksForASubcommand) {
  CommandRegistry registry;
  registry.add({CommandSpec{.path = {"wordle", "random"}}, nothing()});
  EXPECT_TRUE(std::holds_alternative<UnknownCommand>(registry.resolve("wordle")));
}

}  // namespace
}  // namespace dbot::bot
