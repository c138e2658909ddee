// config.toml: identity, feature flags and feature sections.

#include <fstream>
#include <sstream>

#include "core/config/checks.hpp"
#include "core/config/toml_read.hpp"

namespace dbot::config::detail {
namespace {

template <typename T>
void assign(std::optional<T> value, T& field) {
  if (value) field = std::move(*value);
}

void read_features(const toml::table& table, Features& features, Reporter& report) {
  check_unknown_keys(table, "features", "features", report);
  assign(get_bool(table, "features", "minecraft", report), features.minecraft);
  assign(get_bool(table, "features", "auto_role", report), features.auto_role);
  assign(get_bool(table, "features", "join_role", report), features.join_role);
  assign(get_bool(table, "features", "welcome", report), features.welcome);
}

std::optional<AutoRole> read_auto_role(const toml::table& table, Reporter& report) {
  check_unknown_keys(table, "auto_role", "auto_role", report);
  AutoRole section;
  auto from = get_snowflake(table, "auto_role", "from_role", true, report);
  auto to = get_snowflake(table, "auto_role", "to_role", true, report);
  assign(get_duration(table, "auto_role", "min_age", false, report), section.min_age);
  assign(get_int(table, "auto_role", "min_messages", 0, 1'000'000'000, false, report), section.min_messages);
  assign(get_bool(table, "auto_role", "require_all", report), section.require_all);
  if (!from || !to) return std::nullopt;
  if (*from == *to) report.warn("auto_role.to_role", "is the same role as from_role; promotions will be skipped");
  section.from_role = *from;
  section.to_role = *to;
  return section;
}

std::optional<JoinRole> read_join_role(const toml::table& table, Reporter& report) {
  check_unknown_keys(table, "join_role", "join_role", report);
  auto role = get_snowflake(table, "join_role", "role", true, report);
  if (!role) return std::nullopt;
  return JoinRole{*role};
}

std::optional<Welcome> read_welcome(const toml::table& table, Reporter& report) {
  check_unknown_keys(table, "welcome", "welcome", report);
  Welcome section;
  auto channel = get_snowflake(table, "welcome", "channel", true, report);
  if (auto file = get_string(table, "welcome", "prompt_file", false, report)) {
    if (file->empty()) {
      report.error("welcome.prompt_file", "must not be empty");
    } else {
      section.prompt_file = *file;
    }
  }
  if (!channel) return std::nullopt;
  section.channel = *channel;
  return section;
}

std::optional<DonatorSyncConfig> read_donator_sync(const toml::table& table, Reporter& report) {
  const std::string path = "minecraft.donator_sync_config";
  check_unknown_keys(table, path, path, report);
  DonatorSyncConfig section;
  auto supporter = get_snowflake(table, path, "supporter_role", true, report);
  auto premium = get_snowflake(table, path, "premium_role", true, report);
  assign(get_duration(table, path, "check_interval", true, report), section.check_interval);
  assign(get_int(table, path, "max_removal_percent", 1, 100, false, report), section.max_removal_percent);
  if (!supporter || !premium) return std::nullopt;
  section.supporter_role = *supporter;
  section.premium_role = *premium;
  return section;
}

std::optional<ChargebackConfig> read_chargeback(const toml::table& table, Reporter& report) {
  const std::string path = "minecraft.chargeback_config";
  check_unknown_keys(table, path, path, report);
  ChargebackConfig section;
  auto channel = get_snowflake(table, path, "staff_channel", true, report);
  auto restricted = get_snowflake(table, path, "restricted_role", true, report);
  bool ok = channel && restricted;
  if (const toml::node* roles = table.get("staff_roles")) {
    const auto* array = roles->as_array();
    if (array == nullptr) {
      report.error(path + ".staff_roles", "must be a list of Discord ids in quotes");
      ok = false;
    } else {
      for (const auto& item : *array) {
        const auto* text = item.as_string();
        auto id = text ? Snowflake::parse(text->get()) : std::nullopt;
        if (!id) {
          report.error(path + ".staff_roles",
                       "every entry must be a Discord id in quotes, like \"123456789012345678\"");
          ok = false;
          break;
        }
        section.staff_roles.push_back(*id);
      }
    }
  } else {
    report.warn(path + ".staff_roles", "not set; nobody can press the Ban/Dismiss buttons");
  }
  if (!ok) return std::nullopt;
  section.staff_channel = *channel;
  section.restricted_role = *restricted;
  return section;
}

std::optional<Minecraft> read_minecraft(const toml::table& table, Reporter& report) {
  check_unknown_keys(table, "minecraft", "minecraft", report);
  Minecraft section;
  assign(get_bool(table, "minecraft", "verify", report), section.verify);
  assign(get_bool(table, "minecraft", "donator_sync", report), section.donator_sync);
  assign(get_bool(table, "minecraft", "chargeback", report), section.chargeback);
  bool ok = true;
  if (const auto* sync = get_table(table, "minecraft", "donator_sync_config", report)) {
    section.donator_sync_config = read_donator_sync(*sync, report);
    ok = ok && section.donator_sync_config.has_value();
  } else if (section.donator_sync) {
    report.warn("minecraft.donator_sync",
                "minecraft.donator_sync = true but [minecraft.donator_sync_config] missing; donator sync disabled");
    section.donator_sync = false;
  }
  if (const auto* chargeback = get_table(table, "minecraft", "chargeback_config", report)) {
    section.chargeback_config = read_chargeback(*chargeback, report);
    ok = ok && section.chargeback_config.has_value();
  } else if (section.chargeback) {
    report.warn("minecraft.chargeback",
                "minecraft.chargeback = true but [minecraft.chargeback_config] missing; chargeback alerts disabled");
    section.chargeback = false;
  }
  if (!ok) return std::nullopt;
  // A sub-table whose flag is off is validated but not kept.
  if (!section.donator_sync) section.donator_sync_config.reset();
  if (!section.chargeback) section.chargeback_config.reset();
  return section;
}

}  // namespace

bool read_config_toml(const std::filesystem::path& path, const LoadOptions& options, InstanceConfig& config,
                      Reporter& report) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    report.error("(file)", "not found; copy it from instances/example/config.toml");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in) {
    report.error("(file)", "cannot be read");
    return false;
  }
  toml::table root;
  try {
    root = toml::parse(buffer.str(), path.string());
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    report.error("line " + std::to_string(where.line), "not valid TOML: " + std::string(error.description()));
    return false;
  }

