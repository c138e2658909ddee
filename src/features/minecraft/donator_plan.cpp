#include "features/minecraft/donator_plan.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.hpp"

namespace dbot::features::minecraft {

namespace {

std::string lower_trimmed(std::string_view text) {
  std::string out(text::trim(text));
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace

DonatorSyncPlan plan_donator_sync(const DonatorList& answer, const DonatorSyncInput& input) {
  DonatorSyncPlan plan;
  std::set<std::uint64_t> supporters;
  std::set<std::uint64_t> premiums;
  for (const auto& donor : answer.donators) {
    const auto tier = lower_trimmed(donor.tier);
    if (tier == "supporter") {
      supporters.insert(donor.discord_id.value);
    } else if (tier == "premium") {
      premiums.insert(donor.discord_id.value);
    } else {
      ++plan.unknown_tiers;
    }
  }

  std::set<std::uint64_t> members;
  for (const auto& member : input.members) {
    members.insert(member.user_id.value);
    if (member.roles.contains(input.supporter_role) || member.roles.contains(input.premium_role)) ++plan.donors_before;
  }
  std::set<std::uint64_t> listed(supporters);
  listed.insert(premiums.begin(), premiums.end());
  for (const auto id : listed) plan.not_in_guild += members.count(id) ? 0 : 1;

  // Nothing listed at all is far more likely a plugin fault than every
  // donation expiring at once: change nothing.
  plan.empty_answer = answer.donators.empty();
  if (plan.empty_answer) return plan;

  for (const auto& member : input.members) {
    if (input.restricted_role && member.roles.contains(*input.restricted_role)) continue;
    const auto id = member.user_id.value;
    const bool wants_supporter = supporters.count(id) > 0;
    const bool wants_premium = premiums.count(id) > 0;
    const bool has_supporter = member.roles.contains(input.supporter_role);
    const bool has_premium = member.roles.contains(input.premium_role);
    if (input.can_manage_supporter) {
      if (wants_supporter && !has_supporter) {
        plan.adds.push_back({member.user_id, input.supporter_role, true, "Donator sync: supporter tier"});
      } else if (!wants_supporter && has_supporter) {
        plan.removals.push_back(
            {member.user_id, input.supporter_role, false,
             wants_premium ? "Donator sync: upgraded to premium" : "Donator sync: supporter expired"});
      }
    }
    if (input.can_manage_premium) {
      if (wants_premium && !has_premium) {
        plan.adds.push_back({member.user_id, input.premium_role, true, "Donator sync: premium tier"});
      } else if (!wants_premium && has_premium) {
        plan.removals.push_back(
            {member.user_id, input.premium_role, false,
             wants_supporter ? "Donator sync: downgraded to supporter" : "Donator sync: premium expired"});
      }
    }
  }

  // The cap counts members losing a role, against members holding one now.
  std::set<std::uint64_t> losing;
  for (const auto& change : plan.removals) {
    if (!supporters.count(change.user.value) && !premiums.count(change.user.value)) losing.insert(change.user.value);
  }
  const auto percent = static_cast<std::size_t>(std::clamp<std::int64_t>(input.max_removal_percent, 1, 100));
  plan.removal_limit = std::max<std::size_t>(1, plan.donors_before * percent / 100);
  if (losing.size() > plan.removal_limit) {
    plan.held = std::move(plan.removals);
    plan.removals.clear();
  }
  return plan;
}

}  // namespace dbot::features::minecraft
