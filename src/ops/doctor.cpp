#include "ops/doctor.hpp"

#include <fmt/format.h>

#include "ops/doctor_detail.hpp"

namespace dbot::ops {

namespace fs = std::filesystem;
using detail::LoadedInstance;

namespace {

LoadedInstance load(const fs::path& dir, std::string label, const ComposeService* service, const EnvMap& overrides,
                    const std::vector<const config::ConfigSection*>& sections) {
  LoadedInstance instance;
  instance.label = std::move(label);
  instance.dir = dir;
  instance.service = service;
  instance.env_present = fs::exists(dir / ".env");
  const auto env_file = instance.env_present ? dir / ".env" : dir / ".env.example";
  if (auto parsed = read_dotenv_file(env_file)) instance.raw_env = parsed->vars;
  for (const auto& [name, value] : overrides) instance.raw_env[name] = value;

  // Placeholders are reported by their own check; everything else the
  // loader finds is reported as configuration errors.
  config::LoadOptions options;
  options.allow_placeholders = true;
  options.fall_back_to_env_example = true;
  options.environment = overrides;
  options.sections = sections;
  auto result = config::load_instance(dir, options);
  instance.diagnostics = std::move(result.diagnostics);
  instance.config = std::move(result.config);
  return instance;
}

}  // namespace

Report run_doctor(const DoctorOptions& options) {
  Report report;
  std::optional<ComposeProject> project;
  if (options.compose) {
    try {
      project = load_compose(*options.compose, options.environment);
    } catch (const std::exception& e) {
      report.fail("compose.parse", options.compose->string(), e.what(),
                  "fix the file (`docker compose config` shows where)");
    }
  }

  std::vector<LoadedInstance> instances;
  if (!options.dirs.empty()) {
    for (const auto& dir : options.dirs) {
      // A directory that a compose bot mounts gets that container's environment.
      const ComposeService* service = nullptr;
      if (project) {
        for (const auto& s : project->services) {
          auto mount = s.config_mount();
          std::error_code ec;
          if (mount && !s.is_gateway() && fs::equivalent(project->dir / *mount, dir, ec)) service = &s;
        }
      }
      instances.push_back(
          load(dir, dir.string(), service, service ? service->environment : options.environment, options.sections));
    }
  } else if (project) {
    for (const auto& service : project->services) {
      const auto mount = service.config_mount();
      if (!mount || service.is_gateway()) continue;
      const auto dir = (project->dir / *mount).lexically_normal();
      instances.push_back(load(dir, fmt::format("{} ({})", service.name, mount->c_str()), &service, service.environment,
                               options.sections));
    }
    if (instances.empty()) {
      report.warn("compose.bots", project->file.string(), "no bot service mounts an instance directory at /config",
                  "each bot service mounts its instance directory read-only at /config");
    }
  }

  if (project) detail::check_compose(*project, instances, report);
  detail::check_instances(instances, report);
  if (options.database) detail::check_databases(instances, options, report);
  if (options.network) detail::check_discord(instances, report);
  return report;
}

}  // namespace dbot::ops
