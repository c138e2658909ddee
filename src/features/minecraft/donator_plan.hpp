#pragma once
// Donator sync's decision, kept free of I/O so every safety rule is
// unit-tested: which supporter/premium roles to add and remove, given the
// plugin's answer and a snapshot of the guild's members.
//
// Safety rules (docs/minecraft.md):
// - only a successful answer reaches the planner; an empty list removes nothing;
// - a role is removed only from a member missing from that tier in the answer;
// - removals above `max_removal_percent` of the current donors are held back;
// - roles the bot cannot manage (hierarchy) are left alone;
// - restricted members (chargebacks) are never touched.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/snowflake.hpp"
#include "discord/models.hpp"
#include "features/minecraft/plugin_client.hpp"

namespace dbot::features::minecraft {

struct RoleChange {
  Snowflake user;
  Snowflake role;
  bool add = false;
  std::string reason;  // the audit-log reason
};

struct DonatorSyncInput {
  Snowflake supporter_role;
  Snowflake premium_role;
  std::optional<Snowflake> restricted_role;
  bool can_manage_supporter = true;
  bool can_manage_premium = true;
  std::int64_t max_removal_percent = 25;
  std::vector<discord::Member> members;
};

struct DonatorSyncPlan {
  std::vector<RoleChange> adds;
  std::vector<RoleChange> removals;  // empty when held
  std::vector<RoleChange> held;      // removals held back by the cap
  std::size_t donors_before = 0;     // members holding either role
  std::size_t removal_limit = 0;
  std::size_t unknown_tiers = 0;
  std::size_t not_in_guild = 0;  // listed donors who are not members
  bool empty_answer = false;
};

DonatorSyncPlan plan_donator_sync(const DonatorList& answer, const DonatorSyncInput& input);

}  // namespace dbot::features::minecraft
