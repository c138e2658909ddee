#include "features/roles/role_guard.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "core/clock.hpp"
#include "discord/permissions.hpp"

namespace dbot::features::roles {

std::string why_bot_cannot_assign(bot::Instance& instance, Snowflake guild, Snowflake role) {
  auto& cache = instance.cache();
  const auto known = cache.role(guild, role);
  if (!known) return fmt::format("role {} does not exist in guild {}", role.str(), guild.str());
  if (known->managed)
    return fmt::format("role '{}' is managed by an integration and can't be assigned by bots", known->name);
  const auto self = instance.self_id();
  const auto permissions = cache.guild_permissions(guild, self, unix_now_ms());
  if (!permissions) return fmt::format("the bot's own member in guild {} is not known yet", guild.str());
  if (!permissions->has(discord::permission::manage_roles))
    return fmt::format("the bot lacks the Manage Roles permission in guild {}", guild.str());
  const auto manageable = cache.can_manage_role(guild, self, role);
  if (!manageable || !*manageable)
    return fmt::format("role '{}' is at or above the bot's highest role; move the bot's role above it", known->name);
  return {};
}

void RoleProblemLog::report(const std::string& instance, const std::string& feature, Snowflake guild, Snowflake role,
                            const std::string& why) {
  auto& last = last_[{guild.value, role.value}];
  if (last == why) return;
  last = why;
  spdlog::warn("[{}] {}: can't assign role {} in guild {}: {}", instance, feature, role.str(), guild.str(), why);
}

}  // namespace dbot::features::roles
