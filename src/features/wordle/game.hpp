#pragma once
// Wordle rules and drawing, free of Discord and the database: scoring a
// guess (two passes, so repeated letters are marked as the NYT marks them),
// the game state as stored, and the seed's board embed.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/reply.hpp"

namespace dbot::features::wordle {

inline constexpr std::size_t kMaxGuesses = 6;
inline constexpr std::uint32_t kWordleGreen = 0x538D4E;
inline constexpr std::uint32_t kRed = 0xED4245;

enum class Mark { absent, present, correct };
std::array<Mark, 5> score(std::string_view guess, std::string_view solution);

struct Guess {
  std::string word;
  std::string user_id;
};

struct State {
  std::string solution;  // lower case
  std::string date;      // the puzzle's print_date
  std::vector<Guess> guesses;
};

enum class Outcome { playing, won, lost };
Outcome outcome_of(const State& state);

std::string to_json(const State& state);
// Throws dbot::Error when the stored text is not a state.
State state_from_json(std::string_view text);

// Five ASCII letters (any case): the shape of a guess in chat.
std::optional<std::string> as_guess(std::string_view content);

// The distinct users who guessed, in order of their first guess.
std::vector<std::string> players(const State& state);

// The spoiler-free result to paste elsewhere: "Wordle 2024-01-01 3/6" and
// the colour rows (X/6 for a loss).
std::string share_text(const State& state);

bot::Embed board_embed(const State& state);

}  // namespace dbot::features::wordle
