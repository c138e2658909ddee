#pragma once
// The NYT Wordle JSON ({"id", "solution", "print_date", ...}) as a new game.

#include <string>

#include "features/wordle/game.hpp"

namespace dbot::features::wordle {

// A fresh game for the puzzle; `requested` stands in for a missing
// print_date. Throws dbot::Error with the reply when the body is unusable.
State parse_puzzle(const std::string& body, const std::string& requested);

}  // namespace dbot::features::wordle
