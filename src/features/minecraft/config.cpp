#include "features/minecraft/config.hpp"

#include <array>

#include "core/config/checks.hpp"
#include "core/config/section_context.hpp"
#include "core/config/toml_read.hpp"

namespace dbot::features::minecraft {
using namespace config;
namespace {

template <typename T>
void assign(std::optional<T> value, T& field) {
  if (value) field = std::move(*value);
}

std::optional<DonatorSyncConfig> read_donator_sync(const toml::table& table, const Schema& schema, Reporter& report) {
  const std::string path = "minecraft.donator_sync_config";
  check_unknown_keys(table, path, path, schema, report);
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

std::optional<ChargebackConfig> read_chargeback(const toml::table& table, const Schema& schema, Reporter& report) {
  const std::string path = "minecraft.chargeback_config";
  check_unknown_keys(table, path, path, schema, report);
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

std::optional<MinecraftConfig> read_minecraft(const toml::table& table, const Schema& schema, Reporter& report) {
  check_unknown_keys(table, "minecraft", "minecraft", schema, report);
  MinecraftConfig section;
  assign(get_bool(table, "minecraft", "verify", report), section.verify);
  assign(get_bool(table, "minecraft", "donator_sync", report), section.donator_sync);
  assign(get_bool(table, "minecraft", "chargeback", report), section.chargeback);
  bool ok = true;
  if (const auto* sync = get_table(table, "minecraft", "donator_sync_config", report)) {
    section.donator_sync_config = read_donator_sync(*sync, schema, report);
    ok = ok && section.donator_sync_config.has_value();
  } else if (section.donator_sync) {
    report.warn("minecraft.donator_sync",
                "minecraft.donator_sync = true but [minecraft.donator_sync_config] missing; donator sync disabled");
    section.donator_sync = false;
  }
  if (const auto* chargeback = get_table(table, "minecraft", "chargeback_config", report)) {
    section.chargeback_config = read_chargeback(*chargeback, schema, report);
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

void read_plugin_env(EnvReader& read, MinecraftConfig& section) {
  if (auto url = read.optional("MC_VERIFY_URL")) {
    if (!is_http_url(*url)) {
      read.report().error("MC_VERIFY_URL", "must be an http:// or https:// URL");
    } else {
      while (!url->empty() && url->back() == '/') url->pop_back();
      section.verify_url = *url;
    }
  }
  section.verify_secret = read.optional_secret("MC_VERIFY_SECRET");
}

void warn_without_plugin(const MinecraftConfig& section, Reporter& report) {
  if (section.verify_url && section.verify_secret) return;
  if (section.verify) {
    report.warn("minecraft.verify", "MC_VERIFY_URL or MC_VERIFY_SECRET not set; verify will reply 'not configured'");
  }
  if (section.donator_sync) {
    report.warn("minecraft.donator_sync", "Donator sync enabled but MC_VERIFY_URL or MC_VERIFY_SECRET not set");
  }
  if (section.chargeback) {
    report.warn("minecraft.chargeback",
                "Chargeback enabled but MC_VERIFY_URL or MC_VERIFY_SECRET not set; the webhook is not mounted");
  }
}

std::any parse(SectionContext& context) {
  // The plugin variables are checked whether or not the section is on.
  MinecraftConfig plugin;
  read_plugin_env(context.env(), plugin);
  if (context.table() == nullptr) return {};
  auto section = read_minecraft(*context.table(), context.schema(), context.toml());
  if (!section) return {};
  section->verify_url = plugin.verify_url;
  section->verify_secret = plugin.verify_secret;
  if (context.enabled()) warn_without_plugin(*section, context.toml());
  return *section;
}

std::vector<ManagedRole> managed_roles(const std::any& value) {
  const auto& section = std::any_cast<const MinecraftConfig&>(value);
  std::vector<ManagedRole> roles;
  if (const auto& sync = section.donator_sync_config) {
    roles.push_back({"minecraft.donator_sync.supporter_role", sync->supporter_role});
    roles.push_back({"minecraft.donator_sync.premium_role", sync->premium_role});
  }
  if (const auto& chargeback = section.chargeback_config) {
    roles.push_back({"minecraft.chargeback.restricted_role", chargeback->restricted_role});
  }
  return roles;
}

constexpr std::string_view kEnv = kEnvSection;
constexpr std::array kSettings = std::to_array<SettingDoc>({
    {kEnv, "MC_VERIFY_URL", "unset", "http(s) URL; trailing `/` removed"},
    {kEnv, "MC_VERIFY_SECRET", "unset", "secret (bearer for the Minecraft plugin, both directions)"},
    {"features", "minecraft", "`false`", "turns on `[minecraft]`"},
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
});

}  // namespace

const ConfigSection& config_section() {
  static const ConfigSection section{
      .table = "minecraft",
      .flag = "minecraft",
      .missing_warning = "features.minecraft = true but [minecraft] config section missing; minecraft disabled",
      .settings = kSettings,
      .parse = parse,
      .managed_roles = managed_roles,
  };
  return section;
}

}  // namespace dbot::features::minecraft
