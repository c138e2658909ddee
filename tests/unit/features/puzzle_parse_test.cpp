// The NYT puzzle JSON the games accept, and what they refuse.

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "features/connections/puzzle.hpp"
#include "features/wordle/puzzle.hpp"

namespace dbot::features {
namespace {

std::string user_message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.user_message();
  }
  return "no error";
}

TEST(WordlePuzzle, ReadsTheSolutionAndPrintDate) {
  const auto state = wordle::parse_puzzle(
      R"({"id":1234,"solution":"Crane","print_date":"2024-01-01","days_since_launch":926,"editor":"Tracy Bennett"})",
      "2024-01-01");
  EXPECT_EQ(state.solution, "crane");
  EXPECT_EQ(state.date, "2024-01-01");
  EXPECT_EQ(wordle::parse_puzzle(R"({"solution":"crane"})", "2024-01-02").date, "2024-01-02");
  EXPECT_EQ(user_message_of([] { wordle::parse_puzzle("<html>", "d"); }),
            "Failed to parse Wordle data: the puzzle has no solution.");
  EXPECT_EQ(user_message_of([] { wordle::parse_puzzle(R"({"solution":"cranes"})", "d"); }),
            "Failed to parse Wordle data: the solution is not a five-letter word.");
}

std::string connections_json(const std::string& status, int groups, int cards, bool duplicate = false) {
  std::string out = R"({"status":")" + status + R"(","id":1,"print_date":"2024-01-01","categories":[)";
  for (int g = 0; g < groups; ++g) {
    out += std::string(g ? "," : "") + R"({"title":"G)" + std::to_string(g) + R"(","cards":[)";
    for (int c = 0; c < cards; ++c) {
      const auto word =
          duplicate && g == 1 && c == 0 ? std::string("W00") : "W" + std::to_string(g) + std::to_string(c);
      out +=
          std::string(c ? "," : "") + R"({"content":")" + word + R"(","position":)" + std::to_string(g * 4 + c) + "}";
    }
    out += "]}";
  }
  return out + "]}";
}

TEST(ConnectionsPuzzle, FourGroupsOfFourDistinctWords) {
  const auto puzzle = connections::parse_puzzle(connections_json("OK", 4, 4), "2024-01-01");
  ASSERT_EQ(puzzle.categories.size(), 4u);
  EXPECT_EQ(puzzle.categories[3].title, "G3");
  EXPECT_EQ(puzzle.categories[3].words[2], "W32");
  EXPECT_EQ(user_message_of([] { connections::parse_puzzle(connections_json("ERROR", 4, 4), "d"); }),
            "NYT API returned an error.");
  for (const auto& bad :
       {connections_json("OK", 3, 4), connections_json("OK", 4, 3), connections_json("OK", 4, 4, true)}) {
    EXPECT_EQ(user_message_of([&] { connections::parse_puzzle(bad, "d"); }),
              "Failed to parse puzzle data: it is not four groups of four words.")
        << bad;
  }
  EXPECT_EQ(user_message_of([] { connections::parse_puzzle("[1,2]", "d"); }),
            "Failed to parse puzzle data: the answer was not JSON.");
}

}  // namespace
}  // namespace dbot::features
