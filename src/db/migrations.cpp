#include "db/migrations.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "db/identifiers.hpp"
#include "db/lock_keys.hpp"
#include "db/sha256.hpp"

namespace dbot::db {

namespace asio = boost::asio;
using asio::awaitable;

namespace {

[[noreturn]] void fail(std::string message) { throw Error(message, message); }

int version_of(std::string_view name) {
  std::size_t digits = 0;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9 || digits >= name.size() || name[digits] != '_' || !name.ends_with(".sql") ||
      name.size() <= digits + 1 + 4) {
    fail(fmt::format("migration file name '{}' must look like 0001_description.sql", name));
  }
  int version = std::stoi(std::string(name.substr(0, digits)));
  if (version <= 0) fail(fmt::format("migration '{}' must have a version above 0", name));
  return version;
}

std::string qualified_table(std::string_view schema) { return quote_identifier(schema) + ".schema_migrations"; }

struct AppliedRow {
  int version;
  std::string name;
  std::string checksum;
  std::string applied_at;
};

awaitable<std::vector<AppliedRow>> read_applied(Connection& connection, std::string_view schema) {
  auto result = co_await connection.query(
      fmt::format("SELECT version, name, checksum, applied_at::text AS applied_at FROM {} ORDER BY version",
                  qualified_table(schema)));
  std::vector<AppliedRow> rows;
  for (std::size_t i = 0; i < result.rows(); ++i) {
    rows.push_back({result.get<int>(i, "version"), result.get<std::string>(i, "name"),
                    result.get<std::string>(i, "checksum"), result.get<std::string>(i, "applied_at")});
  }
  co_return rows;
}

// Throws when the recorded history does not match `migrations`.
void verify_history(std::string_view schema, const std::vector<AppliedRow>& applied,
                    const std::vector<Migration>& migrations) {
  std::map<int, const Migration*> by_version;
  for (const auto& m : migrations) by_version[m.version] = &m;
  for (const auto& row : applied) {
    auto it = by_version.find(row.version);
    if (it == by_version.end()) {
      fail(
          fmt::format("schema '{}' has migration {} (version {}) applied, but this binary does not include it: the "
                      "database is newer than this binary. Run the newer version, or restore a matching backup.",
                      schema, row.name, row.version));
    }
    if (it->second->checksum != row.checksum) {
      fail(
          fmt::format("migration {} was changed after it was applied to schema '{}' (recorded checksum {}, this "
                      "binary has {}). Restore the original file and put the change in a new migration.",
                      it->second->name, schema, row.checksum.substr(0, 12), it->second->checksum.substr(0, 12)));
    }
  }
}

awaitable<void> ensure_pinned(Connection& connection, std::string_view schema) {
  require_valid_identifier(schema, "schema");
  if (connection.schema() != schema) {
    fail(
        fmt::format("internal error: migrations for schema '{}' need a connection pinned to it (it is pinned to "
                    "'{}')",
                    schema, connection.schema()));
  }
  co_return;
}

}  // namespace

std::vector<MigrationState> MigrationStatus::applied() const {
  std::vector<MigrationState> out;
  std::copy_if(migrations.begin(), migrations.end(), std::back_inserter(out), [](auto& m) { return m.applied; });
  return out;
}

std::vector<MigrationState> MigrationStatus::pending() const {
  std::vector<MigrationState> out;
  std::copy_if(migrations.begin(), migrations.end(), std::back_inserter(out), [](auto& m) { return !m.applied; });
  return out;
}

std::vector<Migration> parse_migrations(const std::vector<EmbeddedMigration>& files) {
  std::vector<Migration> out;
  std::set<int> seen;
  for (const auto& file : files) {
    int version = version_of(file.name);
    if (!seen.insert(version).second) fail(fmt::format("two migration files share version {}", version));
    out.push_back({version, std::string(file.name), std::string(file.sql), sha256_hex(file.sql)});
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.version < b.version; });
  return out;
}

const std::vector<Migration>& bundled_migrations() {
  static const std::vector<Migration> all = parse_migrations(embedded_migrations());
  return all;
}

