#pragma once
// What the doctor's check groups share: one loaded instance.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/config/load.hpp"
#include "core/env.hpp"
#include "ops/compose_file.hpp"
#include "ops/report.hpp"

namespace dbot::ops {
struct DoctorOptions;
}

namespace dbot::ops::detail {

struct LoadedInstance {
  std::string label;  // the subject in findings: the directory, or "service (dir)"
  std::filesystem::path dir;
  const ComposeService* service = nullptr;       // when found through the compose file
  bool env_present = false;                      // DIR/.env exists
  EnvMap raw_env;                                // .env (or .env.example) with the override layer on top
  config::Diagnostics diagnostics;               // from a load that accepts placeholders
  std::optional<config::InstanceConfig> config;  // that load's result, when it has no errors
};

// "DB_SCHEMA", "DISCORD_TOKEN", ...: variables whose value is a `your-...` placeholder.
std::vector<std::string> placeholder_names(const EnvMap& env);

// A token an attacker could guess: short, few distinct characters, or an
// example word.
bool is_weak_token(const std::string& token);

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");

// "3d 4h", "5h", "12m".
std::string describe_age(std::int64_t seconds);

void check_instances(const std::vector<LoadedInstance>& instances, Report& report);
void check_compose(const ComposeProject& project, const std::vector<LoadedInstance>& instances, Report& report);
void check_databases(const std::vector<LoadedInstance>& instances, const DoctorOptions& options, Report& report);
void check_discord(const std::vector<LoadedInstance>& instances, Report& report);

}  // namespace dbot::ops::detail
