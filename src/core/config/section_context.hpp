#pragma once
// What a section parser (ConfigSection::parse) gets: its table, the
// environment, the instance-level settings read so far, the sections parsed
// before it, and reporters for config.toml and .env. Includes toml++: include
// it from a feature's config.cpp only.

#include <filesystem>
#include <string>

#include <toml++/toml.h>

#include "core/config/env_reader.hpp"
#include "core/config/instance_config.hpp"
#include "core/config/load.hpp"
#include "core/config/reporter.hpp"
#include "core/config/schema.hpp"

namespace dbot::config {

class SectionContext {
 public:
  SectionContext(const toml::table& root, const toml::table* table, bool enabled, const InstanceConfig& instance,
                 const Schema& schema, EnvReader& env, Reporter& toml_report)
      : root_(root),
        table_(table),
        enabled_(enabled),
        instance_(instance),
        schema_(schema),
        env_(env),
        toml_(toml_report) {}

  const toml::table& root() const { return root_; }
  // The section's table; nullptr when config.toml has none.
  const toml::table* table() const { return table_; }
  // Whether the result will be kept ([features] flag on, or no flag).
  bool enabled() const { return enabled_; }
  // Instance-level settings and the sections parsed before this one.
  const InstanceConfig& instance() const { return instance_; }
  const Schema& schema() const { return schema_; }
  EnvReader& env() { return env_; }
  Reporter& toml() { return toml_; }
  // A reporter for another file of the instance (a prompt file, say).
  Reporter report_for(std::string file) { return Reporter(toml_.diagnostics(), std::move(file)); }
  // A file named in config.toml: relative names are read from the instance directory.
  std::filesystem::path path_of(const std::string& name) const;

 private:
  const toml::table& root_;
  const toml::table* table_;
  bool enabled_;
  const InstanceConfig& instance_;
  const Schema& schema_;
  EnvReader& env_;
  Reporter& toml_;
};

}  // namespace dbot::config
