#include "sim/permissions.hpp"

namespace dbot::sim::perm {
namespace {

bool timed_out(const Member& member, Clock::time_point now) {
  return member.communication_disabled_until && *member.communication_disabled_until > now;
}

std::uint64_t apply_timeout(std::uint64_t permissions, const Member& member, Clock::time_point now) {
  if (timed_out(member, now)) return permissions & (kViewChannel | kReadMessageHistory);
  return permissions;
}

}  // namespace

std::uint64_t base_permissions(const Guild& guild, const Member& member, Clock::time_point now) {
  if (member.user_id == guild.owner_id) return kAll;
  std::uint64_t permissions = 0;
  if (auto everyone = guild.roles.find(guild.id); everyone != guild.roles.end())
    permissions = everyone->second.permissions;
  for (Id role_id : member.roles) {
    if (auto role = guild.roles.find(role_id); role != guild.roles.end()) permissions |= role->second.permissions;
  }
  if (permissions & kAdministrator) return kAll;
  return apply_timeout(permissions, member, now);
}

std::uint64_t channel_permissions(const Guild& guild, const Member& member, const Channel& channel,
                                  Clock::time_point now) {
  if (member.user_id == guild.owner_id) return kAll;
  // Compute without the timeout first: ADMINISTRATOR is decided on the roles alone.
  std::uint64_t permissions = 0;
  if (auto everyone = guild.roles.find(guild.id); everyone != guild.roles.end())
    permissions = everyone->second.permissions;
  for (Id role_id : member.roles) {
    if (auto role = guild.roles.find(role_id); role != guild.roles.end()) permissions |= role->second.permissions;
  }
  if (permissions & kAdministrator) return kAll;

  // 1. The @everyone overwrite.
  for (const auto& ow : channel.overwrites) {
    if (ow.type == 0 && ow.id == guild.id) {
      permissions &= ~ow.deny;
      permissions |= ow.allow;
    }
  }
  // 2. Role overwrites, all denies and all allows combined.
  std::uint64_t allow = 0;
  std::uint64_t deny = 0;
  for (const auto& ow : channel.overwrites) {
    if (ow.type != 0 || ow.id == guild.id) continue;
    for (Id role_id : member.roles) {
      if (role_id == ow.id) {
        allow |= ow.allow;
        deny |= ow.deny;
      }
    }
  }
  permissions &= ~deny;
  permissions |= allow;
  // 3. The member's own overwrite.
  for (const auto& ow : channel.overwrites) {
    if (ow.type == 1 && ow.id == member.user_id) {
      permissions &= ~ow.deny;
      permissions |= ow.allow;
    }
  }
  return apply_timeout(permissions, member, now);
}

int highest_role_position(const Guild& guild, const Member& member) {
  int best = 0;
  for (Id role_id : member.roles) {
    if (auto role = guild.roles.find(role_id); role != guild.roles.end() && role->second.position > best)
      best = role->second.position;
  }
  return best;
}

bool outranks(const Guild& guild, Id actor, Id target) {
  if (actor == target) return false;
  if (target == guild.owner_id) return false;
  if (actor == guild.owner_id) return true;
  auto a = guild.members.find(actor);
  if (a == guild.members.end()) return false;
  auto t = guild.members.find(target);
  if (t == guild.members.end()) return true;  // not a member: nothing to outrank (bans of non-members)
  return highest_role_position(guild, a->second) > highest_role_position(guild, t->second);
}

bool can_manage_role(const Guild& guild, Id actor, Id role_id) {
  if (actor == guild.owner_id) return true;
  auto a = guild.members.find(actor);
  auto role = guild.roles.find(role_id);
  if (a == guild.members.end() || role == guild.roles.end()) return false;
  return highest_role_position(guild, a->second) > role->second.position;
}

}  // namespace dbot::sim::perm
