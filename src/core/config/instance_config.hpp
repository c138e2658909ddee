#pragma once
// Everything one bot instance is configured with: the values from `.env`
// (or the process environment) and from `config.toml`, already validated.
// Field names match the seed's keys. See docs/configuration.md.
//
// Fields holding secrets are plain strings: never log or format them.

#include <any>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <typeindex>
#include <vector>

#include "core/config/section.hpp"
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
  std::string mcp_auth_token;                    // secret; empty: no auth (loopback binds only)
  std::vector<std::string> mcp_allowed_hosts;    // empty: the MCP server's default (loopback names)
  std::vector<std::string> mcp_allowed_origins;  // empty: absent or loopback Origins only
  std::string health_bind_addr = "127.0.0.1";
  std::uint16_t health_port = 9091;
  std::string discord_api_base = "https://discord.com/api";
  std::optional<unsigned> shard_count;              // unset: ask Discord (/gateway/bot)
  std::vector<unsigned> shard_ids;                  // empty: all shards of shard_count
  std::string discord_compression = "zlib-stream";  // DISCORD_COMPRESSION: zlib-stream | zstd-stream | none
  std::string log_format = "text";                  // text | json
  std::string log_level = "info";                   // trace | debug | info | warn | error | critical | off
};

// The instance's configuration: instance-level settings as fields, each
// feature's section (features/<name>/config.hpp) behind section<T>().
class InstanceConfig {
 public:
  std::filesystem::path dir;  // the instance directory
  EnvSettings env;

  std::string bot_name;
  std::string command_prefix;
  std::string command_root = "m";
  std::optional<std::string> timezone;  // IANA name; unset means UTC

  // A feature's section, or nullptr when it is off (its [features] flag is
  // false, its table is missing or invalid) or not registered.
  template <typename Section>
  const Section* section() const {
    for (const auto& stored : sections_) {
      if (stored.type == typeid(Section)) return std::any_cast<Section>(&stored.value);
    }
    return nullptr;
  }
  // A section without a [features] flag, which is always there once loaded;
  // throws std::logic_error when the configuration was loaded without it.
  template <typename Section>
  const Section& required_section() const {
    if (const auto* found = section<Section>()) return *found;
    throw std::logic_error(std::string("configuration section not loaded: ") + typeid(Section).name());
  }
  // Stores a parsed section under its type (the loader does this).
  void set_section(const ConfigSection& section, std::any value);
  // Every role the sections that are on manage (for `doctor`).
  std::vector<ManagedRole> managed_roles() const;

  // What help text puts before a subcommand: "!m " or just "!" when the root is empty.
  std::string cmd_prefix() const;

 private:
  struct Stored {
    std::type_index type;
    const ConfigSection* section;
    std::any value;
  };
  std::vector<Stored> sections_;  // in parse order
};

}  // namespace dbot::config
