#pragma once
// Connections for the rest of the bot: the `connections` commands and other
// features (the AI's connections_start tool) start games through here.

#include <string>

#include "features/games_common/starter.hpp"

namespace dbot::features::connections {

// `date_text` (YYYY-MM-DD) is read only for StartMode::date.
boost::asio::awaitable<games::StartResult> start_connections(bot::Instance& instance, Snowflake guild,
                                                             Snowflake channel, games::StartMode mode,
                                                             std::string date_text, const games::PostBoard& post);

}  // namespace dbot::features::connections
