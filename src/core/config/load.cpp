#include "core/config/load.hpp"

#include "core/config/detail.hpp"

namespace dbot::config {

bool has_errors(const Diagnostics& diagnostics) { return count(diagnostics, Severity::error) > 0; }

std::size_t count(const Diagnostics& diagnostics, Severity severity) {
  std::size_t n = 0;
  for (const auto& d : diagnostics) n += d.severity == severity ? 1 : 0;
  return n;
}

std::string format_diagnostic(const Diagnostic& diagnostic, const std::string& dir) {
  std::string line = diagnostic.severity == Severity::error ? "ERROR " : "WARN  ";
  line += dir.empty() ? diagnostic.file : (std::filesystem::path(dir) / diagnostic.file).string();
  line += ": ";
  if (!diagnostic.key.empty()) line += diagnostic.key + ": ";
  line += diagnostic.message;
  return line;
}

void InstanceConfig::set_section(const ConfigSection& section, std::any value) {
  if (!value.has_value()) return;
  const std::type_index type(value.type());
  for (auto& stored : sections_) {
    if (stored.type == type) {
      stored = Stored{type, &section, std::move(value)};
      return;
    }
  }
  sections_.push_back(Stored{type, &section, std::move(value)});
}

std::vector<ManagedRole> InstanceConfig::managed_roles() const {
  std::vector<ManagedRole> roles;
  for (const auto& stored : sections_) {
    if (stored.section->managed_roles == nullptr) continue;
    auto more = stored.section->managed_roles(stored.value);
    roles.insert(roles.end(), more.begin(), more.end());
  }
  return roles;
}

std::string InstanceConfig::cmd_prefix() const {
  return command_root.empty() ? command_prefix : command_prefix + command_root + " ";
}

LoadResult load_instance(const std::filesystem::path& dir, const LoadOptions& options) {
  LoadResult result;
  EnvMap file_vars;
  std::string env_file = ".env";
  auto parsed = read_dotenv_file(dir / ".env");
  if (!parsed && options.fall_back_to_env_example) {
    parsed = read_dotenv_file(dir / ".env.example");
    if (parsed) {
      env_file = ".env.example";
      result.diagnostics.push_back(
          Diagnostic{Severity::warning, ".env", "(file)",
                     "not found; reading .env.example instead (copy it to .env and fill it in)"});
    }
  }
  if (parsed) {
    for (const auto& problem : parsed->problems) {
      result.diagnostics.push_back(
          Diagnostic{Severity::error, env_file, "line " + std::to_string(problem.line), problem.message});
    }
    file_vars = std::move(parsed->vars);
  } else {
    result.diagnostics.push_back(Diagnostic{Severity::warning, ".env", "(file)",
                                            "not found; every variable must come from the process environment"});
  }
  const Env env(std::move(file_vars), options.environment ? *options.environment : process_environment(), dir);

  LoadResult rest = load_instance(dir, env, options);
  // Point .env diagnostics at the file actually read.
  for (auto& d : rest.diagnostics) {
    if (d.file == ".env") d.file = env_file;
  }
  result.diagnostics.insert(result.diagnostics.end(), rest.diagnostics.begin(), rest.diagnostics.end());
  if (!has_errors(result.diagnostics)) result.config = std::move(rest.config);
  return result;
}

LoadResult load_instance(const std::filesystem::path& dir, const Env& env, const LoadOptions& options) {
  LoadResult result;
  InstanceConfig config;
  config.dir = dir;
  Reporter env_report(result.diagnostics, ".env");
  Reporter toml_report(result.diagnostics, "config.toml");

  detail::read_env_settings(env, dir, options, config.env, env_report);
  detail::read_config_toml(dir / "config.toml", env, options, config, env_report, toml_report);
  if (!has_errors(result.diagnostics)) result.config = std::move(config);
  return result;
}

}  // namespace dbot::config
