#include "features/ai/chat/token_budget.hpp"

#include <gtest/gtest.h>

namespace dbot::features::ai::chat {
namespace {

TEST(TokenBudget, TheHeuristic) {
  EXPECT_EQ(estimate_tokens(""), 0u);
  EXPECT_EQ(estimate_tokens("abcd"), 1u);
  EXPECT_EQ(estimate_tokens("abcde"), 2u);
  EXPECT_EQ(estimate_tokens(ChatMessage{.text = std::string(400, 'x')}), 100u + kTokensPerMessage);
  EXPECT_EQ(estimate_tokens(ChatMessage{.text = "", .image_urls = {"u"}}), kTokensPerMessage + kTokensPerImage);
}

TEST(TokenBudget, KeepsTheNewestTurns) {
  std::vector<ChatMessage> history;
  for (int i = 0; i < 10; ++i)
    history.push_back(ChatMessage{.text = std::string(96, static_cast<char>('a' + i))});  // 28 tokens each
  keep_newest_within(history, 100);                                                       // room for three
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].text.front(), 'h');
  EXPECT_EQ(history[2].text.front(), 'j');
}

TEST(TokenBudget, StopsAtTheFirstTurnThatDoesNotFit) {
  std::vector<ChatMessage> history = {ChatMessage{.text = "old"}, ChatMessage{.text = std::string(1000, 'x')},
                                      ChatMessage{.text = "new"}};
  keep_newest_within(history, 50);
  ASSERT_EQ(history.size(), 1u);  // "old" would fit but would leave a hole
  EXPECT_EQ(history[0].text, "new");
  keep_newest_within(history, 0);
  EXPECT_TRUE(history.empty());
}

}  // namespace
}  // namespace dbot::features::ai::chat
