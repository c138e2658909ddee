// discord-bot db schemas DIR...
// Lists the schemas in each distinct database the instances use, with the
// instance that owns each one, and flags schemas no given instance uses.

#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "bot/runtime/database_host.hpp"
#include "commands.hpp"
#include "db/schemas.hpp"
#include "instance_loading.hpp"

namespace dbot::app {
namespace {

std::string human_size(std::int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    ++unit;
  }
  std::ostringstream out;
  out << std::fixed << std::setprecision(unit == 0 ? 0 : 1) << value << " " << units[unit];
  return out.str();
}

int list_schemas(const std::vector<std::string>& dirs) {
  bot::DatabaseHost host;
  // database URL -> (schema -> instance directory)
  std::map<std::string, std::map<std::string, std::string>> databases;
  int failures = 0;
  for (const auto& dir : dirs) {
    auto config = load_or_report(dir, {.allow_placeholders = true});
    if (!config) {
      ++failures;
      continue;
    }
    try {
      databases[host.url_for(*config)][config->env.db_schema] = dir;
    } catch (const std::exception& e) {
      std::cerr << dir << ": " << e.what() << "\n";
      ++failures;
    }
  }
  for (const auto& [url, owners] : databases) {
    try {
      const auto schemas = run_blocking<std::vector<db::SchemaInfo>>([&] { return db::list_schemas(url); });
      std::cout << std::left << std::setw(24) << "SCHEMA" << std::setw(28) << "INSTANCE" << std::setw(11) << "SIZE"
                << std::setw(10) << "MIGRATION"
                << "LAST ACTIVITY\n";
      for (const auto& schema : schemas) {
        const auto owner = owners.find(schema.name);
        std::string instance = owner != owners.end() ? owner->second : (schema.managed ? "(no instance: stale?)" : "-");
        std::cout << std::setw(24) << schema.name << std::setw(28) << instance << std::setw(11)
                  << human_size(schema.size_bytes) << std::setw(10)
                  << (schema.latest_migration ? std::to_string(*schema.latest_migration) : "-")
                  << schema.last_activity.value_or("-") << (schema.in_use ? "  (in use)" : "") << "\n";
      }
    } catch (const std::exception& e) {
      std::cerr << e.what() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace

void register_db(CLI::App& app) {
  auto* db = app.add_subcommand("db", "Database tools");
  db->require_subcommand(1);
  auto dirs = std::make_shared<std::vector<std::string>>();
  auto* schemas = db->add_subcommand("schemas", "List schemas with their owner instance, size and last activity");
  schemas->add_option("DIR", *dirs, "Instance directories")->required()->check(CLI::ExistingDirectory);
  schemas->callback([dirs] { exit_code() = list_schemas(*dirs); });
}

}  // namespace dbot::app
