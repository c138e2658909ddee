#include "core/config/schema.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace dbot::config {
namespace {

constexpr std::string_view kEnv = ".env";

// Order matters: it is the order of the reference tables.
constexpr std::array kSettings = std::to_array<SettingDoc>({
    // ---- .env ----
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
    {kEnv, "HEALTH_BIND_ADDR", "`127.0.0.1`", "as `MCP_BIND_ADDR`"},
    {kEnv, "HEALTH_PORT", "`9091`", "1–65535, different from `MCP_PORT`"},
    {kEnv, "DISCORD_API_BASE", "`https://discord.com/api`",
     "`https://` URL (`http://` only to a loopback host); trailing `/` removed"},
    {kEnv, "FINNHUB_API_KEY", "unset: stock commands say \"not configured\"", "secret"},
    {kEnv, "FINNHUB_API_BASE", "`https://finnhub.io/api/v1`", "`https://` URL (`http://` only to a loopback host)"},
    {kEnv, "PUZZLE_API_BASE", "`https://www.nytimes.com/svc`", "`https://` URL (`http://` only to a loopback host)"},
    {kEnv, "MC_VERIFY_URL", "unset", "http(s) URL; trailing `/` removed"},
    {kEnv, "MC_VERIFY_SECRET", "unset", "secret (bearer for the Minecraft plugin, both directions)"},
    {kEnv, "SHARD_COUNT", "unset: Discord's recommendation", "1–65536"},
    {kEnv, "SHARD_IDS", "unset: all shards",
     "`0,1` or `0-3` (mixable), each below `SHARD_COUNT` and at most 65535, no repeats; needs `SHARD_COUNT`; "
     "exactly the listed shards run"},
    {kEnv, "DISCORD_COMPRESSION", "`zlib-stream`", "`zlib-stream`, `zstd-stream` or `none` (gateway transport)"},
    {kEnv, "DEEPSEEK_API_KEY", "unset: that provider is unavailable", "secret; trimmed"},
    {kEnv, "GEMINI_API_KEY", "unset: that provider is unavailable", "secret; trimmed"},
    {kEnv, "GROK_API_KEY", "unset: that provider is unavailable", "secret; trimmed"},
    {kEnv, "LOG_FORMAT", "`text`", "`text` or `json`"},
    {kEnv, "LOG_LEVEL", "`info`", "`trace`, `debug`, `info`, `warn`, `error`, `critical`, `off`"},

    // ---- config.toml ----
    {"", "bot_name", "required", "not empty"},
    {"", "command_prefix", "required", "not empty, no whitespace"},
    {"", "command_root", "`\"m\"`", "no whitespace; `\"\"` puts every command at the top level"},
    {"", "personality_file", "`\"personality.txt\"`", "relative to the instance directory"},
    {"", "timezone", "unset (UTC)",
     "`UTC` or a file under `/usr/share/zoneinfo` in TZif format (e.g. `America/Toronto`)"},

    {"features", "minecraft", "`false`", "turns on `[minecraft]`"},
    {"features", "auto_role", "`false`", "turns on `[auto_role]`"},
    {"features", "join_role", "`false`", "turns on `[join_role]`"},
    {"features", "welcome", "`false`", "turns on `[welcome]`"},

    {"ai.providers.<name>", "url", "required", "http(s) URL of the chat-completions/messages endpoint"},
    {"ai.providers.<name>", "model", "required", "not empty"},
    {"ai.providers.<name>", "api_key_env", "required", "a variable name; the provider is available when it is set"},
    {"ai.providers.<name>", "max_tokens", "required", "1–4000000; requests are clamped to it"},
    {"ai.providers.<name>", "timeout_secs", "`30`", "1–3600"},
    {"ai.providers.<name>", "supports_vision", "`false`", "boolean"},
    {"ai.providers.<name>", "supports_tools", "`true`", "boolean"},
    {"ai.providers.<name>", "is_reasoner", "`false`", "boolean"},
    {"ai.providers.<name>", "spec", "`\"openai\"`", "`\"openai\"` or `\"anthropic\"`"},
    {"ai.providers.<name>", "headers", "`{}`", "header names non-empty without spaces; values printable ASCII"},
    {"ai.providers.<name>", "auth_header", "`\"Authorization\"`", "not blank"},
    {"ai.providers.<name>", "auth_scheme", "`\"Bearer \"`", "`\"\"` for Anthropic"},
    {"ai.routing", "chat", "`deepseek_chat` (when `[ai.routing]` is absent)",
     "an exact provider name; required when `[ai.routing]` is present"},
    {"ai.routing", "vision", "`gemini_flash` (when `[ai.routing]` is absent)", "an exact provider name"},
    {"ai.routing", "reasoner", "`deepseek_reasoner` (when `[ai.routing]` is absent)", "an exact provider name"},
    {"ai.fallback", "on_censored", "`[]`",
     "list of provider names (aliases such as `gemini` accepted); unknown or unavailable entries are warnings"},

    {"auto_role", "from_role", "required", "Discord id (the same id as `to_role` is a warning)"},
    {"auto_role", "to_role", "required", "Discord id"},
    {"auto_role", "min_age", "`\"3d\"`", "duration"},
    {"auto_role", "min_messages", "`20`", "0–1000000000"},
    {"auto_role", "require_all", "`false`", "`false`: either criterion suffices"},

    {"join_role", "role", "required", "Discord id"},

    {"welcome", "channel", "required", "Discord id"},
    {"welcome", "prompt_file", "`\"welcome_prompt.txt\"`",
     "missing or empty file: warning, welcome off; no AI provider: warning"},

    {"minecraft", "verify", "`true`", "boolean"},
    {"minecraft", "donator_sync", "`false`", "boolean; needs `[minecraft.donator_sync_config]`"},
    {"minecraft", "chargeback", "`false`", "boolean; needs `[minecraft.chargeback_config]`"},
    {"minecraft.donator_sync_config", "supporter_role", "required", "Discord id"},
    {"minecraft.donator_sync_config", "premium_role", "required", "Discord id"},
    {"minecraft.donator_sync_config", "check_interval", "`300`", "seconds as an integer, or a duration string"},
    {"minecraft.donator_sync_config", "max_removal_percent", "`25`",
     "1–100: removals above this share of the current donors in one cycle are held back with an error log"},
    {"minecraft.chargeback_config", "staff_channel", "required", "Discord id"},
    {"minecraft.chargeback_config", "restricted_role", "required", "Discord id"},
    {"minecraft.chargeback_config", "staff_roles", "`[]` (warning: nobody can press the buttons)",
     "list of Discord ids"},

    {"moderation", "tempban_check_interval", "`\"30s\"`", "duration"},

    {"stocks", "max_quote_age", "`\"15s\"`", "duration: trades never use an older quote"},
});

// Sections that hold named tables rather than keys ([ai.providers.NAME]).
bool is_placeholder(std::string_view component) { return component.starts_with('<'); }

std::string table_heading(std::string_view section) {
  if (section == kEnv) return "Environment (`.env`)";
  if (section.empty()) return "`config.toml`: top level";
  return fmt::format("`[{}]`", section);
}

}  // namespace

std::span<const SettingDoc> settings_schema() { return kSettings; }

std::vector<std::string_view> known_keys(std::string_view section) {
  std::vector<std::string_view> keys;
  const auto add = [&](std::string_view key) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  };
  for (const auto& s : kSettings) {
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
    if (!child.empty() && !is_placeholder(child)) add(child);
  }
  return keys;
}

std::string reference_markdown() {
  std::string out;
  std::string_view current = "\x01";  // no section yet
  for (const auto& s : kSettings) {
    if (s.section != current) {
      current = s.section;
      if (!out.empty()) out += "\n";
      out += fmt::format("#### {}\n\n| {} | default | accepted |\n|---|---|---|\n", table_heading(current),
                         current == kEnv ? "variable" : "key");
    }
    out += fmt::format("| `{}` | {} | {} |\n", s.key, s.default_value, s.rule);
  }
  return out;
}

}  // namespace dbot::config
