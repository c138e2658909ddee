#pragma once
// Per-guild player statistics for a game kind: played, won, streaks and a
// distribution of wins (by guesses for Wordle, by mistakes for Connections).
// Everyone who took part in a finished game is credited with its result.

#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "bot/reply.hpp"

namespace dbot::db {
class Connection;
class Pool;
}  // namespace dbot::db

namespace dbot::features::games {

struct PlayerStats {
  std::string user_id;
  int played = 0;
  int won = 0;
  int current_streak = 0;
  int max_streak = 0;
  std::vector<int> distribution;
};

// Inside the transaction that finishes the game. `bucket` is the
// distribution slot (0-based) of a win; ignored for a loss.
boost::asio::awaitable<void> record_result(db::Connection& c, const std::string& guild,
                                           const std::vector<std::string>& players, const std::string& kind, bool won,
                                           int bucket, int buckets);

boost::asio::awaitable<std::optional<PlayerStats>> stats_of(db::Pool& pool, const std::string& guild,
                                                            const std::string& user, const std::string& kind);
// Most wins first, then win rate, then longest streak.
boost::asio::awaitable<std::vector<PlayerStats>> top_players(db::Pool& pool, const std::string& guild,
                                                             const std::string& kind, int limit);

// `labels` name the distribution slots ("1".."6" or "0 mistakes"...).
bot::Embed stats_embed(const std::string& title, const PlayerStats& stats, const std::string& distribution_title,
                       const std::vector<std::string>& labels, std::uint32_t color);
bot::Embed leaderboard_embed(const std::string& title, const std::vector<PlayerStats>& players, std::uint32_t color,
                             const std::string& empty_hint);

}  // namespace dbot::features::games
