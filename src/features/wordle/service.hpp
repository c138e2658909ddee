#pragma once
// Wordle for the rest of the bot: the `wordle` commands and other features
// (the AI's wordle_start tool) start games through here.

#include <string>

#include "features/games_common/starter.hpp"

namespace dbot::features::wordle {

// `date_text` (YYYY-MM-DD) is read only for StartMode::date.
boost::asio::awaitable<games::StartResult> start_wordle(bot::Instance& instance, Snowflake guild, Snowflake channel,
                                                        games::StartMode mode, std::string date_text,
                                                        const games::PostBoard& post);

}  // namespace dbot::features::wordle
