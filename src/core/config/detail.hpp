#pragma once
// Internal to src/core/config: the pieces load.cpp assembles. Not for use
// outside this folder.

#include <filesystem>

#include "core/config/diagnostics.hpp"
#include "core/config/instance_config.hpp"
#include "core/config/load.hpp"
#include "core/config/reporter.hpp"
#include "core/env.hpp"

namespace dbot::config::detail {

// Reads and validates every instance-level variable of EnvSettings.
void read_env_settings(const Env& env, const std::filesystem::path& dir, const LoadOptions& options,
                       EnvSettings& settings, Reporter& report);

// Parses config.toml: the instance-level keys into `config`, then every
// registered section (options.sections) in order. A missing or invalid file
// is reported and the sections still run against an empty table, so their
// environment variables are checked.
void read_config_toml(const std::filesystem::path& path, const Env& env, const LoadOptions& options,
                      InstanceConfig& config, Reporter& env_report, Reporter& toml_report);

}  // namespace dbot::config::detail
