#include "core/config/schema.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace dbot::config {
namespace {

constexpr std::string_view kEnv = kEnvSection;

// Order matters: it is the order of the reference tables.
constexpr std::array kInstanceSettings = std::to_array<SettingDoc>({
    {kEnv, "DISCORD_TOKEN", "required", "not empty, not a `your-` placeholder"},
    {kEnv, "CLIENT_ID", "required", "numeric Discord id (placeholders are errors even with `--allow-placeholders`)"},
    {kEnv, "GUILD_ID", "required", "numeric Discord id"},
    {kEnv, "DATABASE_URL", "unset: embedded Postgres under `DATA_DIR`", "`postgres://` or `postgresql://` URL"},
    {kEnv, "DB_SCHEMA", "`public` (with a warning)", "`[a-z_][a-z0-9_]{0,62}`; one schema per instance"},
    {kEnv, "DATA_DIR", "`./data`", "relative paths are joined onto the instance directory"},
    {kEnv, "BACKUP_DIR", "`<DATA_DIR>/backups`",
     "where `discord-bot backup` writes dumps; relative paths are joined onto the instance directory"},
    {kEnv, "BACKUP_KEEP_DAYS", "`30`", "1–3650; `backup` deletes older dumps (never the newest)"},
    {kEnv, "MCP_PORT", "`9090`", "1–65535"},
    {kEnv, "MCP_BIND_ADDR", "`127.0.0.1`", "an IPv4/IPv6 literal (brackets allowed) or `localhost`"},
    {kEnv, "MCP_AUTH_TOKEN", "empty (no auth)",
     "required, and at least 32 characters, when `MCP_BIND_ADDR` is not loopback (127.0.0.0/8, ::1, localhost)"},
    {kEnv, "MCP_ALLOWED_HOSTS", "unset", "comma list of `host` or `host:port`, no empty entries"},
    {kEnv, "MCP_ALLOWED_ORIGINS", "unset",
     "comma list of `http(s)://host[:port]` (no path) or `*`; Origins accepted besides loopback ones"},
    {kEnv, "HEALTH_BIND_ADDR", "`127.0.0.1`", "as `MCP_BIND_ADDR`"},
    {kEnv, "HEALTH_PORT", "`9091`", "1–65535, different from `MCP_PORT`"},
    {kEnv, "DISCORD_API_BASE", "`https://discord.com/api`",
     "`https://` URL (`http://` only to a loopback host); trailing `/` removed"},
    {kEnv, "SHARD_COUNT", "unset: Discord's recommendation", "1–65536"},
    {kEnv, "SHARD_IDS", "unset: all shards",
     "`0,1` or `0-3` (mixable), each below `SHARD_COUNT` and at most 65535, no repeats; needs `SHARD_COUNT`; "
     "exactly the listed shards run"},
    {kEnv, "DISCORD_COMPRESSION", "`zlib-stream`", "`zlib-stream`, `zstd-stream` or `none` (gateway transport)"},
    {kEnv, "LOG_FORMAT", "`text`", "`text` or `json`"},
    {kEnv, "LOG_LEVEL", "`info`", "`trace`, `debug`, `info`, `warn`, `error`, `critical`, `off`"},

    {"", "bot_name", "required", "not empty"},
    {"", "command_prefix", "required", "not empty, no whitespace"},
    {"", "command_root", "`\"m\"`", "no whitespace; `\"\"` puts every command at the top level"},
    {"", "timezone", "unset (UTC)",
     "`UTC` or a file under `/usr/share/zoneinfo` in TZif format (e.g. `America/Toronto`)"},
});

// Sections that hold named tables rather than keys ([ai.providers.NAME]).
bool is_placeholder_component(std::string_view component) { return component.starts_with('<'); }

std::string table_heading(std::string_view section) {
  if (section == kEnv) return "Environment (`.env`)";
  if (section.empty()) return "`config.toml`: top level";
  return fmt::format("`[{}]`", section);
}

}  // namespace

std::span<const SettingDoc> instance_settings() { return kInstanceSettings; }

Schema::Schema(std::span<const ConfigSection* const> sections) {
  rows_.assign(kInstanceSettings.begin(), kInstanceSettings.end());
  for (const auto* section : sections) rows_.insert(rows_.end(), section->settings.begin(), section->settings.end());
}

std::vector<std::string_view> Schema::known_keys(std::string_view section) const {
  std::vector<std::string_view> keys;
  const auto add = [&](std::string_view key) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  };
  for (const auto& s : rows_) {
    if (s.section == kEnv) continue;
    if (s.section == section) {
      add(s.key);
      continue;
    }
    // A deeper section contributes its next path component (a sub-table).
    std::string_view rest = s.section;
    if (!section.empty()) {
      if (!rest.starts_with(section) || rest.size() <= section.size() || rest[section.size()] != '.') continue;
      rest.remove_prefix(section.size() + 1);
    }
    const auto child = rest.substr(0, rest.find('.'));
    if (!child.empty() && !is_placeholder_component(child)) add(child);
  }
  return keys;
}

std::string Schema::reference_markdown() const {
  std::vector<std::string_view> order;
  for (const auto& s : rows_) {
    if (std::find(order.begin(), order.end(), s.section) == order.end()) order.push_back(s.section);
  }
  std::string out;
  for (const auto section : order) {
    if (!out.empty()) out += "\n";
    out += fmt::format("#### {}\n\n| {} | default | accepted |\n|---|---|---|\n", table_heading(section),
                       section == kEnv ? "variable" : "key");
    for (const auto& s : rows_) {
      if (s.section == section) out += fmt::format("| `{}` | {} | {} |\n", s.key, s.default_value, s.rule);
    }
  }
  return out;
}

}  // namespace dbot::config
