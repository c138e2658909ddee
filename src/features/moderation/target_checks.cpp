#include "features/moderation/target_checks.hpp"

#include <fmt/format.h>

#include "discord/cache.hpp"

namespace dbot::features::moderation {

std::string refusal_for_target(const discord::Cache& cache, const TargetCheck& check) {
  if (check.target == check.moderator) return "You can't use that on yourself.";
  if (check.target == check.bot) return "I won't use that on myself.";
  const auto guild = cache.guild(check.guild);
  if (!guild) return "I can't see this server's roles yet; try again in a moment.";
  if (check.target == guild->owner_id) return "The server owner can't be moderated.";
  const auto moderator_outranks = cache.outranks(check.guild, check.moderator, check.target);
  if (!moderator_outranks) return fmt::format("I can't find **{}** in this server.", check.target_name);
  if (!*moderator_outranks)
    return fmt::format("**{}**'s highest role is at or above yours, so you can't do that.", check.target_name);
  if (check.bot_must_outrank) {
    const auto bot_outranks = cache.outranks(check.guild, check.bot, check.target);
    if (!bot_outranks || !*bot_outranks)
      return fmt::format(
          "**{}**'s highest role is at or above mine, so Discord won't let me do that. Move my role "
          "above theirs in Server Settings → Roles.",
          check.target_name);
  }
  return {};
}

}  // namespace dbot::features::moderation
