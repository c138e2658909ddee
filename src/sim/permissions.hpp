#pragma once
// Discord's permission computation (developers/topics/permissions.mdx):
// base permissions from @everyone and the member's roles, then channel
// overwrites in order @everyone -> roles (allows and denies combined) ->
// member. The owner and ADMINISTRATOR get everything; a timed-out member
// keeps only VIEW_CHANNEL and READ_MESSAGE_HISTORY.

#include <cstdint>

#include "sim/world.hpp"

namespace dbot::sim::perm {

inline constexpr std::uint64_t kCreateInstantInvite = 1ULL << 0;
inline constexpr std::uint64_t kKickMembers = 1ULL << 1;
inline constexpr std::uint64_t kBanMembers = 1ULL << 2;
inline constexpr std::uint64_t kAdministrator = 1ULL << 3;
inline constexpr std::uint64_t kManageChannels = 1ULL << 4;
inline constexpr std::uint64_t kManageGuild = 1ULL << 5;
inline constexpr std::uint64_t kAddReactions = 1ULL << 6;
inline constexpr std::uint64_t kViewAuditLog = 1ULL << 7;
inline constexpr std::uint64_t kViewChannel = 1ULL << 10;
inline constexpr std::uint64_t kSendMessages = 1ULL << 11;
inline constexpr std::uint64_t kManageMessages = 1ULL << 13;
inline constexpr std::uint64_t kEmbedLinks = 1ULL << 14;
inline constexpr std::uint64_t kAttachFiles = 1ULL << 15;
inline constexpr std::uint64_t kReadMessageHistory = 1ULL << 16;
inline constexpr std::uint64_t kMentionEveryone = 1ULL << 17;
inline constexpr std::uint64_t kUseExternalEmojis = 1ULL << 18;
inline constexpr std::uint64_t kConnect = 1ULL << 20;
inline constexpr std::uint64_t kSpeak = 1ULL << 21;
inline constexpr std::uint64_t kChangeNickname = 1ULL << 26;
inline constexpr std::uint64_t kManageNicknames = 1ULL << 27;
inline constexpr std::uint64_t kManageRoles = 1ULL << 28;
inline constexpr std::uint64_t kManageWebhooks = 1ULL << 29;
inline constexpr std::uint64_t kManageGuildExpressions = 1ULL << 30;
inline constexpr std::uint64_t kUseApplicationCommands = 1ULL << 31;
inline constexpr std::uint64_t kModerateMembers = 1ULL << 40;
// Every permission bit Discord defines up to bit 50.
inline constexpr std::uint64_t kAll = (1ULL << 51) - 1;

// @everyone, as the default world sets it.
inline constexpr std::uint64_t kDefaultEveryone =
    kCreateInstantInvite | kAddReactions | kViewChannel | kSendMessages | kEmbedLinks | kAttachFiles |
    kReadMessageHistory | kUseExternalEmojis | kConnect | kSpeak | kChangeNickname | kUseApplicationCommands;

// Guild-level permissions of a member (no channel overwrites).
std::uint64_t base_permissions(const Guild& guild, const Member& member, Clock::time_point now);
// Permissions of a member in a channel of that guild.
std::uint64_t channel_permissions(const Guild& guild, const Member& member, const Channel& channel,
                                  Clock::time_point now);

// The position of the member's highest role (0 for @everyone only).
int highest_role_position(const Guild& guild, const Member& member);
// Whether `actor` may ban/kick/time out/edit `target` by role hierarchy:
// the owner may act on anyone else; nobody may act on the owner; otherwise
// the actor's highest role must be strictly above the target's.
bool outranks(const Guild& guild, Id actor, Id target);
// Whether `actor` may assign or edit role `role_id` (its highest role is above it, or owner).
bool can_manage_role(const Guild& guild, Id actor, Id role_id);

}  // namespace dbot::sim::perm
