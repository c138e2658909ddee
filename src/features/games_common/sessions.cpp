#include "features/games_common/sessions.hpp"

#include "db/pool.hpp"

namespace dbot::features::games {
namespace asio = boost::asio;

namespace {

constexpr const char* kColumns =
    "id, guild_id, channel_id, COALESCE(message_id, '') AS message_id, puzzle_date::text AS puzzle_date, state, "
    "status, (status = 'active' AND updated_at < NOW() - make_interval(mins => $3)) AS idle_expired";

std::optional<Session> first_session(const db::Result& rows) {
  if (rows.empty()) return std::nullopt;
  Session s;
  s.id = rows.get<std::int64_t>(0, "id");
  s.guild_id = rows.get<std::string>(0, "guild_id");
  s.channel_id = rows.get<std::string>(0, "channel_id");
  s.message_id = rows.get<std::string>(0, "message_id");
  s.puzzle_date = rows.get<std::string>(0, "puzzle_date");
  s.state = rows.get<std::string>(0, "state");
  s.status = rows.get<std::string>(0, "status");
  s.idle_expired = rows.get<bool>(0, "idle_expired");
  return s;
}

std::int64_t idle_minutes() { return static_cast<std::int64_t>(kIdleExpiry.count()); }

}  // namespace

asio::awaitable<std::optional<Session>> SessionStore::active_in_channel(const std::string& channel) {
  co_await pool_.execute(
      "UPDATE game_sessions SET status = 'expired' WHERE kind = $1 AND channel_id = $2 AND status = 'active' "
      "AND updated_at < NOW() - make_interval(mins => $3)",
      kind_, channel, idle_minutes());
  const auto rows = co_await pool_.execute(std::string("SELECT ") + kColumns +
                                               " FROM game_sessions WHERE kind = $1 AND channel_id = $2 AND status = "
                                               "'active'",
                                           kind_, channel, idle_minutes());
  co_return first_session(rows);
}

asio::awaitable<std::optional<std::int64_t>> SessionStore::create(const std::string& guild, const std::string& channel,
                                                                  const std::string& date, const std::string& state) {
  const auto rows = co_await pool_.execute(
      "INSERT INTO game_sessions (kind, guild_id, channel_id, puzzle_date, state) VALUES ($1, $2, $3, $4::date, $5) "
      "ON CONFLICT (kind, channel_id) WHERE status = 'active' DO NOTHING RETURNING id",
      kind_, guild, channel, date, state);
  if (rows.empty()) co_return std::nullopt;
  co_return rows.get<std::int64_t>(0, "id");
}

asio::awaitable<void> SessionStore::set_message(std::int64_t id, const std::string& message) {
  co_await pool_.execute("UPDATE game_sessions SET message_id = $2 WHERE id = $1", id, message);
}

asio::awaitable<void> SessionStore::remove(std::int64_t id) {
  co_await pool_.execute("DELETE FROM game_sessions WHERE id = $1", id);
}

asio::awaitable<std::optional<Session>> SessionStore::lock_active_in_channel(db::Connection& c,
                                                                             const std::string& channel) {
  const auto rows = co_await c.execute(std::string("SELECT ") + kColumns +
                                           " FROM game_sessions WHERE kind = $1 AND channel_id = $2 AND status = "
                                           "'active' FOR UPDATE",
                                       kind_, channel, idle_minutes());
  co_return first_session(rows);
}

asio::awaitable<std::optional<Session>> SessionStore::lock_by_message(db::Connection& c, const std::string& message) {
  const auto rows = co_await c.execute(
      std::string("SELECT ") + kColumns + " FROM game_sessions WHERE kind = $1 AND message_id = $2 FOR UPDATE", kind_,
      message, idle_minutes());
  co_return first_session(rows);
}

asio::awaitable<void> SessionStore::save(db::Connection& c, std::int64_t id, const std::string& state,
                                         const std::string& status) {
  co_await c.execute("UPDATE game_sessions SET state = $2, status = $3, updated_at = NOW() WHERE id = $1", id, state,
                     status);
}

}  // namespace dbot::features::games
