// discord-bot: runs bot instances and the tooling around them (SPEC.md §2).

#include <cstdlib>
#include <iostream>

#include "commands.hpp"
#include "core/log.hpp"

namespace dbot::app {
int& exit_code() {
  static int code = 0;
  return code;
}
}  // namespace dbot::app

int main(int argc, char** argv) {
  std::string log_problems;
  dbot::log::init(dbot::log::options_from_env(&log_problems));
  if (!log_problems.empty()) std::cerr << log_problems;

  CLI::App app{"discord-bot: a self-hosted Discord bot platform (version " DBOT_VERSION ")"};
  app.set_version_flag("--version", DBOT_VERSION);
  app.require_subcommand(1);
  dbot::app::register_check_config(app);
  dbot::app::register_migrate(app);
  dbot::app::register_db(app);
  dbot::app::register_run(app);
  dbot::app::register_sim(app);
  dbot::app::register_sandbox(app);
  dbot::app::register_doctor(app);
  dbot::app::register_backup(app);
  dbot::app::register_restore(app);
  dbot::app::register_config_reference(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return dbot::app::exit_code();
}
