#pragma once
// Sending a Reply somewhere other than in answer to a command or button: a
// log channel, a DM, a message edited later. Same rules as replies (split at
// 2000 characters, nobody pinged unless the Reply opts in).

#include <boost/asio/awaitable.hpp>

#include "bot/reply.hpp"
#include "core/snowflake.hpp"

namespace dbot::discord {
class RestClient;
}

namespace dbot::bot {

// Returns the id of the (last) message created.
boost::asio::awaitable<Snowflake> send_message(discord::RestClient& rest, Snowflake channel, Reply reply);
boost::asio::awaitable<void> edit_message(discord::RestClient& rest, Snowflake channel, Snowflake message, Reply reply);

}  // namespace dbot::bot
