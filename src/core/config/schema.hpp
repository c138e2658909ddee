#pragma once
// Every setting an instance reads: the instance-level rows here plus the
// rows of each registered ConfigSection. The config.toml reader takes its
// lists of known keys from it (so a key it accepts is always documented) and
// docs/configuration.md's reference tables are generated from it
// (`discord-bot config-reference`; a unit test keeps the two equal).

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/section.hpp"

namespace dbot::config {

// The instance-level settings: token, ids, database, ports, logging, and the
// top-level identity keys of config.toml.
std::span<const SettingDoc> instance_settings();

class Schema {
 public:
  explicit Schema(std::span<const ConfigSection* const> sections);

  // Instance rows first, then each section's, in registration order.
  const std::vector<SettingDoc>& rows() const { return rows_; }
  // The keys a config.toml section may hold: its settings and its sub-sections.
  std::vector<std::string_view> known_keys(std::string_view section) const;
  // The Markdown reference: one table per section, in order of first appearance.
  std::string reference_markdown() const;

 private:
  std::vector<SettingDoc> rows_;
};

}  // namespace dbot::config
