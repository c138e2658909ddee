#include "ops/backup_log.hpp"

#include <fmt/format.h>

#include "db/connection.hpp"
#include "db/identifiers.hpp"

namespace dbot::ops {

namespace asio = boost::asio;
using asio::awaitable;

namespace {

awaitable<bool> table_exists(db::Connection& connection, const std::string& schema) {
  const std::string name = db::quote_identifier(schema) + ".ops_backups";
  auto found = co_await connection.execute(
      "SELECT to_regnamespace($1) IS NOT NULL AND to_regclass($2) IS NOT NULL AS present", schema, name);
  co_return found.get<bool>(0, "present");
}

}  // namespace

awaitable<bool> record_backup_run(std::string url, std::string schema, BackupRecord record) {
  db::require_valid_identifier(schema, "schema");
  db::ConnectOptions options(std::move(url), "", std::chrono::milliseconds(10000), "discord-bot backup");
  auto connection = co_await db::Connection::connect(options);
  if (!co_await table_exists(*connection, schema)) co_return false;
  const auto sql = fmt::format(
      "INSERT INTO {}.ops_backups (kind, file_name, started_at, ok, size_bytes, tables_read, rows_read, detail) "
      "VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7, NULLIF($8, ''))",
      db::quote_identifier(schema));
  co_await connection->execute(sql, record.kind, record.file_name, record.started_at, record.ok, record.size_bytes,
                               record.tables_read, record.rows_read, record.detail);
  co_return true;
}

awaitable<LastRuns> last_backup_runs(std::string url, std::string schema) {
  db::require_valid_identifier(schema, "schema");
  db::ConnectOptions options(std::move(url), "", std::chrono::milliseconds(10000), "discord-bot doctor");
  auto connection = co_await db::Connection::connect(options);
  LastRuns runs;
  runs.table_exists = co_await table_exists(*connection, schema);
  if (!runs.table_exists) co_return runs;
  const auto table = db::quote_identifier(schema) + ".ops_backups";
  auto ages = co_await connection->query(
      fmt::format("SELECT kind, extract(epoch FROM now() - max(finished_at))::bigint AS age, "
                  "(array_agg(file_name ORDER BY finished_at DESC))[1] AS file_name "
                  "FROM {} WHERE ok GROUP BY kind",
                  table));
  for (std::size_t i = 0; i < ages.rows(); ++i) {
    const auto kind = ages.get<std::string>(i, "kind");
    const auto age = ages.get<std::int64_t>(i, "age");
    if (kind == "backup") {
      runs.backup_age_seconds = age;
      runs.backup_file = ages.get<std::string>(i, "file_name");
    } else if (kind == "verify") {
      runs.verify_age_seconds = age;
    } else if (kind == "restore") {
      runs.restore_age_seconds = age;
    }
  }
  auto newest = co_await connection->query(fmt::format(
      "SELECT ok, kind, COALESCE(detail, '') AS detail FROM {} ORDER BY finished_at DESC, id DESC LIMIT 1", table));
  if (!newest.empty() && !newest.get<bool>(0, "ok")) {
    runs.last_failure = newest.get<std::string>(0, "kind") + ": " + newest.get<std::string>(0, "detail");
  }
  co_return runs;
}

}  // namespace dbot::ops
