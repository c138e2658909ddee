#pragma once
// Starting a puzzle game in a channel, shared by Wordle and Connections and
// by every caller (the commands, or another feature such as the AI's
// wordle_start tool): refuse when the channel has a live game, pick and check
// the date, load the puzzle, store the game, post its board, remember the
// board's message. Refusals come back as text; nothing is stored for them.

#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/reply.hpp"
#include "core/snowflake.hpp"
#include "features/games_common/dates.hpp"
#include "features/games_common/puzzles.hpp"

namespace dbot::bot {
class Instance;
}

namespace dbot::features::games {

enum class StartMode { today, random, date };

// Sends the board and returns its message id (0 when nothing was sent).
using PostBoard = std::function<boost::asio::awaitable<Snowflake>(bot::Reply)>;

struct StartResult {
  bool started = false;
  std::string refusal;  // the reply when not started
};

// What a game needs from a puzzle body: its stored state, its first board,
// and the date the NYT says it is for.
struct PreparedGame {
  std::string state_json;
  bot::Reply board;
  std::string print_date;
};

struct GameDefinition {
  std::string kind;  // game_sessions.kind
  Date first_date;
  PuzzleKind puzzle;
  std::string already_active;
  // Throws dbot::Error (with the reply) when the body is unusable.
  std::function<PreparedGame(const std::string& body, const std::string& requested)> prepare;
};

boost::asio::awaitable<StartResult> start_game(bot::Instance& instance, const GameDefinition& game, Snowflake guild,
                                               Snowflake channel, StartMode mode, std::string date_text,
                                               const PostBoard& post);

// A PostBoard that sends the board as a new message in `channel`.
PostBoard post_to_channel(bot::Instance& instance, Snowflake channel);

}  // namespace dbot::features::games
