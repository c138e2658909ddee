#include "ops/backup.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.hpp"
#include "db/connection.hpp"
#include "db/identifiers.hpp"
#include "db/migrations.hpp"
#include "db/schema_lease.hpp"
#include "ops/backup_log.hpp"
#include "ops/pg_tools.hpp"
#include "ops/run_sync.hpp"

namespace dbot::ops {

namespace fs = std::filesystem;
namespace asio = boost::asio;
using asio::awaitable;

namespace {

[[noreturn]] void fail(const std::string& detail) { throw Error(kInternalErrorMessage, detail); }

std::string iso_utc(Clock::time_point when) {
  const auto stamp = compact_utc(when);  // YYYYMMDDTHHMMSSZ
  return fmt::format("{}-{}-{}T{}:{}:{}Z", stamp.substr(0, 4), stamp.substr(4, 2), stamp.substr(6, 2),
                     stamp.substr(9, 2), stamp.substr(11, 2), stamp.substr(13, 2));
}

// Records a run; a failure to record never hides the run's own outcome.
bool record(const std::string& url, const std::string& schema, BackupRecord entry) {
  try {
    return run_sync(record_backup_run(url, schema, std::move(entry)));
  } catch (const std::exception&) {
    return false;
  }
}

awaitable<bool> schema_exists(std::string url, std::string schema) {
  db::ConnectOptions options(std::move(url), "", std::chrono::milliseconds(10000), "discord-bot restore");
  auto connection = co_await db::Connection::connect(options);
  auto found = co_await connection->execute("SELECT to_regnamespace($1) IS NOT NULL AS present", schema);
  co_return found.get<bool>(0, "present");
}

awaitable<void> drop_schema(std::string url, std::string schema) {
  db::ConnectOptions options(std::move(url), "", std::chrono::milliseconds(10000), "discord-bot restore");
  auto connection = co_await db::Connection::connect(options);
  co_await connection->query(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", db::quote_identifier(schema)));
}

struct TableCounts {
  int tables = 0;
  std::int64_t rows = 0;
};

// Reads every column of every row of every table in `schema`. Tables are
// discovered, never listed here: features add their own.
awaitable<TableCounts> read_every_table(std::string url, std::string schema) {
  db::ConnectOptions options(std::move(url), "", std::chrono::milliseconds(10000), "discord-bot restore --verify");
  auto connection = co_await db::Connection::connect(options);
  auto tables = co_await connection->execute(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' "
      "ORDER BY table_name",
      schema);
  TableCounts counts;
  for (std::size_t i = 0; i < tables.rows(); ++i) {
    const auto table = tables.get<std::string>(i, "table_name");
    // octet_length(row::text) forces every value to be fetched and decoded,
    // TOASTed ones included; count(*) alone would not touch the columns.
    const auto sql =
        fmt::format("SELECT count(*) AS n, COALESCE(sum(octet_length(t::text)), 0)::bigint AS bytes FROM {}.{} t",
                    db::quote_identifier(schema), db::quote_identifier(table));
    auto read = co_await connection->query(sql);
    counts.rows += read.get<std::int64_t>(0, "n");
    ++counts.tables;
  }
  co_return counts;
}

// A private scratch directory for the SQL script (it holds the data).
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "discord-bot-restore-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) fail("cannot create a temporary directory for the restore");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) fail(fmt::format("cannot write {}", path.string()));
}

// The schema a dump holds, from its table of contents ("... SCHEMA - name
// owner"). A dump that creates more than one schema is refused: a restore
// touches the instance's schema only.
std::string dumped_schema(const fs::path& file, const ChildEnv& env) {
  const auto listing = run_client({client_program("pg_restore"), "--list", file.string()}, env,
                                  fmt::format("reading {}", file.filename().string()));
  std::istringstream lines(listing);
  std::string line;
  std::vector<std::string> schemas;
  while (std::getline(lines, line)) {
    if (!line.empty() && line[0] == ';') continue;
    const auto at = line.find(" SCHEMA - ");
    if (at == std::string::npos) continue;
    std::istringstream rest(line.substr(at + 10));
    std::string name;
    rest >> name;
    schemas.push_back(name);
  }
  if (schemas.size() > 1) {
    fail(fmt::format("{} holds more than one schema ({}); a restore loads one instance's schema only",
                     file.filename().string(), fmt::join(schemas, ", ")));
  }
  if (schemas.empty() || !db::is_valid_identifier(schemas.front())) {
    fail(fmt::format("{} is not a dump of one discord-bot schema (no schema in its table of contents)",
                     file.filename().string()));
  }
  return schemas.front();
}

std::string rename_if_exists(const std::string& from, const std::string& to) {
  // Names are validated identifiers; quoting keeps them inert regardless.
  return fmt::format(
      "DO $dbot$ BEGIN IF EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = '{}') THEN "
      "EXECUTE 'ALTER SCHEMA {} RENAME TO {}'; END IF; END $dbot$;\n",
      from, db::quote_identifier(from), db::quote_identifier(to));
}

// Loads `file` so that its contents end up in schema `target`, in a single
// transaction. The dump recreates the schema it was taken from (`dumped`);
// if a schema of that name exists (the live one, when verifying), it is
// renamed aside inside the same transaction and renamed back before COMMIT,
// so other sessions never see the swap. With `replace_target`, `target`
// is dropped first (in place restore).
void load_dump(const fs::path& file, const ChildEnv& env, const std::string& target, bool replace_target) {
  db::require_valid_identifier(target, "schema");
  const std::string dumped = dumped_schema(file, env);
  const std::string hold =
      fmt::format("dbot_hold_{}_{}", ::getpid(), compact_utc(Clock::now()).substr(9, 6));  // digits only

  ScratchDir scratch;
  const auto body = scratch.path() / "body.sql";
  // Only the dumped schema's objects: anything else in the file is never loaded.
  // (--schema leaves out the CREATE SCHEMA itself; the prologue makes it.)
  run_client({client_program("pg_restore"), "--no-owner", "--no-privileges", "--schema=" + dumped,
              "--file=" + body.string(), file.string()},
             env, fmt::format("pg_restore of {}", file.filename().string()));

  // In place, the current schema is renamed aside (not dropped) so the
  // backup history in its ops_backups table can be carried over: a restore
  // must not erase the record of the backups taken since the dump.
  const std::string previous = fmt::format("dbot_previous_{}_{}", ::getpid(), compact_utc(Clock::now()).substr(9, 6));
  std::string prologue;
  if (replace_target) prologue += rename_if_exists(target, previous);
  prologue += rename_if_exists(dumped, hold);
  prologue += fmt::format("CREATE SCHEMA {};\n", db::quote_identifier(dumped));
  std::string epilogue;
  if (dumped != target) {
    epilogue +=
        fmt::format("ALTER SCHEMA {} RENAME TO {};\n", db::quote_identifier(dumped), db::quote_identifier(target));
  }
  epilogue += rename_if_exists(hold, dumped);
  if (replace_target) {
    const auto from = db::quote_identifier(previous) + ".ops_backups";
    const auto to = db::quote_identifier(target) + ".ops_backups";
    constexpr const char* kColumns =
        "kind, file_name, started_at, finished_at, ok, size_bytes, tables_read, rows_read, detail";
    epilogue += fmt::format(
        "DO $dbot$ BEGIN IF to_regclass('{0}') IS NOT NULL AND to_regclass('{1}') IS NOT NULL THEN "
        "DELETE FROM {1}; INSERT INTO {1} ({2}) SELECT {2} FROM {0} ORDER BY id; END IF; END $dbot$;\n",
        from, to, kColumns);
    epilogue += fmt::format("DROP SCHEMA IF EXISTS {} CASCADE;\n", db::quote_identifier(previous));
  }
  write_file(scratch.path() / "prologue.sql", prologue);
  write_file(scratch.path() / "epilogue.sql", epilogue);

  run_client({client_program("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
              "--file=" + (scratch.path() / "prologue.sql").string(), "--file=" + body.string(),
              "--file=" + (scratch.path() / "epilogue.sql").string()},
             env, fmt::format("loading {}", file.filename().string()));
}

}  // namespace

BackupResult run_backup(const BackupTarget& target, std::string_view label) {
  db::require_valid_identifier(target.schema, "schema");
  const auto started = Clock::now();
  const auto name = backup_file_name(target.schema, started, label);
  BackupRecord entry;
  entry.kind = "backup";
  entry.file_name = name;
  entry.started_at = iso_utc(started);

  BackupResult result;
  std::string failure;
  try {
    std::error_code ec;
    if (!fs::exists(target.dir, ec)) {
      fs::create_directories(target.dir, ec);
      if (ec) fail(fmt::format("cannot create the backup directory {}: {}", target.dir.string(), ec.message()));
      fs::permissions(target.dir, fs::perms::owner_all, ec);
    }
    result.file = target.dir / name;
    if (fs::exists(result.file, ec)) fail(fmt::format("{} already exists; try again in a second", name));
    const fs::path partial = target.dir / (name + ".partial");
    const auto env = libpq_environment(target.url);
    try {
      run_client({client_program("pg_dump"), "--format=custom", "--compress=6", "--no-owner", "--no-privileges",
                  "--schema=" + db::quote_identifier(target.schema), "--file=" + partial.string()},
                 env, fmt::format("pg_dump of schema {}", target.schema));
      fs::permissions(partial, fs::perms::owner_read | fs::perms::owner_write);
      fs::rename(partial, result.file);
    } catch (...) {
      fs::remove(partial, ec);
      throw;
    }
    result.size_bytes = static_cast<std::int64_t>(fs::file_size(result.file));
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!failure.empty()) {
    entry.detail = failure;
    record(target.url, target.schema, entry);
    fail(failure);
  }

  // Retention only after a good dump: a failing backup never deletes anything.
  for (const auto& old : expired_backups(list_backups(target.dir, target.schema), target.keep_days, Clock::now())) {
    std::error_code ec;
    if (fs::remove(old.path, ec)) result.pruned.push_back(old.path);
  }
  entry.ok = true;
  entry.size_bytes = result.size_bytes;
  if (!result.pruned.empty()) entry.detail = fmt::format("retention removed {} old dump(s)", result.pruned.size());
  result.recorded = record(target.url, target.schema, entry);
  return result;
}

VerifyResult verify_backup(const std::string& url, const std::string& schema, const fs::path& file) {
  db::require_valid_identifier(schema, "schema");
  VerifyResult result;
  result.scratch_schema =
      fmt::format("dbot_verify_{}_{}", ::getpid(),
                  std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count());
  BackupRecord entry;
  entry.kind = "verify";
  entry.file_name = file.filename().string();
  entry.started_at = iso_utc(Clock::now());

  std::string failure;
  bool loaded = false;
  try {
    if (!fs::is_regular_file(file)) fail(fmt::format("{} is not a file", file.string()));
    const auto env = libpq_environment(url);
    load_dump(file, env, result.scratch_schema, false);
    loaded = true;
    const auto report = run_sync(db::migrate(url, result.scratch_schema));
    result.migrations_applied = report.applied;
    const auto counts = run_sync(read_every_table(url, result.scratch_schema));
    result.tables = counts.tables;
    result.rows = counts.rows;
    if (counts.tables == 0) fail(fmt::format("{} restored no tables", file.filename().string()));
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (loaded) {
    try {
      run_sync(drop_schema(url, result.scratch_schema));
    } catch (const std::exception& e) {
      if (failure.empty()) {
        failure = fmt::format("verified, but the scratch schema {} could not be dropped: {}", result.scratch_schema,
                              e.what());
      }
    }
  }
  entry.ok = failure.empty();
  entry.detail = failure;
  entry.tables_read = result.tables;
  entry.rows_read = result.rows;
  result.recorded = record(url, schema, entry);
  if (!failure.empty()) fail(failure);
  return result;
}

RestoreResult restore_backup(const BackupTarget& target, const fs::path& file) {
  db::require_valid_identifier(target.schema, "schema");
  if (!fs::is_regular_file(file)) fail(fmt::format("{} is not a file", file.string()));
  RestoreResult result;
  BackupRecord entry;
  entry.kind = "restore";
  entry.file_name = file.filename().string();
  entry.started_at = iso_utc(Clock::now());

  // Hold the schema's lease for the whole restore: no instance may be using
  // it now, and none can start until we are done.
  asio::io_context io;
  db::LeaseOptions lease_options(target.url, target.schema, "discord-bot restore");
  auto lease = run_on(io, db::SchemaLease::acquire(lease_options));

  std::string failure;
  try {
    if (run_sync(schema_exists(target.url, target.schema))) {
      result.safety_backup = run_backup(target, "pre-restore").file;
    }
    load_dump(file, libpq_environment(target.url), target.schema, true);
    result.migrations_applied = run_sync(db::migrate(target.url, target.schema)).applied;
  } catch (const std::exception& e) {
    failure = e.what();
  }
  try {
    run_on(io, lease->release());
  } catch (const std::exception&) {
    // Closing the connection below drops the lock anyway.
  }
  lease.reset();
  entry.ok = failure.empty();
  entry.detail = failure;
  result.recorded = record(target.url, target.schema, entry);
  if (!failure.empty()) fail(failure);
  return result;
}

}  // namespace dbot::ops
