#pragma once
// What a feature contributes to an instance's configuration: its settings
// (documented rows, which also decide which keys config.toml accepts), the
// [features] flag that turns it on, and a typed parser. The loader in this
// folder knows no feature; it runs the sections it is given
// (features::config_sections()) and stores each result, which the feature
// reads back with InstanceConfig::section<T>().

#include <any>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/snowflake.hpp"

namespace dbot::config {

struct SettingDoc {
  // ".env" for environment variables; otherwise the config.toml section the
  // key belongs to: "" (top level), "features", "ai.providers.<name>", ...
  std::string_view section;
  std::string_view key;
  std::string_view default_value;
  std::string_view rule;  // what is accepted (Markdown)
};

inline constexpr std::string_view kEnvSection = ".env";

// A role the bot assigns or removes because of this section; `doctor` checks
// that each sits below the bot's highest role.
struct ManagedRole {
  std::string what;  // the key that names it, e.g. "roles.to_role"
  Snowflake id;
};

class SectionContext;  // core/config/section_context.hpp (includes toml++)

struct ConfigSection {
  // The top-level config.toml table the section reads ("roles"); empty
  // for a section made only of environment variables.
  std::string_view table;
  // The [features] key that turns the section on; empty: always on.
  std::string_view flag;
  // Said (as a warning on `features.<flag>`) when the flag is on but the
  // table is missing; the section then stays off.
  std::string_view missing_warning;
  std::span<const SettingDoc> settings;
  // Called for every load, whether or not the section is on (a section that
  // is off is still validated, so it can be turned on later). Reports into
  // the context and returns the section's value, or an empty std::any when
  // it is invalid or cannot run. The loader keeps the value only when the
  // section is on.
  std::any (*parse)(SectionContext& context) = nullptr;
  // The roles a parsed value (what parse returned) manages; nullptr: none.
  std::vector<ManagedRole> (*managed_roles)(const std::any& value) = nullptr;
};

}  // namespace dbot::config
