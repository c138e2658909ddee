#include "features/wordle/puzzle.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"

namespace dbot::features::wordle {
namespace json = boost::json;

// A usable Wordle answer: {"solution": "abcde", "print_date": "..."}.
State parse_puzzle(const std::string& body, const std::string& requested) {
  json::value value;
  boost::system::error_code ec;
  value = json::parse(body, ec);
  const auto* object = !ec && value.is_object() ? &value.as_object() : nullptr;
  const auto* solution = object ? object->if_contains("solution") : nullptr;
  if (!solution || !solution->is_string()) {
    throw Error("Failed to parse Wordle data: the puzzle has no solution.", "Wordle JSON without a solution");
  }
  const auto word = as_guess(std::string(solution->as_string()));
  if (!word) throw Error("Failed to parse Wordle data: the solution is not a five-letter word.", "bad Wordle solution");
  State state;
  state.solution = *word;
  const auto* date = object->if_contains("print_date");
  state.date = date && date->is_string() ? std::string(date->as_string()) : requested;
  return state;
}

}  // namespace dbot::features::wordle
