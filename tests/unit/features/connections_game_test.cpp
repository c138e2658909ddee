#include <gtest/gtest.h>

#include "core/error.hpp"
#include "features/connections/game.hpp"

namespace dbot::features::connections {
namespace {

std::vector<Category> groups() {
  return {{"FISH", {"BASS", "SOLE", "CARP", "PIKE"}},
          {"KEYS", {"SHIFT", "ENTER", "SPACE", "TAB"}},
          {"BALL", {"FOOT", "BASE", "HAND", "SNOW"}},
          {"GREEK", {"ALPHA", "BETA", "GAMMA", "DELTA"}}};
}

void pick(State& state, const std::vector<std::string>& words) {
  for (const auto& w : words) {
    const auto it = std::find(state.board.begin(), state.board.end(), w);
    ASSERT_NE(it, state.board.end()) << w;
    toggle(state, static_cast<std::size_t>(it - state.board.begin()));
  }
}

TEST(ConnectionsGame, SelectionIsCappedAtFourAndToggles) {
  std::mt19937_64 random(3);
  auto state = new_game("2024-01-01", groups(), random);
  EXPECT_EQ(state.board.size(), 16u);
  for (std::size_t i = 0; i < 6; ++i) toggle(state, i);
  EXPECT_EQ(state.selected.size(), 4u);
  toggle(state, 0);
  EXPECT_EQ(state.selected.size(), 3u);
  toggle(state, 99);
  EXPECT_EQ(state.selected.size(), 3u);
  EXPECT_EQ(submit(state, "u"), Submit::not_four);
  deselect(state);
  EXPECT_TRUE(state.selected.empty());
}

TEST(ConnectionsGame, OneAwayWrongRepeatAndSolve) {
  std::mt19937_64 random(5);
  auto state = new_game("2024-01-01", groups(), random);
  pick(state, {"BASS", "SOLE", "CARP", "SHIFT"});
  EXPECT_EQ(submit(state, "a"), Submit::one_away);
  EXPECT_EQ(state.mistakes, 1);
  EXPECT_EQ(state.status_line, "❌ One away! (guessed by <@a>) — 3 mistakes remaining");
  pick(state, {"SHIFT", "CARP", "SOLE", "BASS"});
  EXPECT_EQ(submit(state, "b"), Submit::repeated);
  EXPECT_EQ(state.mistakes, 1) << "a repeated guess costs nothing";
  deselect(state);
  pick(state, {"BASS", "SHIFT", "FOOT", "ALPHA"});
  EXPECT_EQ(submit(state, "b"), Submit::wrong);
  pick(state, {"PIKE", "BASS", "SOLE", "CARP"});
  EXPECT_EQ(submit(state, "b"), Submit::solved);
  EXPECT_EQ(state.board.size(), 12u);
  EXPECT_EQ(state.status_line, "🟨 **FISH** solved by <@b>!");
  EXPECT_EQ(state.players, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(outcome_of(state), Outcome::playing);

  EXPECT_EQ(share_text(state), "Connections 2024-01-01\n🟨🟨🟨🟩\n🟨🟩🟦🟪\n🟨🟨🟨🟨");
  const auto back = state_from_json(to_json(state));
  EXPECT_EQ(back.history, state.history);
  EXPECT_EQ(back.board, state.board);
  EXPECT_EQ(back.tried, state.tried);
  EXPECT_EQ(back.solved, state.solved);
  EXPECT_EQ(back.mistakes, 2);
  EXPECT_THROW(state_from_json("[]"), Error);
}

TEST(ConnectionsGame, FourMistakesLoseAndTheBoardDrawsTheEnd) {
  std::mt19937_64 random(7);
  auto state = new_game("2024-01-01", groups(), random);
  const std::vector<std::vector<std::string>> wrong{{"BASS", "SHIFT", "FOOT", "ALPHA"},
                                                    {"SOLE", "ENTER", "BASE", "BETA"},
                                                    {"CARP", "SPACE", "HAND", "GAMMA"},
                                                    {"PIKE", "TAB", "SNOW", "DELTA"}};
  auto reply = board_reply(state);
  EXPECT_EQ(reply.button_rows.size(), 5u);
  EXPECT_TRUE(reply.button_rows[4][2].disabled) << "Submit needs four words";
  for (const auto& guess : wrong) {
    pick(state, guess);
    submit(state, "a");
  }
  EXPECT_EQ(outcome_of(state), Outcome::lost);
  EXPECT_EQ(share_text(state),
            "Connections 2024-01-01\n🟨🟩🟦🟪\n🟨🟩🟦🟪\n🟨🟩🟦🟪\n🟨🟩🟦🟪");
  reply = board_reply(state);
  EXPECT_TRUE(reply.button_rows.empty());
  EXPECT_EQ(reply.embeds[0].title, "Connections — 2024-01-01 — Game Over");
  EXPECT_NE(reply.embeds[0].description.find("🟪 **GREEK**: ALPHA, BETA, GAMMA, DELTA\n4 mistakes"),
            std::string::npos)
      << reply.embeds[0].description;
}

}  // namespace
}  // namespace dbot::features::connections
