#pragma once
// Chargeback alerts (table mc_chargebacks): one row per accepted webhook,
// unique by replay key, holding the roles the restriction removed and the
// alert message, so buttons never read state back from the embed.

#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/snowflake.hpp"
#include "features/minecraft/chargeback_event.hpp"

namespace dbot::db {
class Pool;
}

namespace dbot::features::minecraft {

struct ChargebackAlert {
  std::int64_t id = 0;
  std::string uuid;
  std::string username;
  std::optional<Snowflake> discord_id;
  std::string tier;
  std::string event_time;
  std::vector<Snowflake> removed_roles;
  bool roles_stripped = false;
  std::string status;  // open, working, banned, dismissed
};

class ChargebackStore {
 public:
  explicit ChargebackStore(db::Pool& pool) : pool_(pool) {}

  // The new alert's id, or nullopt when this replay key was seen before.
  boost::asio::awaitable<std::optional<std::int64_t>> insert(const ChargebackEvent& event, std::string key);
  // Saves the roles about to be removed (before the Discord call).
  boost::asio::awaitable<void> save_removed_roles(std::int64_t id, const std::vector<Snowflake>& roles);
  boost::asio::awaitable<void> mark_stripped(std::int64_t id);
  boost::asio::awaitable<void> set_message(std::int64_t id, Snowflake channel, Snowflake message);
  boost::asio::awaitable<std::optional<ChargebackAlert>> by_message(Snowflake message);
  // Moves an open alert to 'working'; false when someone else got there first.
  boost::asio::awaitable<bool> claim(std::int64_t id);
  // Back to 'open' (the action was refused before doing anything).
  boost::asio::awaitable<void> release(std::int64_t id);
  boost::asio::awaitable<void> resolve(std::int64_t id, std::string status, Snowflake by);

 private:
  db::Pool& pool_;
};

// "{1,2,3}" (Postgres' text form of BIGINT[]) and back.
std::string to_pg_array(const std::vector<Snowflake>& ids);
std::vector<Snowflake> from_pg_array(std::string_view text);

}  // namespace dbot::features::minecraft
