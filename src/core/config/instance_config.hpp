#pragma once
// Everything one bot instance is configured with: the values from `.env`
// (or the process environment) and from `config.toml`, already validated.
// Field names match the seed's keys. See docs/configuration.md.
//
// Fields holding secrets are plain strings: never log or format them.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/snowflake.hpp"

namespace dbot::config {

// ---- .env ------------------------------------------------------------------

struct EnvSettings {
  std::string discord_token;  // secret
  Snowflake client_id;
  Snowflake guild_id;
  std::optional<std::string> database_url;  // secret (may hold a password); unset: embedded Postgres
  std::string db_schema = "public";
  std::filesystem::path data_dir;    // DATA_DIR, relative values joined onto the instance dir
  std::filesystem::path backup_dir;  // BACKUP_DIR (relative: onto the instance dir); default <data_dir>/backups
  unsigned backup_keep_days = 30;    // BACKUP_KEEP_DAYS: `backup` deletes older dumps
  std::uint16_t mcp_port = 9090;
  std::string mcp_bind_addr = "127.0.0.1";
  std::string mcp_auth_token;                  // secret; empty: no auth (loopback binds only)
  std::vector<std::string> mcp_allowed_hosts;  // empty: the MCP server's default (loopback names)
  std::string health_bind_addr = "127.0.0.1";
  std::uint16_t health_port = 9091;
  std::string discord_api_base = "https://discord.com/api";
  std::optional<std::string> finnhub_api_key;  // secret; unset: stock commands say "not configured"
  std::string finnhub_api_base = "https://finnhub.io/api/v1";
  std::string puzzle_api_base = "https://www.nytimes.com/svc";
  std::optional<std::string> mc_verify_url;         // trailing '/' removed
  std::optional<std::string> mc_verify_secret;      // secret
  std::optional<unsigned> shard_count;              // unset: ask Discord (/gateway/bot)
  std::vector<unsigned> shard_ids;                  // empty: all shards of shard_count
  std::string discord_compression = "zlib-stream";  // DISCORD_COMPRESSION: zlib-stream | zstd-stream | none
  std::string log_format = "text";                  // text | json
  std::string log_level = "info";                   // trace | debug | info | warn | error | critical | off
};

// ---- config.toml -------------------------------------------------------------

struct Features {
  bool minecraft = false;
  bool auto_role = false;
  bool join_role = false;
  bool welcome = false;
};

enum class ProviderSpec { openai, anthropic };

struct ProviderDef {
  std::string name;
  std::string url;
  std::string model;
  std::string api_key_env;
  std::uint32_t max_tokens = 0;
  std::uint32_t timeout_secs = 30;
  bool supports_vision = false;
  bool supports_tools = true;
  bool is_reasoner = false;
  ProviderSpec spec = ProviderSpec::openai;
  std::map<std::string, std::string> headers;
  std::string auth_header = "Authorization";
  std::string auth_scheme = "Bearer ";
  bool builtin = false;
  // The key read from the variable named by api_key_env (secret). Unset or
  // empty after trimming means the provider is unavailable.
  std::optional<std::string> api_key;

  bool available() const { return api_key.has_value(); }
};

struct AiRouting {
  std::optional<std::string> chat;
  std::optional<std::string> vision;
  std::optional<std::string> reasoner;
};

struct AiConfig {
  std::map<std::string, ProviderDef> providers;  // built-ins merged with [ai.providers.*]
  AiRouting routing;                             // the defaults when [ai.routing] is absent
  bool routing_configured = false;               // [ai.routing] was present
  std::vector<std::string> on_censored;          // as written (aliases allowed)

  // The provider for a role when it is set and available.
  const ProviderDef* chat() const;
  const ProviderDef* vision() const;
  const ProviderDef* reasoner() const;
  // AI chat answers @mentions only when chat or vision is available.
  bool chat_active() const { return chat() != nullptr || vision() != nullptr; }
  // A provider by name, accepting the seed's aliases (gemini, deepseek, ...).
  const ProviderDef* named(const std::string& name) const;
};

struct AutoRole {
  Snowflake from_role;
  Snowflake to_role;
  std::chrono::seconds min_age = std::chrono::hours(72);
  std::int64_t min_messages = 20;
  bool require_all = false;
};

struct JoinRole {
  Snowflake role;
};

struct Welcome {
  Snowflake channel;
  std::string prompt_file = "welcome_prompt.txt";
  std::string prompt;  // the file's contents, loaded and non-empty
};

struct DonatorSyncConfig {
  Snowflake supporter_role;
  Snowflake premium_role;
  std::chrono::seconds check_interval{300};
  // Removals in one cycle above this share of the current donors are held
  // back with a loud warning (a plugin bug must not strip everyone).
  std::int64_t max_removal_percent = 25;
};

struct ChargebackConfig {
  Snowflake staff_channel;
  Snowflake restricted_role;
  std::vector<Snowflake> staff_roles;
};

struct Minecraft {
  bool verify = true;
  bool donator_sync = false;
  bool chargeback = false;
  // Present only when the matching flag is on and the table exists.
  std::optional<DonatorSyncConfig> donator_sync_config;
  std::optional<ChargebackConfig> chargeback_config;
};

struct Moderation {
  std::chrono::seconds tempban_check_interval{30};
};

struct Stocks {
  std::chrono::seconds max_quote_age{15};
};

struct InstanceConfig {
  std::filesystem::path dir;  // the instance directory
  EnvSettings env;

  std::string bot_name;
  std::string command_prefix;
  std::string command_root = "m";
  std::string personality_file = "personality.txt";
  std::string personality;              // file contents; empty when not loaded (AI off and file missing)
  std::optional<std::string> timezone;  // IANA name; unset means UTC

  // Effective flags: a flag whose section is missing has been turned off
  // (with a warning), so `features.x` implies the section below is present.
  Features features;
  AiConfig ai;
  std::optional<AutoRole> auto_role;
  std::optional<JoinRole> join_role;
  std::optional<Welcome> welcome;
  std::optional<Minecraft> minecraft;
  Moderation moderation;
  Stocks stocks;

  // What help text puts before a subcommand: "!m " or just "!" when the root is empty.
  std::string cmd_prefix() const;
};

}  // namespace dbot::config
