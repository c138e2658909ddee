#include "instance_loading.hpp"

#include <iostream>

#include "features/all.hpp"

namespace dbot::app {

std::optional<config::InstanceConfig> load_or_report(const std::filesystem::path& dir,
                                                     const config::LoadOptions& options) {
  config::LoadOptions with_features = options;
  if (with_features.sections.empty()) with_features.sections = features::config_sections();
  auto result = config::load_instance(dir, with_features);
  for (const auto& diagnostic : result.diagnostics) {
    std::cerr << config::format_diagnostic(diagnostic, dir.string()) << "\n";
  }
  return std::move(result.config);
}

}  // namespace dbot::app
