#include "discord/permissions.hpp"

#include <charconv>

namespace dbot::discord {

Permissions parse_permissions(std::string_view text) {
  std::uint64_t bits = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, bits);
  if (ec != std::errc() || ptr != end) return {};
  return {bits};
}

namespace {

bool contains(std::span<const Snowflake> ids, Snowflake id) {
  for (auto x : ids) {
    if (x == id) return true;
  }
  return false;
}

const RoleInfo* find_role(const GuildInfo& guild, Snowflake id) {
  for (const auto& role : guild.roles) {
    if (role.id == id) return &role;
  }
  return nullptr;
}

constexpr Permissions kTimeoutKeeps = permission::view_channel | permission::read_message_history;
constexpr Permissions kNeedSendMessages =
    permission::send_tts_messages | permission::mention_everyone | permission::embed_links | permission::attach_files;

}  // namespace

Permissions compute_base_permissions(const GuildInfo& guild, const MemberInfo& member) {
  if (member.user_id == guild.owner_id) return permission::all;
  Permissions result;
  if (const auto* everyone = find_role(guild, guild.id)) result = everyone->permissions;
  for (auto role_id : member.role_ids) {
    if (const auto* role = find_role(guild, role_id)) result |= role->permissions;
  }
  if (result.has(permission::administrator)) return permission::all;
  if (member.timed_out) result &= kTimeoutKeeps;
  return result;
}

Permissions compute_channel_permissions(const GuildInfo& guild, const MemberInfo& member,
                                        std::span<const PermissionOverwrite> overwrites, bool text_based_channel) {
  const auto base = compute_base_permissions(guild, member);
  if (base.has(permission::administrator) || member.user_id == guild.owner_id) return permission::all;

  auto result = base;
  // The @everyone overwrite first.
  for (const auto& ow : overwrites) {
    if (ow.type == PermissionOverwrite::Type::role && ow.id == guild.id) {
      result &= ~ow.deny;
      result |= ow.allow;
      break;
    }
  }
  // Role overwrites combined: every deny, then every allow, so an allow on
  // one of the member's roles beats a deny on another.
  Permissions role_allow;
  Permissions role_deny;
  for (const auto& ow : overwrites) {
    if (ow.type == PermissionOverwrite::Type::role && ow.id != guild.id && contains(member.role_ids, ow.id)) {
      role_allow |= ow.allow;
      role_deny |= ow.deny;
    }
  }
  result &= ~role_deny;
  result |= role_allow;
  // The member's own overwrite last.
  for (const auto& ow : overwrites) {
    if (ow.type == PermissionOverwrite::Type::member && ow.id == member.user_id) {
      result &= ~ow.deny;
      result |= ow.allow;
      break;
    }
  }
  // A timeout still applies after overwrites: they cannot give anything back.
  if (member.timed_out) result &= kTimeoutKeeps;
  // Implicit permissions.
  if (!result.has(permission::view_channel)) return {};
  if (text_based_channel && !result.has(permission::send_messages)) result &= ~kNeedSendMessages;
  return result;
}

int compare_roles(const RoleInfo& a, const RoleInfo& b) {
  if (a.position != b.position) return a.position > b.position ? 1 : -1;
  if (a.id == b.id) return 0;
  return a.id < b.id ? 1 : -1;
}

RoleInfo top_role(const GuildInfo& guild, std::span<const Snowflake> role_ids) {
  RoleInfo best{guild.id, 0, {}};
  if (const auto* everyone = find_role(guild, guild.id)) best = *everyone;
  for (auto id : role_ids) {
    const auto* role = find_role(guild, id);
    if (role && compare_roles(*role, best) > 0) best = *role;
  }
  return best;
}

bool outranks(const GuildInfo& guild, Snowflake actor, std::span<const Snowflake> actor_roles, Snowflake target,
              std::span<const Snowflake> target_roles) {
  if (target == guild.owner_id) return false;
  if (actor == guild.owner_id) return true;
  if (actor == target) return false;
  return compare_roles(top_role(guild, actor_roles), top_role(guild, target_roles)) > 0;
}

bool can_manage_role(const GuildInfo& guild, Snowflake actor, std::span<const Snowflake> actor_roles,
                     const RoleInfo& role) {
  if (actor == guild.owner_id) return true;
  return compare_roles(top_role(guild, actor_roles), role) > 0;
}

}  // namespace dbot::discord
