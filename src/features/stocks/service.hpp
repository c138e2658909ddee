#pragma once
// What virtual trading offers to the rest of the bot: the stock commands and
// other features (the AI's stock tools) call these, never each other's
// command handlers. Every answer a user may see comes back as a Reply —
// refusals as plain text, results as the seed's embeds; only failures the
// user cannot fix (database, unexpected errors) are thrown as dbot::Error.
// Callers apply the `stocks` rate limiter themselves (commands do it through
// their spec).

#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "bot/reply.hpp"
#include "core/snowflake.hpp"

namespace dbot::bot {
class Instance;
}

namespace dbot::features::stocks {

class StocksService {
 public:
  explicit StocksService(bot::Instance& instance) : instance_(instance) {}

  // False without FINNHUB_API_KEY; every call then answers not_configured_text().
  bool configured() const;
  static std::string not_configured_text();

  // `amount` as a user types it: "2", "0.5", "$150".
  boost::asio::awaitable<bot::Reply> buy(Snowflake guild, Snowflake user, std::string_view symbol,
                                         std::string_view amount);
  // `amount`: a share count or "all".
  boost::asio::awaitable<bot::Reply> sell(Snowflake guild, Snowflake user, std::string_view symbol,
                                          std::string_view amount);
  boost::asio::awaitable<bot::Reply> price(std::string_view symbol);
  // Someone's portfolio; looking never opens one.
  boost::asio::awaitable<bot::Reply> portfolio(Snowflake guild, Snowflake user);
  // `prefix` ("!m " or "/") for the hint shown when nobody has traded yet.
  boost::asio::awaitable<bot::Reply> leaderboard(Snowflake guild, std::string prefix);
  boost::asio::awaitable<bot::Reply> history(Snowflake guild, Snowflake user);

  // The name shown in titles: nickname, display name, else a mention.
  std::string name_of(Snowflake guild, Snowflake user) const;

 private:
  bot::Instance& instance_;
};

}  // namespace dbot::features::stocks
