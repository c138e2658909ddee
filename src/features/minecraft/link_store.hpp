#pragma once
// Linked Minecraft accounts (table mc_links): written when `verify`
// succeeds, read by `mc whois`.

#include <chrono>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "core/snowflake.hpp"

namespace dbot::db {
class Pool;
}

namespace dbot::features::minecraft {

struct LinkedAccount {
  Snowflake discord_id;
  std::optional<std::string> mc_uuid;
  std::string mc_name;
  std::string linked_at;  // ISO 8601 UTC
  std::int64_t linked_at_unix = 0;
};

class LinkStore {
 public:
  explicit LinkStore(db::Pool& pool) : pool_(pool) {}

  // Links `discord_id` to the account, replacing its previous link and
  // moving the account away from anyone it was linked to before.
  boost::asio::awaitable<void> link(Snowflake discord_id, std::optional<std::string> mc_uuid, std::string mc_name);
  boost::asio::awaitable<std::optional<LinkedAccount>> by_discord_id(Snowflake discord_id);
  // By Minecraft name (case-insensitive) or UUID (with or without dashes).
  boost::asio::awaitable<std::optional<LinkedAccount>> by_minecraft(std::string name_or_uuid);

 private:
  db::Pool& pool_;
};

}  // namespace dbot::features::minecraft
