#pragma once
// The ops_backups table (migration 0600): what `backup` and `restore` record,
// and what `doctor` reads back.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

namespace dbot::ops {

struct BackupRecord {
  std::string kind;        // backup | restore | verify
  std::string file_name;   // the file's name only, never a path or URL
  std::string started_at;  // timestamptz text (ISO 8601, UTC)
  bool ok = false;
  std::optional<std::int64_t> size_bytes;
  std::optional<int> tables_read;
  std::optional<std::int64_t> rows_read;
  std::string detail;  // the error on failure; never contains secrets
};

// Appends `record` to <schema>.ops_backups. Returns false (and writes nothing)
// when the schema or the table does not exist yet (migrations not applied).
boost::asio::awaitable<bool> record_backup_run(std::string url, std::string schema, BackupRecord record);

struct LastRuns {
  bool table_exists = false;
  // Age in seconds of the newest successful run of each kind.
  std::optional<std::int64_t> backup_age_seconds;
  std::optional<std::string> backup_file;
  std::optional<std::int64_t> verify_age_seconds;
  std::optional<std::int64_t> restore_age_seconds;
  std::optional<std::string> last_failure;  // the newest run's detail, if it failed
};

boost::asio::awaitable<LastRuns> last_backup_runs(std::string url, std::string schema);

}  // namespace dbot::ops
