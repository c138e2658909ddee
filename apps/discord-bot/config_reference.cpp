// `discord-bot config-reference`: prints the settings reference tables that
// docs/configuration.md carries, generated from core/config/schema.cpp.

#include <iostream>

#include "commands.hpp"
#include "core/config/schema.hpp"

namespace dbot::app {

void register_config_reference(CLI::App& app) {
  auto* sub = app.add_subcommand("config-reference", "Print every setting with its default (Markdown)");
  sub->callback([] {
    std::cout << config::reference_markdown();
    exit_code() = 0;
  });
}

}  // namespace dbot::app
