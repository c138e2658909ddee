#include "discord/permissions.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using namespace dbot::discord;
using dbot::Snowflake;
namespace p = dbot::discord::permission;

constexpr Snowflake kGuild{100};
constexpr Snowflake kOwner{1};
constexpr Snowflake kAlice{2};
constexpr Snowflake kRoleA{200};
constexpr Snowflake kRoleB{201};
constexpr Snowflake kRoleMod{202};

struct Fixture {
  std::vector<RoleInfo> roles{
      {kGuild, 0, p::view_channel | p::send_messages | p::read_message_history | p::add_reactions},
      {kRoleA, 5, p::embed_links},
      {kRoleB, 3, p::administrator},
      {kRoleMod, 4, p::kick_members | p::moderate_members},
  };
  GuildInfo guild() const { return {kGuild, kOwner, roles}; }
};

TEST(Permissions, FlagValuesMatchDiscordsTable) {
  EXPECT_EQ(p::create_instant_invite.bits, 0x1u);
  EXPECT_EQ(p::kick_members.bits, 0x2u);
  EXPECT_EQ(p::administrator.bits, 0x8u);
  EXPECT_EQ(p::view_channel.bits, 0x400u);
  EXPECT_EQ(p::send_messages.bits, 0x800u);
  EXPECT_EQ(p::manage_roles.bits, 0x10000000u);
  EXPECT_EQ(p::moderate_members.bits, 0x10000000000u);
  EXPECT_EQ(p::send_polls.bits, 0x2000000000000u);
  EXPECT_TRUE(p::all.has(p::send_voice_messages | p::use_external_apps | p::create_instant_invite));
  EXPECT_FALSE(p::all.any(p::bit(47) | p::bit(48)));
}

TEST(Permissions, ParsesDecimalStrings) {
  EXPECT_EQ(parse_permissions("2048"), p::send_messages);
  EXPECT_EQ(parse_permissions("1099511627776"), p::moderate_members);
  EXPECT_EQ(parse_permissions("x"), Permissions{});
  EXPECT_EQ(parse_permissions(""), Permissions{});
}

TEST(Permissions, BaseIsEveryoneOrRoles) {
  Fixture f;
  std::vector<Snowflake> roles{kRoleA};
  auto base = compute_base_permissions(f.guild(), {kAlice, roles, false});
  EXPECT_EQ(base, f.roles[0].permissions | p::embed_links);
  std::vector<Snowflake> none;
  EXPECT_EQ(compute_base_permissions(f.guild(), {kAlice, none, false}), f.roles[0].permissions);
}

TEST(Permissions, OwnerAndAdministratorGetEverything) {
  Fixture f;
  std::vector<Snowflake> none;
  EXPECT_EQ(compute_base_permissions(f.guild(), {kOwner, none, false}), p::all);
  // Docs: A is the highest role, B has ADMINISTRATOR: the user can do anything.
  std::vector<Snowflake> ab{kRoleA, kRoleB};
  EXPECT_EQ(compute_base_permissions(f.guild(), {kAlice, ab, false}), p::all);
  // Administrators bypass channel overwrites.
  std::vector<PermissionOverwrite> deny_all{{kGuild, PermissionOverwrite::Type::role, {}, p::all},
                                            {kAlice, PermissionOverwrite::Type::member, {}, p::all}};
  EXPECT_EQ(compute_channel_permissions(f.guild(), {kAlice, ab, false}, deny_all), p::all);
  EXPECT_EQ(compute_channel_permissions(f.guild(), {kOwner, none, false}, deny_all), p::all);
}

TEST(Permissions, TimeoutKeepsOnlyViewAndHistory) {
  Fixture f;
  std::vector<Snowflake> roles{kRoleA, kRoleMod};
  auto base = compute_base_permissions(f.guild(), {kAlice, roles, true});
  EXPECT_EQ(base, p::view_channel | p::read_message_history);
  // Overwrites cannot give a timed-out member anything back.
  std::vector<PermissionOverwrite> allow{{kAlice, PermissionOverwrite::Type::member, p::send_messages, {}}};
  EXPECT_EQ(compute_channel_permissions(f.guild(), {kAlice, roles, true}, allow),
            p::view_channel | p::read_message_history);
  // Administrators are not affected by a timeout.
  std::vector<Snowflake> admin{kRoleB};
  EXPECT_EQ(compute_base_permissions(f.guild(), {kAlice, admin, true}), p::all);
}

