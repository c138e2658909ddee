// Validation of the instance's environment variables (.env + process env).

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "core/address.hpp"
#include "core/config/checks.hpp"
#include "core/config/detail.hpp"
#include "core/config/env_reader.hpp"

namespace dbot::config::detail {
namespace {

std::optional<unsigned> parse_unsigned(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "a, b" -> {"a", "b"}; empty entries are kept so the caller can refuse them.
std::vector<std::string> split_comma_list(std::string_view text) {
  std::vector<std::string> entries;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto comma = text.find(',', pos);
    entries.push_back(
        trim_blanks(text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos)));
    pos = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
  }
  return entries;
}

// An Origin header value as browsers send it: scheme://host[:port], nothing
// after the authority ("*" allows any origin, for operators who know why).
bool is_allowed_origin_entry(const std::string& entry) {
  if (entry == "*") return true;
  std::string_view rest = entry;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return false;
  }
  return !rest.empty() && std::none_of(rest.begin(), rest.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f || c == '/' || c == '@' ||
           c == '?' || c == '#';
  });
}

constexpr unsigned kMaxShardId = 65535;

std::vector<unsigned> parse_shard_ids(std::string_view text, Reporter& report, bool& ok) {
  std::vector<unsigned> ids;
  ok = true;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto comma = text.find(',', pos);
    const std::string item =
        trim_blanks(text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    pos = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    const auto dash = item.find('-');
    std::optional<unsigned> first;
    std::optional<unsigned> last;
    if (dash == std::string::npos) {
      first = last = parse_unsigned(item);
    } else {
      first = parse_unsigned(trim_blanks(std::string_view(item).substr(0, dash)));
      last = parse_unsigned(trim_blanks(std::string_view(item).substr(dash + 1)));
    }
    if (!first || !last || *first > *last) {
      report.error("SHARD_IDS", "must be a comma list of shard numbers or ranges, like 0,1 or 0-3");
      ok = false;
      return {};
    }
    // Discord's shard ids fit 16 bits; the bound also keeps the loop below
    // from wrapping around at UINT_MAX (it never ended).
    if (*last > kMaxShardId) {
      report.error("SHARD_IDS", "shard " + std::to_string(*last) + " is too large (shard ids go up to 65535)");
      ok = false;
      return {};
    }
    for (unsigned id = *first; id <= *last; ++id) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) {
    report.error("SHARD_IDS", "lists a shard more than once");
    ok = false;
  }
  return ids;
}

}  // namespace

