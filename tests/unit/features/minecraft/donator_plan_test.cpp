#include "features/minecraft/donator_plan.hpp"

#include <gtest/gtest.h>

namespace dbot::features::minecraft {
namespace {

const Snowflake kSupporter{10};
const Snowflake kPremium{11};
const Snowflake kRestricted{12};
const Snowflake kOther{13};

discord::Member member(std::uint64_t id, std::initializer_list<Snowflake> roles) {
  discord::Member m;
  m.user_id = Snowflake{id};
  m.roles = roles;
  return m;
}

DonatorList list(std::initializer_list<std::pair<std::uint64_t, const char*>> donors) {
  DonatorList out;
  for (const auto& [id, tier] : donors) out.donators.push_back({Snowflake{id}, tier});
  return out;
}

DonatorSyncInput input(std::vector<discord::Member> members, std::int64_t percent = 100) {
  DonatorSyncInput in;
  in.supporter_role = kSupporter;
  in.premium_role = kPremium;
  in.restricted_role = kRestricted;
  in.max_removal_percent = percent;
  in.members = std::move(members);
  return in;
}

bool has_change(const std::vector<RoleChange>& changes, std::uint64_t user, Snowflake role, const std::string& reason) {
  for (const auto& c : changes) {
    if (c.user.value == user && c.role == role && c.reason == reason) return true;
  }
  return false;
}

TEST(DonatorPlan, AddsMissingAndRemovesExpiredRoles) {
  const auto plan = plan_donator_sync(
      list({{1, "supporter"}, {2, "premium"}}),
      input({member(1, {}), member(2, {kPremium}), member(3, {kSupporter, kOther}), member(4, {kOther})}));
  ASSERT_EQ(plan.adds.size(), 1u);
  EXPECT_TRUE(has_change(plan.adds, 1, kSupporter, "Donator sync: supporter tier"));
  EXPECT_TRUE(plan.adds[0].add);
  ASSERT_EQ(plan.removals.size(), 1u);
  EXPECT_TRUE(has_change(plan.removals, 3, kSupporter, "Donator sync: supporter expired"));
  EXPECT_FALSE(plan.removals[0].add);
  EXPECT_EQ(plan.donors_before, 2u);
}

TEST(DonatorPlan, EmptyAnswerChangesNothing) {
  const auto plan = plan_donator_sync(DonatorList{}, input({member(1, {kSupporter}), member(2, {kPremium})}));
  EXPECT_TRUE(plan.empty_answer);
  EXPECT_TRUE(plan.adds.empty());
  EXPECT_TRUE(plan.removals.empty());
  EXPECT_TRUE(plan.held.empty());
}

TEST(DonatorPlan, TierChangesAreOneRemovalEach) {
  const auto plan = plan_donator_sync(list({{1, "premium"}, {2, "supporter"}}),
                                      input({member(1, {kSupporter}), member(2, {kPremium})}));
  EXPECT_EQ(plan.adds.size(), 2u);
  ASSERT_EQ(plan.removals.size(), 2u);  // never the seed's duplicate calls
  EXPECT_TRUE(has_change(plan.removals, 1, kSupporter, "Donator sync: upgraded to premium"));
  EXPECT_TRUE(has_change(plan.removals, 2, kPremium, "Donator sync: downgraded to supporter"));
}

TEST(DonatorPlan, TiersMatchCaseInsensitivelyAndUnknownOnesAreCounted) {
  const auto plan =
      plan_donator_sync(list({{1, " Premium "}, {2, "SUPPORTER"}, {3, "gold"}}), input({member(1, {}), member(2, {})}));
  EXPECT_TRUE(has_change(plan.adds, 1, kPremium, "Donator sync: premium tier"));
  EXPECT_TRUE(has_change(plan.adds, 2, kSupporter, "Donator sync: supporter tier"));
  EXPECT_EQ(plan.unknown_tiers, 1u);
}

TEST(DonatorPlan, BothTiersAtOnceGetBothRoles) {
  const auto plan = plan_donator_sync(list({{1, "premium"}, {1, "supporter"}}), input({member(1, {})}));
  EXPECT_EQ(plan.adds.size(), 2u);
}

TEST(DonatorPlan, RestrictedMembersAreLeftAlone) {
  const auto plan = plan_donator_sync(list({{1, "premium"}, {5, "supporter"}}),
                                      input({member(1, {kRestricted}), member(2, {kRestricted, kSupporter})}));
  EXPECT_TRUE(plan.adds.empty());
  EXPECT_TRUE(plan.removals.empty());
  EXPECT_EQ(plan.not_in_guild, 1u);
}

TEST(DonatorPlan, RolesTheBotCannotManageAreLeftAlone) {
  auto in = input({member(1, {}), member(2, {kPremium})});
  in.can_manage_premium = false;
  const auto plan = plan_donator_sync(list({{1, "premium"}, {3, "supporter"}}), in);
  EXPECT_TRUE(plan.adds.empty());
  EXPECT_TRUE(plan.removals.empty());
}

TEST(DonatorPlan, MassRemovalIsHeldButAddsProceed) {
  // Ten donors, the answer keeps one and adds one: nine would lose their role.
  std::vector<discord::Member> members;
  for (std::uint64_t id = 1; id <= 10; ++id) members.push_back(member(id, {kSupporter}));
  members.push_back(member(11, {}));
  const auto plan = plan_donator_sync(list({{1, "supporter"}, {11, "supporter"}}), input(members, 25));
  EXPECT_EQ(plan.adds.size(), 1u);
  EXPECT_TRUE(plan.removals.empty());
  EXPECT_EQ(plan.held.size(), 9u);
  EXPECT_EQ(plan.removal_limit, 2u);
}

TEST(DonatorPlan, RemovalsUpToTheLimitProceed) {
  std::vector<discord::Member> members;
  for (std::uint64_t id = 1; id <= 8; ++id) members.push_back(member(id, {kSupporter}));
  // 25% of 8 is 2: two leave.
  auto answer = list(
      {{1, "supporter"}, {2, "supporter"}, {3, "supporter"}, {4, "supporter"}, {5, "supporter"}, {6, "supporter"}});
  const auto plan = plan_donator_sync(answer, input(members, 25));
  EXPECT_EQ(plan.removals.size(), 2u);
  EXPECT_TRUE(plan.held.empty());
  // One donor leaving is always allowed, however few donors there are.
  const auto single = plan_donator_sync(list({{2, "supporter"}}), input({member(1, {kSupporter}), member(2, {})}, 1));
  EXPECT_EQ(single.removals.size(), 1u);
}

TEST(DonatorPlan, UpgradesDoNotCountAgainstTheLimit) {
  std::vector<discord::Member> members;
  for (std::uint64_t id = 1; id <= 4; ++id) members.push_back(member(id, {kSupporter}));
  const auto plan =
      plan_donator_sync(list({{1, "premium"}, {2, "premium"}, {3, "premium"}, {4, "premium"}}), input(members, 25));
  EXPECT_EQ(plan.removals.size(), 4u);
  EXPECT_TRUE(plan.held.empty());
}

}  // namespace
}  // namespace dbot::features::minecraft
