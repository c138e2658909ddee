#pragma once
// NYT puzzle JSON ({PUZZLE_API_BASE}/<path>/<YYYY-MM-DD>.json), cached per
// date in puzzle_cache once a response has parsed: a date's puzzle never
// changes, and the cache keeps games working when the site is slow.

#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "features/games_common/dates.hpp"

namespace dbot::bot {
class Instance;
}

namespace dbot::features::games {

struct PuzzleKind {
  std::string name;          // cache key: "wordle", "connections"
  std::string path;          // "wordle/v2"
  std::string not_found;     // reply for a non-2xx answer; "{date}" is replaced
  std::string fetch_failed;  // reply prefix when the site cannot be reached
};

// The puzzle's JSON text. `validate` throws dbot::Error (with the reply) when
// the body is not a usable puzzle; only bodies it accepts are cached.
boost::asio::awaitable<std::string> load_puzzle(bot::Instance& instance, const PuzzleKind& kind, Date date,
                                                const std::function<void(const std::string&)>& validate);

}  // namespace dbot::features::games
