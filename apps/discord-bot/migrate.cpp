// discord-bot migrate [--status] DIR...
// Applies the bundled migrations to each instance's schema, or lists what is
// applied and pending.

#include <iostream>

#include "bot/runtime/database_host.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "db/migrations.hpp"
#include "instance_loading.hpp"

namespace dbot::app {
namespace {

struct MigrateOptions {
  std::vector<std::string> dirs;
  bool status = false;
};

void print_status(const db::MigrationStatus& status) {
  std::cout << "schema " << status.schema << (status.schema_exists ? "" : " (does not exist yet)") << "\n";
  for (const auto& m : status.migrations) {
    std::cout << "  " << (m.applied ? (m.checksum_changed ? "CHANGED " : "applied ") : "pending ") << m.name;
    if (m.applied_at) std::cout << "  (" << *m.applied_at << ")";
    if (m.checksum_changed) std::cout << "  <- this file changed after it was applied";
    std::cout << "\n";
  }
  for (const auto& m : status.unknown) {
    std::cout << "  unknown " << m.name << "  <- applied by a newer version of discord-bot\n";
  }
}

int migrate_all(const MigrateOptions& options) {
  bot::DatabaseHost host;
  int failures = 0;
  for (const auto& dir : options.dirs) {
    // Migrations need only the database settings, so placeholder secrets
    // (an instance not yet filled in) are fine here.
    auto config = load_or_report(dir, {.allow_placeholders = true});
    if (!config) {
      std::cerr << dir << ": fix the configuration errors above first\n";
      ++failures;
      continue;
    }
    try {
      const auto url = host.url_for(*config);
      const auto schema = config->env.db_schema;
      if (options.status) {
        print_status(run_blocking<db::MigrationStatus>([&] { return db::migration_status(url, schema); }));
      } else {
        const auto report = run_blocking<db::MigrationReport>([&] { return db::migrate(url, schema); });
        std::cout << "schema " << report.schema << ": " << report.applied.size() << " applied, "
                  << report.already_applied << " already up to date\n";
        for (const auto& name : report.applied) std::cout << "  applied " << name << "\n";
      }
    } catch (const std::exception& e) {
      std::cerr << dir << ": " << e.what() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace

void register_migrate(CLI::App& app) {
  auto options = std::make_shared<MigrateOptions>();
  auto* sub = app.add_subcommand("migrate", "Apply the database migrations of each instance (or show them)");
  sub->add_flag("--status", options->status, "List applied and pending migrations; change nothing");
  sub->add_option("DIR", options->dirs, "Instance directories")->required()->check(CLI::ExistingDirectory);
  sub->callback([options] { exit_code() = migrate_all(*options); });
}

}  // namespace dbot::app