TEST(Permissions, OverwritesApplyInDiscordsOrder) {
  Fixture f;
  std::vector<Snowflake> roles{kRoleA, kRoleMod};
  using T = PermissionOverwrite::Type;
  // 3-4: @everyone denies SEND_MESSAGES and allows ATTACH_FILES.
  std::vector<PermissionOverwrite> ow{{kGuild, T::role, p::attach_files, p::send_messages}};
  auto perms = compute_channel_permissions(f.guild(), {kAlice, roles, false}, ow);
  EXPECT_FALSE(perms.has(p::send_messages));
  // Implicit: without SEND_MESSAGES, ATTACH_FILES and EMBED_LINKS are gone too.
  EXPECT_FALSE(perms.any(p::attach_files | p::embed_links));
  EXPECT_TRUE(perms.has(p::view_channel | p::add_reactions));
  // ...but not in a channel that is not text based.
  auto voice = compute_channel_permissions(f.guild(), {kAlice, roles, false}, ow, false);
  EXPECT_TRUE(voice.has(p::attach_files | p::embed_links));

  // 5-6: a role allow beats another role's deny, and beats the @everyone deny.
  ow.push_back({kRoleA, T::role, p::send_messages, {}});
  ow.push_back({kRoleMod, T::role, {}, p::send_messages | p::add_reactions});
  perms = compute_channel_permissions(f.guild(), {kAlice, roles, false}, ow);
  EXPECT_TRUE(perms.has(p::send_messages | p::attach_files));
  EXPECT_FALSE(perms.has(p::add_reactions));
  // Overwrites for roles the member lacks do not apply.
  std::vector<Snowflake> only_mod{kRoleMod};
  perms = compute_channel_permissions(f.guild(), {kAlice, only_mod, false}, ow);
  EXPECT_FALSE(perms.has(p::send_messages));

  // 7-8: the member overwrite wins over everything before it.
  ow.push_back({kAlice, T::member, p::add_reactions, p::send_messages});
  perms = compute_channel_permissions(f.guild(), {kAlice, roles, false}, ow);
  EXPECT_TRUE(perms.has(p::add_reactions));
  EXPECT_FALSE(perms.has(p::send_messages));
  // Another member's overwrite does not.
  perms = compute_channel_permissions(f.guild(), {Snowflake{3}, roles, false}, ow);
  EXPECT_TRUE(perms.has(p::send_messages));
}

TEST(Permissions, NoViewChannelMeansNothing) {
  Fixture f;
  std::vector<Snowflake> roles{kRoleMod};
  using T = PermissionOverwrite::Type;
  std::vector<PermissionOverwrite> ow{{kGuild, T::role, {}, p::view_channel}};
  EXPECT_EQ(compute_channel_permissions(f.guild(), {kAlice, roles, false}, ow), Permissions{});
  ow.push_back({kRoleMod, T::role, p::view_channel, {}});
  EXPECT_TRUE(
      compute_channel_permissions(f.guild(), {kAlice, roles, false}, ow).has(p::view_channel | p::kick_members));
}

TEST(Hierarchy, PositionThenIdOwnerAboveAll) {
  Fixture f;
  auto g = f.guild();
  std::vector<Snowflake> a{kRoleA}, mod{kRoleMod}, b{kRoleB}, none;
  // A (5) outranks mod (4); mod does not outrank A.
  EXPECT_TRUE(outranks(g, kAlice, a, Snowflake{3}, mod));
  EXPECT_FALSE(outranks(g, kAlice, mod, Snowflake{3}, a));
  // Equal top roles: nobody outranks the other.
  EXPECT_FALSE(outranks(g, kAlice, a, Snowflake{3}, a));
  // Hierarchy is by position, not by permissions: ADMINISTRATOR at 3 is below mod at 4.
  EXPECT_TRUE(outranks(g, kAlice, mod, Snowflake{3}, b));
  // Owner above all, nobody acts on the owner, nobody on themselves.
  EXPECT_TRUE(outranks(g, kOwner, none, kAlice, a));
  EXPECT_FALSE(outranks(g, kAlice, a, kOwner, none));
  EXPECT_FALSE(outranks(g, kAlice, a, kAlice, a));
  // A member with roles outranks one with only @everyone.
  EXPECT_TRUE(outranks(g, kAlice, mod, Snowflake{3}, none));
  EXPECT_FALSE(outranks(g, kAlice, none, Snowflake{3}, none));
}

