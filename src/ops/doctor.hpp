#pragma once
// `discord-bot doctor`: walks the production checklist (docs/production-checklist.md)
// over instance directories and the compose file and reports PASS / WARN /
// FAIL per item with one line of advice. Reads files, git and the database;
// never Discord.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/config/instance_config.hpp"
#include "core/env.hpp"
#include "ops/report.hpp"

namespace dbot::ops {

struct DoctorOptions {
  std::vector<std::filesystem::path> dirs;  // instance directories; empty with a compose file: its bots
  std::optional<std::filesystem::path> compose;
  bool database = true;  // also check migrations, schemas and backups
  bool network = false;  // also ask Discord: token, intents, membership, permissions, role position
  EnvMap environment;    // the process environment (over each .env; Compose interpolation)
  // The database an instance uses (its DATABASE_URL, or its embedded
  // cluster). May throw; unset: DATABASE_URL only.
  std::function<std::string(const config::InstanceConfig&)> database_url;
  // The feature configuration sections (features::config_sections()).
  std::vector<const config::ConfigSection*> sections;
};

Report run_doctor(const DoctorOptions& options);

}  // namespace dbot::ops
