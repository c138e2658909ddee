// discord-bot check-config DIR...: validates instance directories with no
// network I/O and lists every problem. Exit code 1 when any directory has an
// error, 0 otherwise (warnings do not fail).

#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "core/config/load.hpp"
#include "features/all.hpp"

namespace dbot::app {

void register_check_config(CLI::App& app) {
  auto* sub = app.add_subcommand("check-config", "Validate instance directories without network I/O");
  auto dirs = std::make_shared<std::vector<std::string>>();
  auto allow_placeholders = std::make_shared<bool>(false);
  sub->add_option("DIR", *dirs, "Instance directories (each holds .env and config.toml)")->required();
  sub->add_flag("--allow-placeholders", *allow_placeholders,
                "Accept 'your-...' placeholder secrets (sandbox use: nothing leaves the machine)");
  sub->callback([dirs, allow_placeholders] {
    config::LoadOptions options;
    options.allow_placeholders = *allow_placeholders;
    options.fall_back_to_env_example = true;
    options.sections = features::config_sections();
    bool any_error = false;
    for (const auto& dir : *dirs) {
      const auto result = config::load_instance(dir, options);
      for (const auto& diagnostic : result.diagnostics) {
        std::cout << config::format_diagnostic(diagnostic, dir) << '\n';
      }
      const auto errors = config::count(result.diagnostics, config::Severity::error);
      const auto warnings = config::count(result.diagnostics, config::Severity::warning);
      std::cout << dir << ": " << (errors == 0 ? "OK" : "FAILED") << " (" << errors
                << (errors == 1 ? " error, " : " errors, ") << warnings << (warnings == 1 ? " warning)" : " warnings)")
                << '\n';
      any_error = any_error || errors > 0;
    }
    exit_code() = any_error ? 1 : 0;
  });
}

}  // namespace dbot::app
