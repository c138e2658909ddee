#pragma once
// Each subcommand of `discord-bot` lives in its own file here and registers
// itself on the CLI. The work is done by the layers under src/; these files
// only translate flags into calls and results into exit codes.

#include <CLI/CLI.hpp>

namespace dbot::app {

// Set by a subcommand's callback; main() returns it.
int& exit_code();

void register_check_config(CLI::App& app);
void register_migrate(CLI::App& app);
void register_db(CLI::App& app);
void register_run(CLI::App& app);
void register_sim(CLI::App& app);
void register_sandbox(CLI::App& app);
void register_doctor(CLI::App& app);
void register_backup(CLI::App& app);
void register_restore(CLI::App& app);
void register_config_reference(CLI::App& app);

}  // namespace dbot::app
