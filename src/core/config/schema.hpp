#pragma once
// Every setting an instance reads, in one table: where it lives, its default
// and what is accepted. The config.toml reader takes its lists of known keys
// from here (so a key it accepts is always documented) and
// docs/configuration.md's reference tables are generated from it
// (`discord-bot config-reference`; a unit test keeps the two equal).

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dbot::config {

struct SettingDoc {
  // ".env" for environment variables; otherwise the config.toml section the
  // key belongs to: "" (top level), "features", "ai.providers.<name>", ...
  std::string_view section;
  std::string_view key;
  std::string_view default_value;
  std::string_view rule;  // what is accepted (Markdown)
};

std::span<const SettingDoc> settings_schema();

// The keys a config.toml section may hold: its settings and its sub-sections.
std::vector<std::string_view> known_keys(std::string_view section);

// The Markdown reference tables (environment, then each config.toml section).
std::string reference_markdown();

}  // namespace dbot::config
