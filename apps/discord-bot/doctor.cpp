// discord-bot doctor [--compose FILE] [--json] [--no-database] [--network] [DIR...]
// The production checklist, automated: PASS / WARN / FAIL per item with one
// line of advice. Exit code 1 when anything FAILed. See docs/operations.md.

#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "bot/runtime/database_host.hpp"
#include "commands.hpp"
#include "features/all.hpp"
#include "ops/doctor.hpp"

namespace dbot::app {
namespace {

struct DoctorCommand {
  std::vector<std::string> dirs;
  std::string compose;
  bool json = false;
  bool no_database = false;
  bool network = false;
};

int run_doctor(const DoctorCommand& command) {
  if (command.dirs.empty() && command.compose.empty()) {
    std::cerr << "doctor: give instance directories, --compose FILE, or both\n";
    return 2;
  }
  bot::DatabaseHost host;
  ops::DoctorOptions options;
  options.sections = features::config_sections();
  for (const auto& dir : command.dirs) options.dirs.emplace_back(dir);
  if (!command.compose.empty()) options.compose = command.compose;
  options.database = !command.no_database;
  options.network = command.network;
  options.environment = process_environment();
  options.database_url = [&host](const config::InstanceConfig& config) {
    // Never create an embedded cluster just to look at it.
    if (!config.env.database_url &&
        !std::filesystem::exists(bot::DatabaseHost::embedded_directory(config) / "PG_VERSION")) {
      throw std::runtime_error(
          "no DATABASE_URL and the embedded database does not exist yet (the bot creates it at "
          "its first start)");
    }
    return host.url_for(config);
  };
  const auto report = ops::run_doctor(options);
  std::cout << (command.json ? report.to_json() : report.to_text());
  return report.exit_code();
}

}  // namespace

void register_doctor(CLI::App& app) {
  auto command = std::make_shared<DoctorCommand>();
  auto* sub = app.add_subcommand("doctor", "Check instances and deployment files against the production checklist");
  sub->add_option("--compose", command->compose, "docker-compose.yml to check (its bots are checked too)")
      ->check(CLI::ExistingFile);
  sub->add_flag("--json", command->json, "Machine-readable output");
  sub->add_flag("--no-database", command->no_database, "Skip the checks that connect to the database");
  sub->add_flag("--network", command->network,
                "Also ask Discord: token, privileged intents, membership of GUILD_ID, permissions, role position");
  sub->add_option("DIR", command->dirs, "Instance directories")->check(CLI::ExistingDirectory);
  sub->callback([command] { exit_code() = run_doctor(*command); });
}

}  // namespace dbot::app
