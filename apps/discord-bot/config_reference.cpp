// `discord-bot config-reference`: prints the settings reference tables that
// docs/configuration.md carries, generated from the instance settings
// (core/config/schema.cpp) and every feature's configuration section.

#include <iostream>

#include "commands.hpp"
#include "core/config/schema.hpp"
#include "features/all.hpp"

namespace dbot::app {

void register_config_reference(CLI::App& app) {
  auto* sub = app.add_subcommand("config-reference", "Print every setting with its default (Markdown)");
  sub->callback([] {
    std::cout << config::Schema(features::config_sections()).reference_markdown();
    exit_code() = 0;
  });
}

}  // namespace dbot::app
