#include "features/roles/config.hpp"

#include <array>

#include "core/config/section_context.hpp"
#include "core/config/toml_read.hpp"

namespace dbot::features::roles {
using namespace config;
namespace {

template <typename T>
void assign(std::optional<T> value, T& field) {
  if (value) field = std::move(*value);
}

std::any parse_auto_role(SectionContext& context) {
  if (context.table() == nullptr) return {};
  const auto& table = *context.table();
  Reporter& report = context.toml();
  check_unknown_keys(table, "auto_role", "auto_role", context.schema(), report);
  AutoRoleConfig section;
  auto from = get_snowflake(table, "auto_role", "from_role", true, report);
  auto to = get_snowflake(table, "auto_role", "to_role", true, report);
  assign(get_duration(table, "auto_role", "min_age", false, report), section.min_age);
  assign(get_int(table, "auto_role", "min_messages", 0, 1'000'000'000, false, report), section.min_messages);
  assign(get_bool(table, "auto_role", "require_all", report), section.require_all);
  if (!from || !to) return {};
  if (*from == *to) report.warn("auto_role.to_role", "is the same role as from_role; promotions will be skipped");
  section.from_role = *from;
  section.to_role = *to;
  return section;
}

std::any parse_join_role(SectionContext& context) {
  if (context.table() == nullptr) return {};
  check_unknown_keys(*context.table(), "join_role", "join_role", context.schema(), context.toml());
  auto role = get_snowflake(*context.table(), "join_role", "role", true, context.toml());
  if (!role) return {};
  return JoinRoleConfig{*role};
}

std::vector<ManagedRole> auto_role_roles(const std::any& value) {
  const auto& section = std::any_cast<const AutoRoleConfig&>(value);
  return {{"auto_role.from_role", section.from_role}, {"auto_role.to_role", section.to_role}};
}

std::vector<ManagedRole> join_role_roles(const std::any& value) {
  return {{"join_role.role", std::any_cast<const JoinRoleConfig&>(value).role}};
}

constexpr std::array kAutoRoleSettings = std::to_array<SettingDoc>({
    {"features", "auto_role", "`false`", "turns on `[auto_role]`"},
    {"auto_role", "from_role", "required", "Discord id (the same id as `to_role` is a warning)"},
    {"auto_role", "to_role", "required", "Discord id"},
    {"auto_role", "min_age", "`\"3d\"`", "duration"},
    {"auto_role", "min_messages", "`20`", "0–1000000000"},
    {"auto_role", "require_all", "`false`", "`false`: either criterion suffices"},
});

constexpr std::array kJoinRoleSettings = std::to_array<SettingDoc>({
    {"features", "join_role", "`false`", "turns on `[join_role]`"},
    {"join_role", "role", "required", "Discord id"},
});

}  // namespace

const ConfigSection& auto_role_section() {
  static const ConfigSection section{
      .table = "auto_role",
      .flag = "auto_role",
      .missing_warning = "Auto-role feature enabled but [auto_role] config section missing; auto-role disabled",
      .settings = kAutoRoleSettings,
      .parse = parse_auto_role,
      .managed_roles = auto_role_roles,
  };
  return section;
}

const ConfigSection& join_role_section() {
  static const ConfigSection section{
      .table = "join_role",
      .flag = "join_role",
      .missing_warning = "Join-role feature enabled but [join_role] config section missing; join-role disabled",
      .settings = kJoinRoleSettings,
      .parse = parse_join_role,
      .managed_roles = join_role_roles,
  };
  return section;
}

}  // namespace dbot::features::roles