void read_env_settings(const Env& env, const std::filesystem::path& dir, const LoadOptions& options,
                       EnvSettings& settings, Reporter& report) {
  EnvReader read(env, options, report);

  if (auto token = read.required("DISCORD_TOKEN", true)) settings.discord_token = *token;
  if (auto id = read.required_id("CLIENT_ID")) settings.client_id = *id;
  if (auto id = read.required_id("GUILD_ID")) settings.guild_id = *id;

  if (auto url = read.optional_secret("DATABASE_URL")) {
    // The URL may hold a password: the message never repeats it.
    if (!is_postgres_url(*url)) {
      report.error("DATABASE_URL", "must be a postgres:// or postgresql:// URL");
    } else {
      settings.database_url = *url;
    }
  }

  if (auto schema = read.optional("DB_SCHEMA")) {
    if (!is_valid_schema_name(*schema)) {
      report.error("DB_SCHEMA", "must be lowercase letters, digits and '_' (not starting with a digit), at most 63");
    } else {
      settings.db_schema = *schema;
    }
  } else {
    report.warn("DB_SCHEMA", "not set; using 'public'. Give every instance its own schema");
  }

  const std::filesystem::path data_dir = read.optional("DATA_DIR").value_or("./data");
  settings.data_dir = (data_dir.is_absolute() ? data_dir : dir / data_dir).lexically_normal();
  if (auto backups = read.optional("BACKUP_DIR")) {
    const std::filesystem::path path(*backups);
    settings.backup_dir = (path.is_absolute() ? path : dir / path).lexically_normal();
  } else {
    settings.backup_dir = settings.data_dir / "backups";
  }
  if (auto keep = read.optional("BACKUP_KEEP_DAYS")) {
    auto days = parse_unsigned(*keep);
    if (!days || *days == 0 || *days > 3650) {
      report.error("BACKUP_KEEP_DAYS", "must be a whole number of days from 1 to 3650");
    } else {
      settings.backup_keep_days = *days;
    }
  }

  settings.mcp_port = read.port("MCP_PORT", settings.mcp_port);
  settings.mcp_bind_addr = read.bind_address("MCP_BIND_ADDR", settings.mcp_bind_addr);
  settings.mcp_auth_token = read.optional_secret("MCP_AUTH_TOKEN").value_or("");
  if (!is_loopback_address(settings.mcp_bind_addr)) {
    if (settings.mcp_auth_token.empty()) {
      report.error("MCP_AUTH_TOKEN", "must be set because MCP_BIND_ADDR=" + settings.mcp_bind_addr +
                                         " is not loopback (or bind MCP to 127.0.0.1)");
    } else if (settings.mcp_auth_token.size() < 32) {
      report.error("MCP_AUTH_TOKEN", "must be at least 32 characters because MCP_BIND_ADDR=" + settings.mcp_bind_addr +
                                         " is not loopback (try: openssl rand -hex 32)");
    }
  }
  if (auto hosts = read.optional("MCP_ALLOWED_HOSTS")) {
    auto entries = split_comma_list(*hosts);
    const bool bad = std::any_of(entries.begin(), entries.end(), [](const std::string& host) {
      return host.empty() || std::any_of(host.begin(), host.end(), [](char c) {
               return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f || c == '/';
             });
    });
    if (bad) {
      report.error("MCP_ALLOWED_HOSTS", "must be a comma list of host names (host or host:port), no empty entries");
    } else {
      settings.mcp_allowed_hosts = std::move(entries);
    }
  }
  if (auto origins = read.optional("MCP_ALLOWED_ORIGINS")) {
    auto entries = split_comma_list(*origins);
    if (!std::all_of(entries.begin(), entries.end(), is_allowed_origin_entry)) {
      report.error("MCP_ALLOWED_ORIGINS",
                   "must be a comma list of origins like https://app.example.com or http://host:8080 (scheme and "
                   "host, no path), or *");
    } else {
      settings.mcp_allowed_origins = std::move(entries);
    }
  }

  settings.health_bind_addr = read.bind_address("HEALTH_BIND_ADDR", settings.health_bind_addr);
  settings.health_port = read.port("HEALTH_PORT", settings.health_port);
  if (settings.health_port == settings.mcp_port) {
    report.error("HEALTH_PORT", "must differ from MCP_PORT (" + std::to_string(settings.mcp_port) + ")");
  }

  settings.discord_api_base = read.http_base("DISCORD_API_BASE", settings.discord_api_base);

  if (auto count = read.optional("SHARD_COUNT")) {
    auto parsed = parse_unsigned(*count);
    if (!parsed || *parsed == 0 || *parsed > 65536) {
      report.error("SHARD_COUNT", "must be a whole number from 1 to 65536");
    } else {
      settings.shard_count = *parsed;
    }
  }
  if (auto ids = read.optional("SHARD_IDS")) {
    bool ok = false;
    auto parsed = parse_shard_ids(*ids, report, ok);
    if (ok) {
      if (!settings.shard_count) {
        report.error("SHARD_IDS", "needs SHARD_COUNT to be set as well");
      } else if (!parsed.empty() && parsed.back() >= *settings.shard_count) {
        report.error("SHARD_IDS", "shard " + std::to_string(parsed.back()) +
                                      " is out of range for SHARD_COUNT=" + std::to_string(*settings.shard_count));
      } else {
        settings.shard_ids = std::move(parsed);
      }
    }
  }

  if (auto compression = read.optional("DISCORD_COMPRESSION")) {
    if (*compression != "zlib-stream" && *compression != "zstd-stream" && *compression != "none") {
      report.error("DISCORD_COMPRESSION", "must be 'zlib-stream', 'zstd-stream' or 'none'");
    } else {
      settings.discord_compression = *compression;
    }
  }

  if (auto format = read.optional("LOG_FORMAT")) {
    if (*format != "text" && *format != "json") {
      report.error("LOG_FORMAT", "must be 'text' or 'json'");
    } else {
      settings.log_format = *format;
    }
  }
  if (auto level = read.optional("LOG_LEVEL")) {
    static const std::set<std::string, std::less<>> kLevels = {"trace", "debug",    "info", "warn", "warning",
                                                               "error", "critical", "err",  "off"};
    if (!kLevels.contains(*level)) {
      report.error("LOG_LEVEL", "must be one of trace, debug, info, warn, error, critical, off");
    } else {
      settings.log_level = *level;
    }
  }
}

}  // namespace dbot::config::detail
