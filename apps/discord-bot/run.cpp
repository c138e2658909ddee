// discord-bot run DIR...
// Validates every instance directory first (as check-config does, with no
// network I/O), then runs them all in this process.

#include <cstdlib>
#include <iostream>

#include "bot/runtime/bot_process.hpp"
#include "commands.hpp"
#include "core/log.hpp"
#include "features/all.hpp"
#include "instance_loading.hpp"

namespace dbot::app {
namespace {

struct RunOptions {
  std::vector<std::string> dirs;
  bool no_slash = false;
};

int run_instances(const RunOptions& options) {
  std::vector<config::InstanceConfig> configs;
  bool ok = true;
  for (const auto& dir : options.dirs) {
    auto config = load_or_report(dir);
    if (!config) {
      std::cerr << dir << ": not starting; fix the errors above (discord-bot check-config " << dir << ")\n";
      ok = false;
      continue;
    }
    configs.push_back(std::move(*config));
  }
  if (!ok) return 1;
  // LOG_FORMAT/LOG_LEVEL may come from an instance's .env: apply the first
  // instance's choice now that it is loaded (the process environment still wins).
  if (!configs.empty()) {
    log::Options log_options = log::options_from_env();
    if (!std::getenv("LOG_FORMAT") && configs.front().env.log_format == "json") log_options.format = log::Format::json;
    if (!std::getenv("LOG_LEVEL")) {
      log_options.level = spdlog::level::from_str(configs.front().env.log_level);
    }
    log::init(log_options);
  }
  bot::BotProcess process({.register_slash_commands = !options.no_slash, .modules = features::all_modules()});
  return process.run(std::move(configs));
}

}  // namespace

void register_run(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", "Run the bot instances in DIR... in this process");
  sub->add_option("DIR", options->dirs, "Instance directories")->required()->check(CLI::ExistingDirectory);
  sub->add_flag("--no-slash-commands", options->no_slash, "Do not register slash commands with Discord");
  sub->callback([options] { exit_code() = run_instances(*options); });
}

}  // namespace dbot::app
