#pragma once
// Live games in game_sessions: one active game of a kind per channel, found
// by channel (chat guesses) or by the board's message id (buttons, so a
// button only ever acts on the game drawn on its own message). Changes run
// in a transaction that holds the game's row lock, so moves are applied one
// at a time even across processes. A game idle for 30 minutes is expired.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

namespace dbot::db {
class Connection;
class Pool;
}  // namespace dbot::db

namespace dbot::features::games {

inline constexpr std::chrono::minutes kIdleExpiry{30};

struct Session {
  std::int64_t id = 0;
  std::string guild_id;
  std::string channel_id;
  std::string message_id;  // empty until the board is posted
  std::string puzzle_date;
  std::string state;          // JSON
  std::string status;         // active | won | lost | expired
  bool idle_expired = false;  // active, but untouched for kIdleExpiry
};

class SessionStore {
 public:
  SessionStore(db::Pool& pool, std::string kind) : pool_(pool), kind_(std::move(kind)) {}

  // Marks this channel's idle game expired; then the active one, if any.
  boost::asio::awaitable<std::optional<Session>> active_in_channel(const std::string& channel);
  // Creates an active game; nullopt when the channel already has one.
  boost::asio::awaitable<std::optional<std::int64_t>> create(const std::string& guild, const std::string& channel,
                                                             const std::string& date, const std::string& state);
  boost::asio::awaitable<void> set_message(std::int64_t id, const std::string& message);
  boost::asio::awaitable<void> remove(std::int64_t id);

  // Inside a transaction: lock the channel's active game / a message's game.
  boost::asio::awaitable<std::optional<Session>> lock_active_in_channel(db::Connection& c, const std::string& channel);
  boost::asio::awaitable<std::optional<Session>> lock_by_message(db::Connection& c, const std::string& message);
  boost::asio::awaitable<void> save(db::Connection& c, std::int64_t id, const std::string& state,
                                    const std::string& status);

  db::Pool& pool() { return pool_; }
  const std::string& kind() const { return kind_; }

 private:
  db::Pool& pool_;
  std::string kind_;
};

}  // namespace dbot::features::games
