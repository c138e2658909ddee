#pragma once
// The NYT Connections JSON ({"status": "OK", "print_date", "categories":
// [{"title", "cards": [{"content", "position"}]}]}), checked to be four
// groups of four distinct words. Category order is difficulty order.

#include <string>
#include <vector>

#include "features/connections/game.hpp"

namespace dbot::features::connections {

struct Puzzle {
  std::string print_date;
  std::vector<Category> categories;
};

// `requested` stands in for a missing print_date. Throws dbot::Error with the
// reply when the body is unusable.
Puzzle parse_puzzle(const std::string& body, const std::string& requested);

}  // namespace dbot::features::connections
