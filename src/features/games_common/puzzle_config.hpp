#pragma once
// Where the daily puzzles (Wordle, Connections) come from: PUZZLE_API_BASE.

#include <string>

#include "core/config/section.hpp"

namespace dbot::features::games {

struct PuzzleConfig {
  std::string api_base = "https://www.nytimes.com/svc";
};

const config::ConfigSection& puzzle_config_section();

}  // namespace dbot::features::games
