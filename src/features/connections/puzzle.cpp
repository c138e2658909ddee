#include "features/connections/puzzle.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "core/error.hpp"

namespace dbot::features::connections {
namespace json = boost::json;

// {"status":"OK","print_date":..,"categories":[{"title":..,"cards":[{"content":..}]}]}
// with four categories of four distinct words.
Puzzle parse_puzzle(const std::string& body, const std::string& requested) {
  json::value value;
  boost::system::error_code ec;
  value = json::parse(body, ec);
  if (ec || !value.is_object()) {
    throw Error("Failed to parse puzzle data: the answer was not JSON.", "Connections body is not a JSON object");
  }
  const auto& o = value.as_object();
  const auto* status = o.if_contains("status");
  if (!status || !status->is_string() || status->as_string() != "OK") {
    throw Error("NYT API returned an error.", "Connections status is not OK");
  }
  Puzzle puzzle;
  const auto* date = o.if_contains("print_date");
  puzzle.print_date = date && date->is_string() ? std::string(date->as_string()) : requested;
  const auto* categories = o.if_contains("categories");
  std::vector<std::string> all;
  if (categories && categories->is_array()) {
    for (const auto& c : categories->as_array()) {
      if (!c.is_object()) continue;
      const auto* title = c.as_object().if_contains("title");
      const auto* cards = c.as_object().if_contains("cards");
      if (!title || !title->is_string() || !cards || !cards->is_array()) continue;
      Category category{std::string(title->as_string()), {}};
      for (const auto& card : cards->as_array()) {
        const auto* content = card.is_object() ? card.as_object().if_contains("content") : nullptr;
        if (content && content->is_string()) category.words.emplace_back(content->as_string());
      }
      all.insert(all.end(), category.words.begin(), category.words.end());
      puzzle.categories.push_back(std::move(category));
    }
  }
  std::sort(all.begin(), all.end());
  const bool distinct = std::adjacent_find(all.begin(), all.end()) == all.end();
  const bool shaped = puzzle.categories.size() == 4 && all.size() == 16 && distinct;
  if (!shaped) {
    throw Error("Failed to parse puzzle data: it is not four groups of four words.",
                "Connections puzzle has a bad shape");
  }
  return puzzle;
}

}  // namespace dbot::features::connections
