#include "features/connections/service.hpp"

#include <random>

#include "features/connections/game.hpp"
#include "features/connections/puzzle.hpp"

namespace dbot::features::connections {

namespace {

std::mt19937_64& random_engine() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

const games::GameDefinition& definition() {
  static const games::GameDefinition game{
      "connections",
      games::Date{std::chrono::year(2023), std::chrono::June, std::chrono::day(12)},
      {"connections", "connections/v2",
       "No puzzle found for date **{date}**. Make sure the date is valid (YYYY-MM-DD) and after 2023-06-12.",
       "Failed to fetch puzzle:"},
      "A connections game is already active in this channel. Finish or wait for it to expire.",
      [](const std::string& body, const std::string& requested) {
        auto puzzle = parse_puzzle(body, requested);
        const auto state = new_game(puzzle.print_date, std::move(puzzle.categories), random_engine());
        return games::PreparedGame{to_json(state), board_reply(state), state.date};
      }};
  return game;
}

}  // namespace

boost::asio::awaitable<games::StartResult> start_connections(bot::Instance& instance, Snowflake guild,
                                                             Snowflake channel, games::StartMode mode,
                                                             std::string date_text, const games::PostBoard& post) {
  co_return co_await games::start_game(instance, definition(), guild, channel, mode, std::move(date_text), post);
}

}  // namespace dbot::features::connections
