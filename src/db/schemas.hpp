#pragma once
// What lives in a database: one entry per non-system schema, for
// `discord-bot db schemas` and `doctor`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

namespace dbot::db {

struct SchemaInfo {
  std::string name;
  std::int64_t size_bytes = 0;               // tables incl. indexes and TOAST
  bool managed = false;                      // has schema_migrations (a bot schema)
  std::optional<int> latest_migration;       // highest applied version
  std::optional<std::string> holder;         // from instance_lease
  std::optional<std::string> last_activity;  // last heartbeat (timestamptz text)
  std::optional<std::string> released_at;    // set when the holder shut down cleanly
  bool in_use = false;                       // a session holds the schema lease right now
};

// Every schema except pg_* and information_schema, by name.
boost::asio::awaitable<std::vector<SchemaInfo>> list_schemas(std::string url);

}  // namespace dbot::db
