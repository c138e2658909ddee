#include "sim/permissions.hpp"

#include <gtest/gtest.h>

namespace dbot::sim {
namespace {

using namespace perm;

class SimPermissions : public ::testing::Test {
 protected:
  void SetUp() override {
    world = World::make_default();
    gid = world.names.guilds.at("Sandbox");
    general = world.names.channels.at("general");
    alice = world.names.users.at("alice");
    member_role = world.names.roles.at("Member");
  }
  const Guild& guild() { return world.guilds.at(gid); }
  std::uint64_t in_general(Id user) {
    return channel_permissions(guild(), guild().members.at(user), world.channels.at(general), now);
  }

  World world;
  Id gid = 0, general = 0, alice = 0, member_role = 0;
  Clock::time_point now = Clock::now();
};

TEST_F(SimPermissions, BasePermissionsCombineEveryoneAndRoles) {
  const auto mod = world.names.users.at("mod");
  const auto p = base_permissions(guild(), guild().members.at(mod), now);
  EXPECT_TRUE(p & kBanMembers);
  EXPECT_TRUE(p & kSendMessages);  // from @everyone
  EXPECT_FALSE(p & kAdministrator);
  EXPECT_FALSE(base_permissions(guild(), guild().members.at(alice), now) & kBanMembers);
}

TEST_F(SimPermissions, OwnerAndAdministratorGetEverything) {
  EXPECT_EQ(base_permissions(guild(), guild().members.at(world.names.users.at("owner")), now), kAll);
  EXPECT_EQ(base_permissions(guild(), guild().members.at(world.names.users.at("admin")), now), kAll);
  // Even a deny overwrite does not bind an administrator.
  world.channels.at(general).overwrites.push_back({world.names.roles.at("Admin"), 0, 0, kViewChannel});
  EXPECT_EQ(in_general(world.names.users.at("admin")), kAll);
}

TEST_F(SimPermissions, EveryoneOverwriteThenRolesThenMember) {
  auto& ch = world.channels.at(general);
  // @everyone may not send; the Member role may; alice's own overwrite denies again.
  ch.overwrites.push_back({gid, 0, 0, kSendMessages});
  EXPECT_FALSE(in_general(alice) & kSendMessages) << "@everyone deny applies";
  ch.overwrites.push_back({member_role, 0, kSendMessages, 0});
  EXPECT_TRUE(in_general(alice) & kSendMessages) << "role allow beats @everyone deny";
  ch.overwrites.push_back({alice, 1, 0, kSendMessages});
  EXPECT_FALSE(in_general(alice) & kSendMessages) << "member overwrite is applied last";
}

TEST_F(SimPermissions, RoleAllowsWinOverRoleDeniesAcrossRoles) {
  auto& ch = world.channels.at(general);
  const Id extra = world.add_role(gid, "Extra", 0, 1);
  world.guilds.at(gid).members.at(alice).roles.push_back(extra);
  ch.overwrites.push_back({member_role, 0, 0, kAddReactions});
  ch.overwrites.push_back({extra, 0, kAddReactions, 0});
  // Denies of all roles are removed first, then allows of all roles are added.
  EXPECT_TRUE(in_general(alice) & kAddReactions);
}

TEST_F(SimPermissions, TimedOutMembersKeepOnlyViewAndHistory) {
  world.guilds.at(gid).members.at(alice).communication_disabled_until = now + std::chrono::minutes(5);
  EXPECT_EQ(in_general(alice), kViewChannel | kReadMessageHistory);
  EXPECT_EQ(base_permissions(guild(), guild().members.at(alice), now), kViewChannel | kReadMessageHistory);
  // An expired timeout changes nothing.
  world.guilds.at(gid).members.at(alice).communication_disabled_until = now - std::chrono::minutes(5);
  EXPECT_TRUE(in_general(alice) & kSendMessages);
}

TEST_F(SimPermissions, TimeoutDoesNotLimitAdministrators) {
  const auto admin = world.names.users.at("admin");
  world.guilds.at(gid).members.at(admin).communication_disabled_until = now + std::chrono::minutes(5);
  EXPECT_EQ(in_general(admin), kAll);
}

TEST_F(SimPermissions, RoleHierarchy) {
  const Id bot = world.bot_user_id;
  const Id owner = world.names.users.at("owner");
  const Id admin = world.names.users.at("admin");
  const Id mod = world.names.users.at("mod");
  EXPECT_TRUE(outranks(guild(), bot, alice));
  EXPECT_TRUE(outranks(guild(), bot, mod));
  EXPECT_FALSE(outranks(guild(), bot, admin)) << "Admin is above the bot's role";
  EXPECT_FALSE(outranks(guild(), bot, owner)) << "nobody outranks the owner";
  EXPECT_TRUE(outranks(guild(), owner, admin));
  EXPECT_FALSE(outranks(guild(), alice, world.names.users.at("bob"))) << "equal roles do not outrank";
  EXPECT_TRUE(can_manage_role(guild(), bot, member_role));
  EXPECT_FALSE(can_manage_role(guild(), bot, world.names.roles.at("Admin")));
}

}  // namespace
}  // namespace dbot::sim