  check_unknown_keys(root, "", "", report);

  if (auto name = get_string(root, "", "bot_name", true, report)) {
    if (name->find_first_not_of(" \t") == std::string::npos) {
      report.error("bot_name", "must not be empty");
    } else {
      config.bot_name = *name;
    }
  }
  if (auto prefix = get_string(root, "", "command_prefix", true, report)) {
    if (prefix->empty()) {
      report.error("command_prefix", "must not be empty (the bot would treat every message as a command)");
    } else if (prefix->find_first_of(" \t\r\n") != std::string::npos) {
      report.error("command_prefix", "must not contain whitespace");
    } else {
      config.command_prefix = *prefix;
    }
  }
  if (auto root_name = get_string(root, "", "command_root", false, report)) {
    if (root_name->find_first_of(" \t\r\n\f\v") != std::string::npos) {
      report.error("command_root",
                   "'" + *root_name + "' contains whitespace; must be a single token (or empty for flat commands)");
    } else {
      config.command_root = *root_name;
    }
  }
  if (auto file = get_string(root, "", "personality_file", false, report)) {
    if (file->empty()) {
      report.error("personality_file", "must not be empty");
    } else {
      config.personality_file = *file;
    }
  }
  if (auto zone = get_string(root, "", "timezone", false, report)) {
    if (!is_known_time_zone(*zone, options.zoneinfo_dir)) {
      report.error("timezone", "'" + *zone + "' is not a known IANA time zone; use a name like America/Toronto");
    } else {
      config.timezone = *zone;
    }
  }

  Features flags;
  if (const auto* features = get_table(root, "", "features", report)) read_features(*features, flags, report);

  const toml::node* ai_node = root.get("ai");
  const auto* ai_table = get_table(root, "", "ai", report);
  if (ai_node == nullptr || ai_table != nullptr) read_ai_table(ai_table, config.ai, report);

  // Sections are validated even when their flag is off (they may be turned
  // on later), but only kept when the flag is on.
  std::optional<AutoRole> auto_role;
  std::optional<JoinRole> join_role;
  std::optional<Welcome> welcome;
  std::optional<Minecraft> minecraft;
  if (const auto* t = get_table(root, "", "auto_role", report)) auto_role = read_auto_role(*t, report);
  if (const auto* t = get_table(root, "", "join_role", report)) join_role = read_join_role(*t, report);
  if (const auto* t = get_table(root, "", "welcome", report)) welcome = read_welcome(*t, report);
  if (const auto* t = get_table(root, "", "minecraft", report)) minecraft = read_minecraft(*t, report);

  config.features = flags;
  if (flags.auto_role) {
    if (!root.contains("auto_role")) {
      report.warn("features.auto_role",
                  "Auto-role feature enabled but [auto_role] config section missing; auto-role disabled");
    }
    config.auto_role = auto_role;
    config.features.auto_role = auto_role.has_value();
  }
  if (flags.join_role) {
    if (!root.contains("join_role")) {
      report.warn("features.join_role",
                  "Join-role feature enabled but [join_role] config section missing; join-role disabled");
    }
    config.join_role = join_role;
    config.features.join_role = join_role.has_value();
  }
  if (flags.minecraft) {
    if (!root.contains("minecraft")) {
      report.warn("features.minecraft",
                  "features.minecraft = true but [minecraft] config section missing; minecraft disabled");
    }
    config.minecraft = minecraft;
    config.features.minecraft = minecraft.has_value();
  }
  if (flags.welcome) {
    if (!root.contains("welcome")) {
      report.warn("features.welcome",
                  "Welcome feature enabled but [welcome] config section missing (prompt file missing or empty); "
                  "welcome disabled");
    }
    config.welcome = welcome;
    config.features.welcome = welcome.has_value();
  }

  if (const auto* t = get_table(root, "", "moderation", report)) {
    check_unknown_keys(*t, "moderation", "moderation", report);
    assign(get_duration(*t, "moderation", "tempban_check_interval", false, report),
           config.moderation.tempban_check_interval);
  }
  if (const auto* t = get_table(root, "", "stocks", report)) {
    check_unknown_keys(*t, "stocks", "stocks", report);
    assign(get_duration(*t, "stocks", "max_quote_age", false, report), config.stocks.max_quote_age);
  }
  return true;
}

}  // namespace dbot::config::detail
