#include "features/wordle/service.hpp"

#include "features/wordle/game.hpp"
#include "features/wordle/puzzle.hpp"

namespace dbot::features::wordle {

namespace {

const games::GameDefinition& definition() {
  static const games::GameDefinition game{
      "wordle",
      games::Date{std::chrono::year(2021), std::chrono::June, std::chrono::day(19)},
      {"wordle", "wordle/v2", "No Wordle found for date **{date}**. Use YYYY-MM-DD format, after 2021-06-19.",
       "Failed to fetch Wordle:"},
      "A Wordle game is already active in this channel. Finish it or wait for it to expire.",
      [](const std::string& body, const std::string& requested) {
        const auto state = parse_puzzle(body, requested);
        return games::PreparedGame{to_json(state), bot::Reply::embed(board_embed(state)), state.date};
      }};
  return game;
}

}  // namespace

boost::asio::awaitable<games::StartResult> start_wordle(bot::Instance& instance, Snowflake guild, Snowflake channel,
                                                        games::StartMode mode, std::string date_text,
                                                        const games::PostBoard& post) {
  co_return co_await games::start_game(instance, definition(), guild, channel, mode, std::move(date_text), post);
}

}  // namespace dbot::features::wordle
