// config.toml: the instance's identity keys, the [features] flags, then each
// registered feature section.

#include <fstream>
#include <sstream>

#include "core/config/checks.hpp"
#include "core/config/detail.hpp"
#include "core/config/section_context.hpp"
#include "core/config/text_file.hpp"
#include "core/config/toml_read.hpp"

namespace dbot::config {

std::filesystem::path SectionContext::path_of(const std::string& name) const {
  return file_beside(instance_.dir, name);
}

namespace detail {
namespace {

// The parsed file, or nullopt after reporting why it cannot be read.
std::optional<toml::table> parse_file(const std::filesystem::path& path, Reporter& report) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    report.error("(file)", "not found; copy it from instances/example/config.toml");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in) {
    report.error("(file)", "cannot be read");
    return std::nullopt;
  }
  try {
    return toml::parse(buffer.str(), path.string());
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    report.error("line " + std::to_string(where.line), "not valid TOML: " + std::string(error.description()));
    return std::nullopt;
  }
}

void read_identity(const toml::table& root, const LoadOptions& options, const Schema& schema, InstanceConfig& config,
                   Reporter& toml_report) {
  check_unknown_keys(root, "", "", schema, toml_report);

  if (auto name = get_string(root, "", "bot_name", true, toml_report)) {
    if (name->find_first_not_of(" \t") == std::string::npos) {
      toml_report.error("bot_name", "must not be empty");
    } else {
      config.bot_name = *name;
    }
  }
  if (auto prefix = get_string(root, "", "command_prefix", true, toml_report)) {
    if (prefix->empty()) {
      toml_report.error("command_prefix", "must not be empty (the bot would treat every message as a command)");
    } else if (prefix->find_first_of(" \t\r\n") != std::string::npos) {
      toml_report.error("command_prefix", "must not contain whitespace");
    } else {
      config.command_prefix = *prefix;
    }
  }
  if (auto root_name = get_string(root, "", "command_root", false, toml_report)) {
    if (root_name->find_first_of(" \t\r\n\f\v") != std::string::npos) {
      toml_report.error(
          "command_root",
          "'" + *root_name + "' contains whitespace; must be a single token (or empty for flat commands)");
    } else {
      config.command_root = *root_name;
    }
  }
  if (auto zone = get_string(root, "", "timezone", false, toml_report)) {
    if (!is_known_time_zone(*zone, options.zoneinfo_dir)) {
      toml_report.error("timezone", "'" + *zone + "' is not a known IANA time zone; use a name like America/Toronto");
    } else {
      config.timezone = *zone;
    }
  }
}

// Runs one section: finds its table and flag, calls its parser, keeps the
// result when the section is on.
void read_section(const ConfigSection& section, const toml::table& root, const toml::table* flags, const Schema& schema,
                  InstanceConfig& config, EnvReader& env, Reporter& toml_report) {
  bool enabled = true;
  if (!section.flag.empty()) {
    enabled = false;
    if (flags != nullptr) {
      if (auto flag = get_bool(*flags, "features", section.flag, toml_report)) enabled = *flag;
    }
  }
  const toml::table* table = nullptr;
  bool table_unusable = false;
  if (!section.table.empty()) {
    table = get_table(root, "", section.table, toml_report);
    table_unusable = table == nullptr && root.contains(section.table);
  }
  if (enabled && !section.flag.empty() && !root.contains(section.table)) {
    toml_report.warn("features." + std::string(section.flag), std::string(section.missing_warning));
    enabled = false;
  }
  if (table_unusable) return;  // already reported: not a table
  SectionContext context(root, table, enabled, config, schema, env, toml_report);
  std::any value = section.parse(context);
  if (enabled) config.set_section(section, std::move(value));
}

}  // namespace

void read_config_toml(const std::filesystem::path& path, const Env& env, const LoadOptions& options,
                      InstanceConfig& config, Reporter& env_report, Reporter& toml_report) {
  const Schema schema(options.sections);
  const std::optional<toml::table> parsed = parse_file(path, toml_report);
  const toml::table empty;
  const toml::table& root = parsed ? *parsed : empty;
  if (parsed) read_identity(root, options, schema, config, toml_report);

  const toml::table* flags = get_table(root, "", "features", toml_report);
  if (flags != nullptr) check_unknown_keys(*flags, "features", "features", schema, toml_report);

  EnvReader env_reader(env, options, env_report);
  for (const auto* section : options.sections) {
    read_section(*section, root, flags, schema, config, env_reader, toml_report);
  }
}

}  // namespace detail
}  // namespace dbot::config
