// Doctor checks on instance directories, alone and against each other.

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/address.hpp"
#include "core/config/checks.hpp"
#include "db/process.hpp"
#include "ops/doctor_detail.hpp"

namespace dbot::ops::detail {

namespace fs = std::filesystem;

std::vector<std::string> placeholder_names(const EnvMap& env) {
  std::vector<std::string> names;
  for (const auto& [name, value] : env) {
    if (config::is_placeholder(value)) names.push_back(name);
  }
  return names;
}

bool is_weak_token(const std::string& token) {
  if (token.size() < 32) return true;
  const std::set<char> distinct(token.begin(), token.end());
  if (distinct.size() < 10) return true;
  std::string lower = token;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* word : {"change", "example", "password", "secret", "token", "your-", "default"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string describe_age(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  const auto days = seconds / 86400;
  const auto hours = (seconds % 86400) / 3600;
  if (days > 0) return hours > 0 ? fmt::format("{}d {}h", days, hours) : fmt::format("{}d", days);
  if (hours > 0) return fmt::format("{}h", hours);
  return fmt::format("{}m", seconds / 60);
}

namespace {

struct GitState {
  bool available = false;  // git installed and DIR is inside a work tree
  bool tracked = false;
  bool ignored = false;
};

GitState git_state(const fs::path& dir, const std::string& file) {
  GitState state;
  try {
    const auto inside = db::run_process({"git", "-C", dir.string(), "rev-parse", "--is-inside-work-tree"});
    if (inside.exit_code != 0 || inside.output.find("true") == std::string::npos) return state;
    state.available = true;
    state.tracked =
        db::run_process({"git", "-C", dir.string(), "ls-files", "--error-unmatch", "--", file}).exit_code == 0;
    state.ignored = db::run_process({"git", "-C", dir.string(), "check-ignore", "-q", "--", file}).exit_code == 0;
  } catch (const std::exception&) {
    state.available = false;  // git is not installed
  }
  return state;
}

void check_env_file(const LoadedInstance& instance, Report& report) {
  if (instance.env_present) {
    report.pass("instance.env_file", instance.label, ".env present");
  } else if (fs::exists(instance.dir / ".env.example")) {
    report.fail("instance.env_file", instance.label, ".env is missing (read .env.example instead)",
                "cp .env.example .env && chmod 600 .env, then fill it in");
  } else {
    report.fail(
        "instance.env_file", instance.label, ".env is missing",
        "create .env with DISCORD_TOKEN, CLIENT_ID, GUILD_ID and DB_SCHEMA (see instances/example/.env.example)");
  }
}

void check_placeholders(const LoadedInstance& instance, Report& report) {
  const auto names = placeholder_names(instance.raw_env);
  if (names.empty()) {
    report.pass("instance.placeholders", instance.label, "no placeholder values");
  } else {
    report.fail("instance.placeholders", instance.label, "still placeholders: " + join(names),
                "fill them in (the comments in .env.example say where each value comes from)");
  }
}

void check_config(const LoadedInstance& instance, Report& report) {
  std::vector<std::string> errors;
  const auto placeholders = placeholder_names(instance.raw_env);
  for (const auto& d : instance.diagnostics) {
    const auto where = d.key.empty() ? d.file : d.file + ": " + d.key;
    const bool is_placeholder_error = std::find(placeholders.begin(), placeholders.end(), d.key) != placeholders.end();
    if (d.severity == config::Severity::error && is_placeholder_error) {
      continue;  // reported by instance.placeholders
    } else if (d.severity == config::Severity::error) {
      errors.push_back(where + " " + d.message);
    } else if (d.file != ".env" || d.key != "(file)") {  // a missing .env is reported by instance.env_file
      report.warn("instance.config_warning", instance.label, where + " " + d.message,
                  "see docs/configuration.md; `discord-bot check-config` lists every warning");
    }
  }
  if (errors.empty() && !instance.config) {
    report.skip("instance.config", instance.label, "checked once the placeholders are filled in");
  } else if (errors.empty()) {
    report.pass("instance.config", instance.label, "configuration valid");
  } else {
    report.fail("instance.config", instance.label,
                fmt::format("{} configuration error(s); first: {}", errors.size(), errors.front()),
                "run `discord-bot check-config " + instance.dir.string() + "` for the full list");
  }
}

void check_env_git(const LoadedInstance& instance, Report& report) {
  if (!instance.env_present) return;
  const auto git = git_state(instance.dir, ".env");
  if (!git.available) {
    report.pass("instance.env_git", instance.label, ".env is not in a git work tree");
  } else if (git.tracked) {
    report.fail("instance.env_git", instance.label, ".env is tracked by git: its secrets are in the history",
                "git rm --cached .env, rotate every secret in it, and add it to .gitignore");
  } else if (!git.ignored) {
    report.fail("instance.env_git", instance.label, ".env is not ignored by git (one `git add .` from a leak)",
                "add `instances/*/.env` to .gitignore (check with `git check-ignore -v .env`)");
  } else {
    report.pass("instance.env_git", instance.label, ".env is ignored by git");
  }
}

void check_env_permissions(const LoadedInstance& instance, Report& report) {
  if (!instance.env_present) return;
  struct stat info {};
  if (::stat((instance.dir / ".env").c_str(), &info) != 0) return;
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    report.warn("instance.env_permissions", instance.label,
                fmt::format(".env is readable by other users (mode {:o})", info.st_mode & 0777), "chmod 600 .env");
  } else {
    report.pass("instance.env_permissions", instance.label, ".env is private (mode 600)");
  }
}

void check_mcp_token(const LoadedInstance& instance, Report& report) {
  // From the loaded configuration when it loads (NAME_FILE secrets resolved),
  // else from the raw values, so a bad token is named even when it is what
  // stops the configuration from loading.
  std::string bind = "127.0.0.1";
  std::string token;
  if (instance.config) {
    bind = instance.config->env.mcp_bind_addr;
    token = instance.config->env.mcp_auth_token;
  } else {
    if (auto it = instance.raw_env.find("MCP_BIND_ADDR"); it != instance.raw_env.end() && !it->second.empty()) {
      bind = it->second;
    }
    if (auto it = instance.raw_env.find("MCP_AUTH_TOKEN"); it != instance.raw_env.end()) token = it->second;
  }
  if (is_loopback_address(bind)) {
    if (!token.empty() && is_weak_token(token)) {
      report.warn("instance.mcp_token", instance.label, "MCP_AUTH_TOKEN is weak (short or guessable)",
                  "use a random one: openssl rand -hex 32");
    } else {
      report.pass("instance.mcp_token", instance.label, "MCP bound to loopback (" + bind + ")");
    }
    return;
  }
  if (token.empty()) {
    report.fail("instance.mcp_token", instance.label, "MCP_BIND_ADDR=" + bind + " without MCP_AUTH_TOKEN",
                "set MCP_AUTH_TOKEN=$(openssl rand -hex 32) or bind MCP to 127.0.0.1");
  } else if (token.size() < 32) {
    report.fail("instance.mcp_token", instance.label,
                "MCP_AUTH_TOKEN is shorter than 32 characters on a non-loopback bind", "openssl rand -hex 32");
  } else if (is_weak_token(token)) {
    report.warn("instance.mcp_token", instance.label,
                "MCP_AUTH_TOKEN looks guessable (few distinct characters or a word)", "openssl rand -hex 32");
  } else {
    report.pass("instance.mcp_token", instance.label, "non-loopback MCP bind with a strong token");
  }
}

void check_schema(const LoadedInstance& instance, Report& report) {
  if (!instance.config) return;
  if (instance.config->env.db_schema == "public") {
    report.warn("instance.db_schema", instance.label, "DB_SCHEMA is not set: the instance uses 'public'",
                "give every instance its own DB_SCHEMA");
  } else {
    report.pass("instance.db_schema", instance.label, "schema " + instance.config->env.db_schema);
  }
}

void check_retention(const LoadedInstance& instance, Report& report) {
  if (!instance.config) return;
  const auto days = instance.config->env.backup_keep_days;
  if (days < 30) {
    report.warn("instance.backup_retention", instance.label, fmt::format("BACKUP_KEEP_DAYS={} (under 30)", days),
                "keep at least 30 days of dumps (BACKUP_KEEP_DAYS=30, the default)");
  } else {
    report.pass("instance.backup_retention", instance.label, fmt::format("dumps kept {} days", days));
  }
}

std::string database_key(const config::InstanceConfig& config) {
  return config.env.database_url ? *config.env.database_url : "embedded:" + config.env.data_dir.string();
}

void check_shared(const std::vector<LoadedInstance>& instances, Report& report) {
  std::map<std::string, std::vector<std::string>> by_token;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> by_schema;
  std::map<std::uint64_t, std::vector<const LoadedInstance*>> by_guild;
  std::size_t loaded = 0;
  for (const auto& instance : instances) {
    if (!instance.config) continue;
    ++loaded;
    const auto& env = instance.config->env;
    if (!env.discord_token.empty() && !config::is_placeholder(env.discord_token)) {
      by_token[env.discord_token].push_back(instance.label);
    }
    by_schema[{database_key(*instance.config), env.db_schema}].push_back(instance.label);
    by_guild[env.guild_id.value].push_back(&instance);
  }
  if (loaded < 2) return;

  bool token_clash = false;
  for (const auto& [token, labels] : by_token) {
    if (labels.size() < 2) continue;
    token_clash = true;
    // Never the token itself: only who shares it.
    report.fail("instances.discord_token", join(labels), "these instances use the same DISCORD_TOKEN",
                "one bot application (and token) per instance: two sessions on one token fight over events");
  }
  if (!token_clash) report.pass("instances.discord_token", "all instances", "every instance has its own Discord token");

  bool schema_clash = false;
  for (const auto& [key, labels] : by_schema) {
    if (labels.size() < 2) continue;
    schema_clash = true;
    report.fail("instances.db_schema", join(labels), "share DB_SCHEMA=" + key.second + " in one database",
                "give each instance its own DB_SCHEMA (the second one will refuse to start)");
  }
  if (!schema_clash) report.pass("instances.db_schema", "all instances", "every instance has its own schema");

  bool prefix_clash = false;
  for (const auto& [guild, members] : by_guild) {
    for (std::size_t i = 0; i < members.size(); ++i) {
      for (std::size_t j = i + 1; j < members.size(); ++j) {
        const auto a = members[i]->config->cmd_prefix();
        const auto b = members[j]->config->cmd_prefix();
        const auto subject = members[i]->label + ", " + members[j]->label;
        if (a == b) {
          prefix_clash = true;
          report.fail("instances.prefix", subject, fmt::format("both answer '{}' in guild {}", a, guild),
                      "give one a different command_prefix or command_root in config.toml");
        } else if (a.starts_with(b) || b.starts_with(a)) {
          prefix_clash = true;
          report.warn("instances.prefix", subject, fmt::format("'{}' and '{}' overlap in guild {}", a, b, guild),
                      "use prefixes where neither starts with the other");
        }
      }
    }
  }
  if (!prefix_clash) report.pass("instances.prefix", "all instances", "no command prefix collisions in a shared guild");
}

}  // namespace

void check_instances(const std::vector<LoadedInstance>& instances, Report& report) {
  for (const auto& instance : instances) {
    check_env_file(instance, report);
    check_placeholders(instance, report);
    check_config(instance, report);
    check_env_git(instance, report);
    check_env_permissions(instance, report);
    check_mcp_token(instance, report);
    check_schema(instance, report);
    check_retention(instance, report);
  }
  check_shared(instances, report);
}

}  // namespace dbot::ops::detail
