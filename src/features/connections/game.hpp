#pragma once
// Connections rules and drawing, free of Discord and the database: the
// board, selection, submitting four words (solved, one away, wrong, or a
// repeat of an earlier wrong guess, which costs nothing as on the NYT site),
// the state as stored, and the seed's embed with its 4×4 button grid.

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bot/reply.hpp"

namespace dbot::features::connections {

inline constexpr int kMaxMistakes = 4;

struct Category {
  std::string title;
  std::vector<std::string> words;  // four; the index in State::categories is the difficulty
};

struct State {
  std::string date;
  std::vector<Category> categories;
  std::vector<std::string> board;     // unsolved words, in display order
  std::vector<std::string> selected;  // at most four
  std::vector<int> solved;            // category indices, in the order solved
  int mistakes = 0;
  std::vector<std::vector<std::string>> tried;  // wrong guesses, each sorted
  std::string status_line;
  std::vector<std::string> players;  // users who submitted, in order of first submit
  // Every counted submit, as the difficulty of each of its four words (for the share grid).
  std::vector<std::vector<int>> history;
};

State new_game(std::string date, std::vector<Category> categories, std::mt19937_64& random);

// Selects or unselects the word at `index` of the board; a fifth pick is ignored.
void toggle(State& state, std::size_t index);
void shuffle(State& state, std::mt19937_64& random);
void deselect(State& state);

enum class Submit { not_four, solved, one_away, wrong, repeated };
Submit submit(State& state, const std::string& user_id);

enum class Outcome { playing, won, lost };
Outcome outcome_of(const State& state);

std::string to_json(const State& state);
// Throws dbot::Error when the stored text is not a state.
State state_from_json(std::string_view text);

// The spoiler-free result: "Connections 2024-01-01" and one colour row per submit.
std::string share_text(const State& state);

// The embed and, while playing, the buttons.
bot::Reply board_reply(const State& state);

}  // namespace dbot::features::connections
