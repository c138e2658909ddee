#pragma once
// Numbered SQL migrations (migrations/NNNN_description.sql) compiled into the
// binary, applied per schema under an advisory lock, each in its own
// transaction, and recorded with a SHA-256 checksum in
// <schema>.schema_migrations(version, name, checksum, applied_at).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "db/connection.hpp"
#include "db/embedded_migrations.hpp"

namespace dbot::db {

struct Migration {
  int version = 0;       // the leading number of the file name
  std::string name;      // the file name
  std::string sql;       // the file's bytes
  std::string checksum;  // sha256 hex of `sql`
};

// Validates names ("NNNN_words.sql", version > 0, unique) and sorts by version.
// Throws dbot::Error on a malformed list (a build mistake).
std::vector<Migration> parse_migrations(const std::vector<EmbeddedMigration>& files);

// The migrations this binary carries, parsed once.
const std::vector<Migration>& bundled_migrations();

struct MigrationState {
  int version = 0;
  std::string name;
  bool applied = false;
  std::optional<std::string> applied_at;  // timestamptz text when applied
  bool checksum_changed = false;          // applied, but the file differs now
};

struct MigrationStatus {
  std::string schema;
  bool schema_exists = false;
  std::vector<MigrationState> migrations;  // every bundled one, by version
  // Applied in the database but unknown to this binary (database is newer).
  std::vector<MigrationState> unknown;

  std::vector<MigrationState> applied() const;
  std::vector<MigrationState> pending() const;
};

struct MigrationReport {
  std::string schema;
  std::vector<std::string> applied;  // names applied by this run, in order
  std::size_t already_applied = 0;
};

// Applies pending `migrations` to `schema` over `connection`, whose
// search_path must be pinned to that schema (Connection::connect with schema).
// Creates the schema if needed. Throws dbot::Error naming the file when an
// applied migration's checksum changed, or when the database has a version
// this list lacks.
boost::asio::awaitable<MigrationReport> apply_migrations(Connection& connection, std::string_view schema,
                                                         const std::vector<Migration>& migrations);

// Read-only: what is applied and what is pending; creates nothing.
boost::asio::awaitable<MigrationStatus> migration_status(Connection& connection, std::string_view schema,
                                                         const std::vector<Migration>& migrations);

// The same for a connection URL and the bundled migrations (what the
// `migrate` command and instance start-up use).
boost::asio::awaitable<MigrationReport> migrate(std::string url, std::string schema);
boost::asio::awaitable<MigrationStatus> migration_status(std::string url, std::string schema);

}  // namespace dbot::db
