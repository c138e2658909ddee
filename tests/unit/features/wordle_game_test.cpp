#include <gtest/gtest.h>

#include "core/error.hpp"
#include "features/games_common/dates.hpp"
#include "features/wordle/game.hpp"
#include "features/wordle/word_list.hpp"

namespace dbot::features {
namespace {

std::string marks(std::string_view guess, std::string_view solution) {
  std::string out;
  for (const auto mark : wordle::score(guess, solution)) {
    out += mark == wordle::Mark::correct ? 'C' : mark == wordle::Mark::present ? 'P' : 'A';
  }
  return out;
}

TEST(WordleScore, RepeatedLettersAreMarkedOnce) {
  EXPECT_EQ(marks("allee", "apple"), "CPAAC");
  EXPECT_EQ(marks("speed", "abide"), "AAPAP");
  EXPECT_EQ(marks("crane", "crane"), "CCCCC");
  EXPECT_EQ(marks("eerie", "there"), "PAPAC");
  EXPECT_EQ(marks("lllll", "hello"), "AACCA");
}

TEST(WordleGame, OutcomesAndStateRoundTrip) {
  wordle::State state{"crane", "2024-01-01", {}};
  EXPECT_EQ(wordle::outcome_of(state), wordle::Outcome::playing);
  for (int i = 0; i < 5; ++i) state.guesses.push_back({"slate", "1"});
  EXPECT_EQ(wordle::outcome_of(state), wordle::Outcome::playing);
  state.guesses.push_back({"crane", "2"});
  EXPECT_EQ(wordle::outcome_of(state), wordle::Outcome::won);
  const auto back = wordle::state_from_json(wordle::to_json(state));
  EXPECT_EQ(back.solution, "crane");
  EXPECT_EQ(back.guesses.size(), 6u);
  EXPECT_EQ(wordle::players(back), (std::vector<std::string>{"1", "2"}));
  state.guesses.back().word = "moist";
  EXPECT_EQ(wordle::outcome_of(state), wordle::Outcome::lost);
  EXPECT_THROW(wordle::state_from_json("{}"), Error);
}

TEST(WordleGame, GuessShapeAndDictionary) {
  EXPECT_EQ(wordle::as_guess(" Crane "), "crane");
  EXPECT_FALSE(wordle::as_guess("cranes"));
  EXPECT_FALSE(wordle::as_guess("cr4ne"));
  EXPECT_FALSE(wordle::as_guess("!m w "));
  EXPECT_TRUE(wordle::is_known_word("crane"));
  EXPECT_TRUE(wordle::is_known_word("about"));
  EXPECT_FALSE(wordle::is_known_word("xyzzy"));
}

TEST(WordleGame, BoardShowsRowsKeyboardAndEndings) {
  wordle::State state{"apple", "2024-01-01", {{"allee", "7"}}};
  auto embed = wordle::board_embed(state);
  EXPECT_EQ(embed.title, "Wordle — 2024-01-01");
  EXPECT_EQ(embed.description.substr(0, embed.description.find('\n')), "🟩🟨⬛⬛🟩  **ALLEE**  <@7>");
  EXPECT_NE(embed.description.find("🟩 A E  🟨 L"), std::string::npos) << embed.description;
  state.guesses.push_back({"apple", "7"});
  embed = wordle::board_embed(state);
  EXPECT_EQ(embed.title, "Wordle — 2024-01-01 — Solved in 2! 🎉");
  ASSERT_EQ(embed.fields.size(), 1u);
  EXPECT_EQ(embed.fields[0].name, "Share");
  EXPECT_EQ(embed.fields[0].value, "Wordle 2024-01-01 2/6\n🟩🟨⬛⬛🟩\n🟩🟩🟩🟩🟩")
      << "no letters: no spoilers";
}

TEST(GameDates, NewYorkDayAndRequestedDates) {
  using namespace std::chrono;
  // 03:00 UTC on 2024-07-10 is still 2024-07-09 in New York (EDT, UTC-4).
  const auto summer = sys_days(2024y / July / 10) + hours(3);
  EXPECT_EQ(games::format_date(games::nyt_today(summer)), "2024-07-09");
  // 04:30 UTC in January is 23:30 EST the day before; 05:30 is the same day.
  EXPECT_EQ(games::format_date(games::nyt_today(sys_days(2024y / January / 10) + hours(4) + minutes(30))),
            "2024-01-09");
  EXPECT_EQ(games::format_date(games::nyt_today(sys_days(2024y / January / 10) + hours(5) + minutes(30))),
            "2024-01-10");
  // The rules change: in 2006 daylight time began on April 2, so 04:30 UTC on
  // March 20 was 23:30 EST on the 19th (today's rule would say EDT, the 20th).
  EXPECT_EQ(games::format_date(games::nyt_today(sys_days(2006y / March / 20) + hours(4) + minutes(30))), "2006-03-19");
  const games::Date first{year(2021), June, day(19)};
  const games::Date today{year(2024), March, day(1)};
  EXPECT_TRUE(games::check_requested_date(" 2024-02-29 ", first, today).date);
  EXPECT_EQ(games::check_requested_date("2023-02-29", first, today).error, "Use YYYY-MM-DD format (e.g. 2024-03-15).");
  EXPECT_EQ(games::check_requested_date("24-1-1", first, today).error, "Use YYYY-MM-DD format (e.g. 2024-03-15).");
  EXPECT_NE(games::check_requested_date("2024-03-02", first, today).error.find("isn't out yet"), std::string::npos);
  EXPECT_NE(games::check_requested_date("2021-06-18", first, today).error.find("no puzzle before"), std::string::npos);
  std::mt19937_64 random(1);
  for (int i = 0; i < 100; ++i) {
    const auto d = games::random_date(first, today, random);
    EXPECT_TRUE(d >= first && d <= today);
  }
}

}  // namespace
}  // namespace dbot::features
