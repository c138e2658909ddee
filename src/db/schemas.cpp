#include "db/schemas.hpp"

#include <fmt/format.h>

#include "db/connection.hpp"
#include "db/identifiers.hpp"

namespace dbot::db {

namespace asio = boost::asio;
using asio::awaitable;

awaitable<std::vector<SchemaInfo>> list_schemas(std::string url) {
  auto connection = co_await Connection::connect(
      ConnectOptions{std::move(url), "", std::chrono::milliseconds(10000), "discord-bot db schemas"});
  // A bigint advisory key shows in pg_locks as classid (high half), objid
  // (low half), objsubid 1.
  auto result = co_await connection->query(R"SQL(
SELECT n.nspname AS name,
       COALESCE((SELECT sum(pg_total_relation_size(c.oid)) FROM pg_catalog.pg_class c
                 WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'm')), 0)::bigint AS size_bytes,
       to_regclass(quote_ident(n.nspname) || '.schema_migrations') IS NOT NULL AS managed,
       to_regclass(quote_ident(n.nspname) || '.instance_lease') IS NOT NULL AS has_lease_table,
       EXISTS (SELECT 1 FROM pg_catalog.pg_locks l
               WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                 AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
                 AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext('dbot-schema:' || n.nspname)::bigint
              ) AS in_use
FROM pg_catalog.pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY n.nspname)SQL");

  std::vector<SchemaInfo> schemas;
  for (std::size_t i = 0; i < result.rows(); ++i) {
    SchemaInfo info;
    info.name = result.get<std::string>(i, "name");
    info.size_bytes = result.get<std::int64_t>(i, "size_bytes");
    info.managed = result.get<bool>(i, "managed");
    info.in_use = result.get<bool>(i, "in_use");
    const auto quoted = quote_identifier(info.name);
    if (info.managed) {
      auto latest =
          co_await connection->query(fmt::format("SELECT max(version) AS v FROM {}.schema_migrations", quoted));
      info.latest_migration = latest.get<std::optional<int>>(0, "v");
    }
    if (result.get<bool>(i, "has_lease_table")) {
      auto lease = co_await connection->query(fmt::format(
          "SELECT holder, heartbeat_at::text AS heartbeat_at, released_at::text AS released_at FROM {}.instance_lease",
          quoted));
      if (!lease.empty()) {
        info.holder = lease.get<std::string>(0, "holder");
        info.last_activity = lease.get<std::string>(0, "heartbeat_at");
        info.released_at = lease.get<std::optional<std::string>>(0, "released_at");
      }
    }
    schemas.push_back(std::move(info));
  }
  co_return schemas;
}

}  // namespace dbot::db