TEST(Hierarchy, TiesOnPositionAreBrokenByIdOlderFirst) {
  RoleInfo older{Snowflake{10}, 2, {}};
  RoleInfo newer{Snowflake{20}, 2, {}};
  EXPECT_GT(compare_roles(older, newer), 0);
  EXPECT_LT(compare_roles(newer, older), 0);
  EXPECT_EQ(compare_roles(older, older), 0);
  EXPECT_GT(compare_roles(RoleInfo{Snowflake{20}, 3, {}}, older), 0);
}

TEST(Hierarchy, ManagingRolesNeedsAHigherTopRole) {
  Fixture f;
  auto g = f.guild();
  std::vector<Snowflake> mod{kRoleMod};
  EXPECT_TRUE(can_manage_role(g, kAlice, mod, f.roles[2]));   // B at 3
  EXPECT_FALSE(can_manage_role(g, kAlice, mod, f.roles[3]));  // itself
  EXPECT_FALSE(can_manage_role(g, kAlice, mod, f.roles[1]));  // A at 5
  EXPECT_TRUE(can_manage_role(g, kOwner, {}, f.roles[1]));
  auto top = top_role(g, std::vector<Snowflake>{kRoleB, kRoleA, kRoleMod});
  EXPECT_EQ(top.id, kRoleA);
  EXPECT_EQ(top_role(g, {}).id, kGuild);
}

TEST(Permissions, MemberOverwriteCanGiveBackViewChannel) {
  // A private channel: @everyone and a role deny VIEW_CHANNEL, one member is let in.
  Fixture f;
  std::vector<Snowflake> roles{kRoleA};
  using T = PermissionOverwrite::Type;
  std::vector<PermissionOverwrite> ow{{kGuild, T::role, {}, p::view_channel},
                                      {kRoleA, T::role, {}, p::view_channel},
                                      {kAlice, T::member, p::view_channel, {}}};
  auto perms = compute_channel_permissions(f.guild(), {kAlice, roles, false}, ow);
  EXPECT_TRUE(perms.has(p::view_channel | p::send_messages | p::embed_links));
  EXPECT_EQ(compute_channel_permissions(f.guild(), {Snowflake{3}, roles, false}, ow), Permissions{});
}

TEST(Permissions, EveryoneOverwriteCanGrantWhatTheBaseLacks) {
  // Channel-level moderators: MANAGE_MESSAGES only in this channel.
  Fixture f;
  std::vector<Snowflake> none;
  using T = PermissionOverwrite::Type;
  EXPECT_FALSE(compute_base_permissions(f.guild(), {kAlice, none, false}).has(p::manage_messages));
  std::vector<PermissionOverwrite> ow{{kGuild, T::role, p::manage_messages, {}}};
  EXPECT_TRUE(compute_channel_permissions(f.guild(), {kAlice, none, false}, ow).has(p::manage_messages));
  // A role deny of the same bit then wins over the @everyone allow.
  std::vector<Snowflake> mod{kRoleMod};
  ow.push_back({kRoleMod, T::role, {}, p::manage_messages});
  EXPECT_FALSE(compute_channel_permissions(f.guild(), {kAlice, mod, false}, ow).has(p::manage_messages));
}

TEST(Permissions, TimedOutMemberInAHiddenChannelGetsNothing) {
  Fixture f;
  std::vector<Snowflake> roles{kRoleA};
  using T = PermissionOverwrite::Type;
  std::vector<PermissionOverwrite> hidden{{kGuild, T::role, {}, p::view_channel}};
  EXPECT_EQ(compute_channel_permissions(f.guild(), {kAlice, roles, true}, hidden), Permissions{});
  // Even a member overwrite allowing everything leaves only the two timeout bits.
  std::vector<PermissionOverwrite> all_allowed{{kAlice, T::member, p::all, {}}};
  EXPECT_EQ(compute_channel_permissions(f.guild(), {kAlice, roles, true}, all_allowed),
            p::view_channel | p::read_message_history);
}

TEST(Hierarchy, AdministratorDoesNotBeatAHigherRole) {
  // Docs: the hierarchy is by role position; ADMINISTRATOR grants permissions,
  // not rank. B (ADMINISTRATOR, position 3) cannot act on A (position 5).
  Fixture f;
  auto g = f.guild();
  std::vector<Snowflake> b{kRoleB}, a{kRoleA};
  EXPECT_FALSE(outranks(g, kAlice, b, Snowflake{3}, a));
  EXPECT_FALSE(can_manage_role(g, kAlice, b, f.roles[1]));
  EXPECT_TRUE(can_manage_role(g, kAlice, a, f.roles[2]));
}

}  // namespace
