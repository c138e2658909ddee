#pragma once
// Discord permission bits (flag values from the Permissions page of Discord's
// documentation), the base/channel permission computation and the role
// hierarchy comparison that moderation checks rely on.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/snowflake.hpp"

namespace dbot::discord {

struct Permissions {
  std::uint64_t bits = 0;

  constexpr bool has(Permissions p) const { return (bits & p.bits) == p.bits; }
  constexpr bool any(Permissions p) const { return (bits & p.bits) != 0; }
  constexpr Permissions operator|(Permissions o) const { return {bits | o.bits}; }
  constexpr Permissions operator&(Permissions o) const { return {bits & o.bits}; }
  constexpr Permissions operator~() const { return {~bits}; }
  constexpr Permissions& operator|=(Permissions o) {
    bits |= o.bits;
    return *this;
  }
  constexpr Permissions& operator&=(Permissions o) {
    bits &= o.bits;
    return *this;
  }
  friend constexpr bool operator==(Permissions, Permissions) = default;
};

namespace permission {
constexpr Permissions bit(unsigned n) { return {std::uint64_t{1} << n}; }
inline constexpr Permissions create_instant_invite = bit(0);
inline constexpr Permissions kick_members = bit(1);
inline constexpr Permissions ban_members = bit(2);
inline constexpr Permissions administrator = bit(3);
inline constexpr Permissions manage_channels = bit(4);
inline constexpr Permissions manage_guild = bit(5);
inline constexpr Permissions add_reactions = bit(6);
inline constexpr Permissions view_audit_log = bit(7);
inline constexpr Permissions priority_speaker = bit(8);
inline constexpr Permissions stream = bit(9);
inline constexpr Permissions view_channel = bit(10);
inline constexpr Permissions send_messages = bit(11);
inline constexpr Permissions send_tts_messages = bit(12);
inline constexpr Permissions manage_messages = bit(13);
inline constexpr Permissions embed_links = bit(14);
inline constexpr Permissions attach_files = bit(15);
inline constexpr Permissions read_message_history = bit(16);
inline constexpr Permissions mention_everyone = bit(17);
inline constexpr Permissions use_external_emojis = bit(18);
inline constexpr Permissions view_guild_insights = bit(19);
inline constexpr Permissions connect = bit(20);
inline constexpr Permissions speak = bit(21);
inline constexpr Permissions mute_members = bit(22);
inline constexpr Permissions deafen_members = bit(23);
inline constexpr Permissions move_members = bit(24);
inline constexpr Permissions use_vad = bit(25);
inline constexpr Permissions change_nickname = bit(26);
inline constexpr Permissions manage_nicknames = bit(27);
inline constexpr Permissions manage_roles = bit(28);
inline constexpr Permissions manage_webhooks = bit(29);
inline constexpr Permissions manage_guild_expressions = bit(30);
inline constexpr Permissions use_application_commands = bit(31);
inline constexpr Permissions request_to_speak = bit(32);
inline constexpr Permissions manage_events = bit(33);
inline constexpr Permissions manage_threads = bit(34);
inline constexpr Permissions create_public_threads = bit(35);
inline constexpr Permissions create_private_threads = bit(36);
inline constexpr Permissions use_external_stickers = bit(37);
inline constexpr Permissions send_messages_in_threads = bit(38);
inline constexpr Permissions use_embedded_activities = bit(39);
inline constexpr Permissions moderate_members = bit(40);
inline constexpr Permissions view_creator_monetization_analytics = bit(41);
inline constexpr Permissions use_soundboard = bit(42);
inline constexpr Permissions create_guild_expressions = bit(43);
inline constexpr Permissions create_events = bit(44);
inline constexpr Permissions use_external_sounds = bit(45);
inline constexpr Permissions send_voice_messages = bit(46);
inline constexpr Permissions send_polls = bit(49);
inline constexpr Permissions use_external_apps = bit(50);
inline constexpr Permissions pin_messages = bit(51);
inline constexpr Permissions bypass_slowmode = bit(52);

// Every bit Discord defines today; what an owner or administrator has.
inline constexpr Permissions all{((std::uint64_t{1} << 47) - 1) | bit(49).bits | bit(50).bits | bit(51).bits |
                                 bit(52).bits};
}  // namespace permission

// Parses the decimal string Discord sends for permission fields; 0 on junk.
Permissions parse_permissions(std::string_view text);

// What permission computation needs to know about a role.
struct RoleInfo {
  Snowflake id;
  std::int32_t position = 0;
  Permissions permissions;
};

struct PermissionOverwrite {
  enum class Type : std::uint8_t { role = 0, member = 1 };
  Snowflake id;
  Type type = Type::role;
  Permissions allow;
  Permissions deny;
};

// The member being evaluated: their id, role ids (without @everyone) and
// whether a timeout is active right now.
struct MemberInfo {
  Snowflake user_id;
  std::span<const Snowflake> role_ids;
  bool timed_out = false;
};

struct GuildInfo {
  Snowflake id;  // the @everyone role has the guild's id
  Snowflake owner_id;
  // All the guild's roles, including @everyone; order does not matter.
  std::span<const RoleInfo> roles;
};

// Guild-level permissions: @everyone | member roles; owner and ADMINISTRATOR
// get everything; an active timeout leaves VIEW_CHANNEL and
// READ_MESSAGE_HISTORY only (owners and administrators cannot be timed out).
Permissions compute_base_permissions(const GuildInfo& guild, const MemberInfo& member);

// Channel-level permissions: base, then the @everyone overwrite, the member's
// role overwrites (all denies, then all allows), then the member overwrite.
// Implicit rules: no VIEW_CHANNEL means nothing; in text channels no
// SEND_MESSAGES also removes TTS, MENTION_EVERYONE, EMBED_LINKS and
// ATTACH_FILES.
Permissions compute_channel_permissions(const GuildInfo& guild, const MemberInfo& member,
                                        std::span<const PermissionOverwrite> overwrites,
                                        bool text_based_channel = true);

// Role ordering: higher position wins; equal positions are ordered by id, the
// older (smaller) id ranking higher. Returns >0 when a ranks above b.
int compare_roles(const RoleInfo& a, const RoleInfo& b);

// The member's highest role (the @everyone role when they have none).
RoleInfo top_role(const GuildInfo& guild, std::span<const Snowflake> role_ids);

// True when `actor` may act on `target` (kick, ban, timeout, edit roles):
// nobody acts on the owner, the owner acts on everyone else, otherwise the
// actor's top role must rank strictly above the target's.
bool outranks(const GuildInfo& guild, Snowflake actor, std::span<const Snowflake> actor_roles, Snowflake target,
              std::span<const Snowflake> target_roles);

// True when a member with `actor_roles` may assign or edit `role`.
bool can_manage_role(const GuildInfo& guild, Snowflake actor, std::span<const Snowflake> actor_roles,
                     const RoleInfo& role);

}  // namespace dbot::discord
