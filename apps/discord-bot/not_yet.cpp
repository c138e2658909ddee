// Subcommands whose layers do not exist yet. Each says so plainly and exits
// non-zero instead of pretending to work; its owner replaces the stub.

#include <iostream>

#include "commands.hpp"

namespace dbot::app {
namespace {
void not_built(CLI::App& app, const char* name, const char* description, const char* issue) {
  auto* sub = app.add_subcommand(name, description);
  sub->allow_extras();
  sub->callback([name, issue] {
    std::cerr << "discord-bot " << name << " is not implemented yet (tracked in issue " << issue << ").\n";
    exit_code() = 2;
  });
}
}  // namespace

void register_run(CLI::App& app) { not_built(app, "run", "Run the bot instances in DIR...", "#5"); }

}  // namespace dbot::app
