#pragma once
// Per-guild settings (guild_settings table): the moderation log channel, the
// DJ role and DJ mode. Only these three columns can be written: the column is
// chosen from a fixed enum, never from user text.

#include <optional>

#include <boost/asio/awaitable.hpp>

#include "core/snowflake.hpp"

namespace dbot::db {
class Pool;
}

namespace dbot::bot {

struct GuildSettings {
  std::optional<Snowflake> log_channel;
  std::optional<Snowflake> dj_role;
  bool dj_mode = false;
};

class GuildSettingsStore {
 public:
  explicit GuildSettingsStore(db::Pool& pool) : pool_(pool) {}

  // Defaults when the guild has no row. Database errors propagate.
  boost::asio::awaitable<GuildSettings> get(Snowflake guild);
  boost::asio::awaitable<void> set_log_channel(Snowflake guild, std::optional<Snowflake> channel);
  boost::asio::awaitable<void> set_dj_role(Snowflake guild, std::optional<Snowflake> role);
  boost::asio::awaitable<void> set_dj_mode(Snowflake guild, bool enabled);

 private:
  db::Pool& pool_;
};

}  // namespace dbot::bot
