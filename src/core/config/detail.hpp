#pragma once
// Internal to src/core/config: the pieces load.cpp assembles. Not for use
// outside this folder.

#include <filesystem>
#include <string>

#include "core/config/diagnostics.hpp"
#include "core/config/instance_config.hpp"
#include "core/config/load.hpp"
#include "core/env.hpp"

namespace dbot::config::detail {

// Collects diagnostics for one file.
class Reporter {
 public:
  Reporter(Diagnostics& out, std::string file) : out_(out), file_(std::move(file)) {}
  void error(std::string key, std::string message) { add(Severity::error, std::move(key), std::move(message)); }
  void warn(std::string key, std::string message) { add(Severity::warning, std::move(key), std::move(message)); }
  const std::string& file() const { return file_; }

 private:
  void add(Severity severity, std::string key, std::string message) {
    out_.push_back(Diagnostic{severity, file_, std::move(key), std::move(message)});
  }
  Diagnostics& out_;
  std::string file_;
};

// Reads and validates every variable of EnvSettings. `env_file` names the
// file diagnostics point at (".env" or ".env.example").
void read_env_settings(const Env& env, const std::filesystem::path& dir, const LoadOptions& options,
                       EnvSettings& settings, Reporter& report);

// Parses config.toml into `config` (everything except env, personality and
// prompt text). Returns false when the file is missing or not valid TOML.
bool read_config_toml(const std::filesystem::path& path, const LoadOptions& options, InstanceConfig& config,
                      Reporter& report);

// Parses the [ai] table (a toml::table, passed opaquely to keep toml++ out of
// this header) into `ai`, starting from the built-in providers.
void read_ai_table(const void* ai_table, AiConfig& ai, Reporter& report);

// The seed's built-in providers.
std::map<std::string, ProviderDef> builtin_providers();

// Reads each provider's API key from the environment and checks the routing
// and fallback against what is available.
void resolve_ai(const Env& env, const LoadOptions& options, AiConfig& ai, Reporter& env_report, Reporter& toml_report);

}  // namespace dbot::config::detail
