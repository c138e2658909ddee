// Doctor checks that read the database: migrations, stale schemas, and the
// backup/restore record (ops_backups) and files.

#include <map>
#include <set>

#include <fmt/format.h>

#include "db/identifiers.hpp"
#include "db/migrations.hpp"
#include "db/schemas.hpp"
#include "ops/backup_files.hpp"
#include "ops/backup_log.hpp"
#include "ops/doctor.hpp"
#include "ops/doctor_detail.hpp"
#include "ops/run_sync.hpp"

namespace dbot::ops::detail {

namespace {

constexpr std::int64_t kDay = 86400;

// Statements that lose data when a pending migration runs.
bool is_destructive(const std::string& sql) {
  std::string upper;
  for (char c : sql) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* word : {"DROP TABLE", "DROP COLUMN", "TRUNCATE", "DELETE FROM", "DROP SCHEMA", "ALTER COLUMN"}) {
    if (upper.find(word) != std::string::npos) return true;
  }
  return false;
}

void check_migrations(const LoadedInstance& instance, const db::MigrationStatus& status, Report& report) {
  const auto& label = instance.label;
  if (!status.schema_exists) {
    report.warn("db.migrations", label, "schema " + status.schema + " does not exist yet",
                "it is created at the bot's first start (or run `discord-bot migrate DIR`)");
    return;
  }
  std::vector<std::string> unknown;
  for (const auto& m : status.unknown) unknown.push_back(m.name);
  if (!unknown.empty()) {
    report.fail("db.migrations", label, "applied by a newer discord-bot: " + join(unknown),
                "run the newer version (or restore a backup taken before it ran)");
  }
  std::vector<std::string> changed;
  std::vector<std::string> pending;
  std::vector<std::string> destructive;
  const auto& bundled = db::bundled_migrations();
  for (const auto& m : status.migrations) {
    if (m.checksum_changed) changed.push_back(m.name);
    if (m.applied) continue;
    pending.push_back(m.name);
    for (const auto& b : bundled) {
      if (b.version == m.version && is_destructive(b.sql)) destructive.push_back(m.name);
    }
  }
  if (!changed.empty()) {
    report.fail("db.migrations", label, "applied migrations changed since: " + join(changed),
                "never edit a shipped migration; run the version that applied them");
  }
  if (!destructive.empty()) {
    report.warn("db.migrations", label, "pending migrations remove data: " + join(destructive),
                "take a backup first: discord-bot backup " + instance.dir.string());
  }
  if (!pending.empty() && destructive.size() < pending.size()) {
    report.warn("db.migrations", label, fmt::format("{} pending: {}", pending.size(), join(pending)),
                "they are applied at the next start; `discord-bot migrate` applies them now");
  }
  if (unknown.empty() && changed.empty() && pending.empty()) {
    report.pass("db.migrations", label, fmt::format("all {} migrations applied", status.migrations.size()));
  }
}

void check_backups(const LoadedInstance& instance, const LastRuns& runs, Report& report) {
  const auto& label = instance.label;
  const auto& env = instance.config->env;
  if (!runs.backup_age_seconds) {
    report.fail("db.backup", label, "no successful backup recorded",
                "run `discord-bot backup " + instance.dir.string() + "` daily (cron or a systemd timer)");
  } else if (*runs.backup_age_seconds > kDay) {
    report.warn("db.backup", label, "last successful backup is " + describe_age(*runs.backup_age_seconds) + " old",
                "back up at least daily; check the job that runs `discord-bot backup`");
  } else {
    report.pass(
        "db.backup", label,
        fmt::format("last backup {} ago ({})", describe_age(*runs.backup_age_seconds), runs.backup_file.value_or("")));
  }
  if (runs.last_failure) {
    report.warn("db.backup_failure", label,
                "the latest run failed: " + db::redact_connection_string(*runs.last_failure),
                "fix the cause and run it again");
  }
  if (!runs.verify_age_seconds) {
    report.warn("db.restore_verified", label, "no verified restore recorded",
                "prove a dump restores: discord-bot restore --verify " + instance.dir.string() + " FILE");
  } else if (*runs.verify_age_seconds > 30 * kDay) {
    report.warn("db.restore_verified", label,
                "last verified restore is " + describe_age(*runs.verify_age_seconds) + " old",
                "verify a recent dump monthly: discord-bot restore --verify DIR FILE");
  } else {
    report.pass("db.restore_verified", label, "restore verified " + describe_age(*runs.verify_age_seconds) + " ago");
  }

  const auto files = list_backups(env.backup_dir, env.db_schema);
  const auto expired = expired_backups(files, env.backup_keep_days, Clock::now());
  if (!expired.empty()) {
    report.warn("db.retention", label,
                fmt::format("{} dump(s) in {} are older than {} days", expired.size(), env.backup_dir.string(),
                            env.backup_keep_days),
                "retention runs with each backup: make sure `discord-bot backup` runs on this machine");
  } else {
    report.pass("db.retention", label,
                fmt::format("{} dump(s) in {}, none past {} days", files.size(), env.backup_dir.string(),
                            env.backup_keep_days));
  }
}

}  // namespace

void check_databases(const std::vector<LoadedInstance>& instances, const DoctorOptions& options, Report& report) {
  // database URL -> schemas that given instances own there
  std::map<std::string, std::set<std::string>> owned;
  std::map<std::string, std::string> first_label;
  for (const auto& instance : instances) {
    if (!instance.config) {
      report.skip("db.reachable", instance.label, "database checks run once the configuration loads");
      continue;
    }
    const auto& schema = instance.config->env.db_schema;
    std::string url;
    try {
      if (options.database_url) {
        url = options.database_url(*instance.config);
      } else if (instance.config->env.database_url) {
        url = *instance.config->env.database_url;
      } else {
        report.skip("db.reachable", instance.label, "embedded database: not checked here");
        continue;
      }
      const auto status = run_sync(db::migration_status(url, schema));
      report.pass("db.reachable", instance.label, "database reachable");
      owned[url].insert(schema);
      first_label.emplace(url, instance.label);
      check_migrations(instance, status, report);
      check_backups(instance, run_sync(last_backup_runs(url, schema)), report);
    } catch (const std::exception& e) {
      report.warn("db.reachable", instance.label,
                  "cannot check the database from here: " + db::redact_connection_string(e.what()),
                  "run doctor where the bot runs (e.g. `docker compose run --rm <bot> doctor /config`)");
    }
  }
  for (const auto& [url, schemas] : owned) {
    try {
      const auto all = run_sync(db::list_schemas(url));
      bool stale = false;
      for (const auto& info : all) {
        if (!info.managed || schemas.contains(info.name)) continue;
        stale = true;
        report.warn(
            "db.stale_schemas", "database of " + first_label[url],
            fmt::format("schema {} belongs to no instance given to doctor (last activity {}{})", info.name,
                        info.last_activity.value_or("never"), info.in_use ? ", in use now" : ""),
            "if its instance is retired: back it up, then DROP SCHEMA " + db::quote_identifier(info.name) + " CASCADE");
      }
      if (!stale) report.pass("db.stale_schemas", "database of " + first_label[url], "no stale bot schemas");
    } catch (const std::exception& e) {
      report.warn("db.stale_schemas", "database of " + first_label[url],
                  "cannot list schemas: " + db::redact_connection_string(e.what()), "check the database user's rights");
    }
  }
}

}  // namespace dbot::ops::detail
