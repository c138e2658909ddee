#pragma once
// Loads and validates an instance directory (.env, config.toml and the
// files its sections name) without any network I/O.

#include <filesystem>
#include <optional>
#include <vector>

#include "core/config/diagnostics.hpp"
#include "core/config/instance_config.hpp"
#include "core/config/section.hpp"
#include "core/env.hpp"

namespace dbot::config {

struct LoadOptions {
  // Accept `your-...` placeholders in secrets (DISCORD_TOKEN, API keys, ...).
  // Used by the sandbox, where nothing leaves the machine. IDs must still be numbers.
  bool allow_placeholders = false;
  // When `.env` is absent, read `.env.example` instead (with a warning).
  // check-config uses it so an unedited example reports its placeholders.
  bool fall_back_to_env_example = false;
  // The layer that wins over `.env`; nullopt means the process environment.
  std::optional<EnvMap> environment;
  // Where IANA time zones are looked up.
  std::filesystem::path zoneinfo_dir = "/usr/share/zoneinfo";
  // The feature sections to read (features::config_sections()); a table no
  // section claims is an unknown key.
  std::vector<const ConfigSection*> sections;
};

struct LoadResult {
  std::optional<InstanceConfig> config;  // set only when there are no errors
  Diagnostics diagnostics;

  bool ok() const { return config.has_value(); }
};

// Reads `.env` from `dir` only (never a parent directory), layers the
// environment over it, parses config.toml, runs every section in
// options.sections (which may read further files), and validates
// everything, collecting every problem.
LoadResult load_instance(const std::filesystem::path& dir, const LoadOptions& options = {});

// The same with an already-built Env (no `.env` is read).
LoadResult load_instance(const std::filesystem::path& dir, const Env& env, const LoadOptions& options = {});

}  // namespace dbot::config
