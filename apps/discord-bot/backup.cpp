// discord-bot backup [--output DIR] INSTANCE_DIR...
// discord-bot restore [--verify] INSTANCE_DIR FILE
// Per-schema dumps with retention, and restores (in place, or into a
// throwaway schema to prove a dump is usable). See docs/operations.md.

#include <iostream>

#include "bot/runtime/database_host.hpp"
#include "commands.hpp"
#include "db/identifiers.hpp"
#include "instance_loading.hpp"
#include "ops/backup.hpp"

namespace dbot::app {
namespace {

struct BackupOptions {
  std::vector<std::string> dirs;
  std::string output;
};

struct RestoreOptions {
  std::string dir;
  std::string file;
  bool verify = false;
};

// Database settings are all backup and restore need, so an instance whose
// Discord secrets are still placeholders can be backed up.
std::optional<ops::BackupTarget> target_for(const std::string& dir, bot::DatabaseHost& host) {
  auto config = load_or_report(dir, {.allow_placeholders = true});
  if (!config) {
    std::cerr << dir << ": fix the configuration errors above first\n";
    return std::nullopt;
  }
  ops::BackupTarget target;
  target.url = host.url_for(*config);
  target.schema = config->env.db_schema;
  target.dir = config->env.backup_dir;
  target.keep_days = config->env.backup_keep_days;
  return target;
}

int backup_all(const BackupOptions& options) {
  bot::DatabaseHost host;
  int failures = 0;
  for (const auto& dir : options.dirs) {
    try {
      auto target = target_for(dir, host);
      if (!target) {
        ++failures;
        continue;
      }
      if (!options.output.empty()) target->dir = options.output;
      const auto result = ops::run_backup(*target);
      std::cout << dir << ": schema " << target->schema << " -> " << result.file.string() << " (" << result.size_bytes
                << " bytes)\n";
      for (const auto& pruned : result.pruned) {
        std::cout << "  removed " << pruned.filename().string() << " (older than " << target->keep_days << " days)\n";
      }
      if (!result.recorded) {
        std::cout << "  not recorded in the database: run `discord-bot migrate " << dir << "` first\n";
      }
    } catch (const std::exception& e) {
      std::cerr << dir << ": backup failed: " << db::redact_connection_string(e.what()) << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

int restore(const RestoreOptions& options) {
  bot::DatabaseHost host;
  try {
    auto target = target_for(options.dir, host);
    if (!target) return 1;
    if (options.verify) {
      const auto result = ops::verify_backup(target->url, target->schema, options.file);
      std::cout << options.dir << ": " << std::filesystem::path(options.file).filename().string()
                << " verified: restored into " << result.scratch_schema << ", " << result.migrations_applied.size()
                << " newer migration(s) applied, read " << result.tables << " tables and " << result.rows
                << " rows, scratch schema dropped\n";
      if (!result.recorded) std::cout << "  not recorded: schema " << target->schema << " has no ops_backups table\n";
      return 0;
    }
    const auto result = ops::restore_backup(*target, options.file);
    std::cout << options.dir << ": schema " << target->schema << " restored from "
              << std::filesystem::path(options.file).filename().string() << "\n";
    if (!result.safety_backup.empty()) {
      std::cout << "  the previous contents were saved first to " << result.safety_backup.string() << "\n";
    }
    for (const auto& name : result.migrations_applied) std::cout << "  applied " << name << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << options.dir << ": " << (options.verify ? "verify" : "restore")
              << " failed: " << db::redact_connection_string(e.what()) << "\n";
    return 1;
  }
}

}  // namespace

void register_backup(CLI::App& app) {
  auto options = std::make_shared<BackupOptions>();
  auto* sub = app.add_subcommand("backup", "Dump each instance's schema (compressed), prune old dumps, record it");
  sub->add_option("--output", options->output, "Directory for the dumps (default: BACKUP_DIR, <DATA_DIR>/backups)");
  sub->add_option("DIR", options->dirs, "Instance directories")->required()->check(CLI::ExistingDirectory);
  sub->callback([options] { exit_code() = backup_all(*options); });
}

void register_restore(CLI::App& app) {
  auto options = std::make_shared<RestoreOptions>();
  auto* sub = app.add_subcommand(
      "restore", "Restore a dump into the instance's schema, or check it with --verify (the schema is not touched)");
  sub->add_flag("--verify", options->verify,
                "Restore into a throwaway schema, migrate it, read every table, drop it; the live schema is untouched");
  sub->add_option("DIR", options->dir, "Instance directory")->required()->check(CLI::ExistingDirectory);
  sub->add_option("FILE", options->file, "A dump made by `discord-bot backup`")->required()->check(CLI::ExistingFile);
  sub->callback([options] { exit_code() = restore(*options); });
}

}  // namespace dbot::app