awaitable<MigrationReport> apply_migrations(Connection& connection, std::string_view schema_view,
                                            const std::vector<Migration>& migrations) {
  std::string schema(schema_view);
  co_await ensure_pinned(connection, schema);
  MigrationReport report;
  report.schema = schema;

  // Serialises concurrent starts against the same schema; a session lock, so
  // a dropped connection releases it.
  co_await connection.execute(fmt::format("SELECT pg_advisory_lock({})", lock_keys::kMigrationKey), schema);
  std::exception_ptr failure;
  try {
    co_await connection.query("CREATE SCHEMA IF NOT EXISTS " + quote_identifier(schema));
    co_await connection.query(
        fmt::format("CREATE TABLE IF NOT EXISTS {} ("
                    " version INTEGER PRIMARY KEY,"
                    " name TEXT NOT NULL,"
                    " checksum TEXT NOT NULL,"
                    " applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW())",
                    qualified_table(schema)));
    auto applied = co_await read_applied(connection, schema);
    verify_history(schema, applied, migrations);
    std::set<int> done;
    for (const auto& row : applied) done.insert(row.version);
    report.already_applied = done.size();

    for (const auto& migration : migrations) {
      if (done.contains(migration.version)) continue;
      try {
        co_await with_transaction(connection, [&](Connection& c) -> awaitable<void> {
          co_await c.run_script(migration.sql);
          co_await c.execute(
              fmt::format("INSERT INTO {} (version, name, checksum) VALUES ($1, $2, $3)", qualified_table(schema)),
              migration.version, migration.name, migration.checksum);
        });
      } catch (const Error& e) {
        throw Error(kDatabaseErrorMessage,
                    fmt::format("migration {} failed on schema '{}': {}", migration.name, schema, e.operator_detail()));
      }
      spdlog::info("applied migration {} to schema {}", migration.name, schema);
      report.applied.push_back(migration.name);
    }
  } catch (...) {
    failure = std::current_exception();
  }
  if (!connection.broken()) {
    try {
      co_await connection.execute(fmt::format("SELECT pg_advisory_unlock({})", lock_keys::kMigrationKey), schema);
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
  co_return report;
}

awaitable<MigrationStatus> migration_status(Connection& connection, std::string_view schema_view,
                                            const std::vector<Migration>& migrations) {
  std::string schema(schema_view);
  require_valid_identifier(schema, "schema");
  MigrationStatus status;
  status.schema = schema;
  auto exists = co_await connection.execute(
      "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1) AS schema_exists,"
      " to_regclass($2) IS NOT NULL AS table_exists",
      schema, qualified_table(schema));
  status.schema_exists = exists.get<bool>(0, "schema_exists");
  std::vector<AppliedRow> applied;
  if (exists.get<bool>(0, "table_exists")) applied = co_await read_applied(connection, schema);

  std::map<int, const AppliedRow*> by_version;
  for (const auto& row : applied) by_version[row.version] = &row;
  std::set<int> known;
  for (const auto& migration : migrations) {
    known.insert(migration.version);
    MigrationState state{migration.version, migration.name, false, std::nullopt, false};
    if (auto it = by_version.find(migration.version); it != by_version.end()) {
      state.applied = true;
      state.applied_at = it->second->applied_at;
      state.checksum_changed = it->second->checksum != migration.checksum;
    }
    status.migrations.push_back(std::move(state));
  }
  for (const auto& row : applied) {
    if (!known.contains(row.version)) {
      status.unknown.push_back({row.version, row.name, true, row.applied_at, false});
    }
  }
  co_return status;
}

awaitable<MigrationReport> migrate(std::string url, std::string schema) {
  require_valid_identifier(schema, "schema");
  auto connection = co_await Connection::connect(
      ConnectOptions{url, schema, std::chrono::milliseconds(10000), "discord-bot migrate"});
  co_return co_await apply_migrations(*connection, schema, bundled_migrations());
}

awaitable<MigrationStatus> migration_status(std::string url, std::string schema) {
  require_valid_identifier(schema, "schema");
  auto connection = co_await Connection::connect(
      ConnectOptions{url, schema, std::chrono::milliseconds(10000), "discord-bot migrate"});
  co_return co_await migration_status(*connection, schema, bundled_migrations());
}

}  // namespace dbot::db
