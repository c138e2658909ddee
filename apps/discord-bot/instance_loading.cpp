#include "instance_loading.hpp"

#include <iostream>

namespace dbot::app {

std::optional<config::InstanceConfig> load_or_report(const std::filesystem::path& dir,
                                                     const config::LoadOptions& options) {
  auto result = config::load_instance(dir, options);
  for (const auto& diagnostic : result.diagnostics) {
    std::cerr << config::format_diagnostic(diagnostic, dir.string()) << "\n";
  }
  return std::move(result.config);
}

}  // namespace dbot::app
