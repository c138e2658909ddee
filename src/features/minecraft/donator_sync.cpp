#include "features/minecraft/donator_sync.hpp"

#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "db/pool.hpp"
#include "features/minecraft/donator_plan.hpp"

namespace dbot::features::minecraft {
namespace asio = boost::asio;

DonatorSync::DonatorSync(std::shared_ptr<MinecraftContext> context, DonatorSyncConfig config,
                         std::optional<Snowflake> restricted_role)
    : context_(std::move(context)), config_(config), restricted_role_(restricted_role) {}

bool DonatorSync::can_manage(Snowflake guild, Snowflake role, const char* tier) {
  auto& instance = context_->instance;
  const auto allowed = instance.cache().can_manage_role(guild, instance.self_id(), role);
  if (!allowed) {
    spdlog::warn("[{}] Donator sync: the {} role {} is not known in guild {} yet; leaving it alone this cycle",
                 instance.name(), tier, role.str(), guild.str());
    return false;
  }
  if (!*allowed) {
    spdlog::error(
        "[{}] Donator sync: the {} role {} is at or above the bot's highest role, so the bot cannot assign it; move "
        "the bot's role above it",
        instance.name(), tier, role.str());
  }
  return *allowed;
}

asio::awaitable<std::vector<discord::Member>> DonatorSync::snapshot_members(Snowflake guild) {
  std::vector<discord::Member> members;
  Snowflake after;
  for (;;) {
    auto page = co_await context_->instance.rest().list_members(guild, 1000, after);
    const bool last = page.size() < 1000;
    if (!page.empty()) after = page.back().user_id;
    for (auto& member : page) members.push_back(std::move(member));
    if (last) break;
  }
  co_return members;
}

asio::awaitable<void> DonatorSync::record(Snowflake guild, const RoleChange& change, const char* outcome,
                                          const std::string& error) {
  std::optional<std::string> error_text;
  if (!error.empty()) error_text = error;
  try {
    co_await context_->instance.db().execute(
        "INSERT INTO mc_donator_changes (guild_id, user_id, role_id, action, reason, outcome, error) "
        "VALUES ($1::bigint, $2::bigint, $3::bigint, $4, $5, $6, $7)",
        guild.str(), change.user.str(), change.role.str(), change.add ? "add" : "remove", change.reason, outcome,
        error_text);
  } catch (const std::exception& e) {
    spdlog::warn("[{}] Donator sync: could not record a change: {}", context_->instance.name(), e.what());
  }
}

asio::awaitable<bool> DonatorSync::apply(Snowflake guild, const RoleChange& change) {
  auto& instance = context_->instance;
  discord::CallOptions options;
  options.reason = change.reason;
  std::string error;
  try {
    if (change.add) {
      co_await instance.rest().add_member_role(guild, change.user, change.role, options);
    } else {
      co_await instance.rest().remove_member_role(guild, change.user, change.role, options);
    }
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (error.empty()) {
    spdlog::info("[{}] Donator sync: {} role {} {} user {} ({})", instance.name(), change.add ? "added" : "removed",
                 change.role.str(), change.add ? "to" : "from", change.user.str(), change.reason);
    co_await record(guild, change, "done", {});
    co_return true;
  }
  spdlog::warn("[{}] Donator sync: could not {} role {} {} user {}: {}", instance.name(), change.add ? "add" : "remove",
               change.role.str(), change.add ? "to" : "from", change.user.str(), error);
  co_await record(guild, change, "failed", error);
  co_return false;
}

asio::awaitable<DonatorSyncSummary> DonatorSync::run_once() {
  DonatorSyncSummary summary;
  auto& instance = context_->instance;
  const auto guild = instance.config().env.guild_id;
  DonatorList answer;
  std::string failure;
  try {
    answer = co_await context_->plugin->donators();
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!failure.empty()) {
    spdlog::warn("[{}] Donator sync: failed to fetch donators, changing nothing: {}", instance.name(), failure);
    co_return summary;
  }
  summary.fetched = true;
  if (answer.skipped_ids > 0) {
    spdlog::warn("[{}] Donator sync: skipped {} entries whose discord_id is not a Discord id", instance.name(),
                 answer.skipped_ids);
  }
  if (answer.donators.empty()) {
    spdlog::warn("[{}] Donator sync: the plugin listed no donors; changing nothing (an empty list never removes roles)",
                 instance.name());
    co_return summary;
  }

  DonatorSyncInput input;
  input.supporter_role = config_.supporter_role;
  input.premium_role = config_.premium_role;
  input.restricted_role = restricted_role_;
  input.max_removal_percent = config_.max_removal_percent;
  input.can_manage_supporter = can_manage(guild, config_.supporter_role, "supporter");
  input.can_manage_premium = can_manage(guild, config_.premium_role, "premium");
  try {
    input.members = co_await snapshot_members(guild);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!failure.empty()) {
    spdlog::warn("[{}] Donator sync: could not list the guild's members, changing nothing: {}", instance.name(),
                 failure);
    co_return summary;
  }

  const auto plan = plan_donator_sync(answer, input);
  if (plan.unknown_tiers > 0) {
    spdlog::warn("[{}] Donator sync: {} donors have an unknown tier (expected supporter or premium)", instance.name(),
                 plan.unknown_tiers);
  }
  if (!plan.held.empty()) {
    spdlog::error(
        "[{}] Donator sync: HOLDING BACK {} role removals: they would take donor roles from more than {}% of the {} "
        "current donors (limit {} members). Check the plugin's /api/donators answer; raise "
        "minecraft.donator_sync_config.max_removal_percent if this is expected.",
        instance.name(), plan.held.size(), config_.max_removal_percent, plan.donors_before, plan.removal_limit);
    for (const auto& change : plan.held) co_await record(guild, change, "held", "over max_removal_percent");
    summary.held = plan.held.size();
  }
  for (const auto& change : plan.adds) {
    if (co_await apply(guild, change)) {
      ++summary.added;
    } else {
      ++summary.failed;
    }
  }
  for (const auto& change : plan.removals) {
    if (co_await apply(guild, change)) {
      ++summary.removed;
    } else {
      ++summary.failed;
    }
  }
  spdlog::info("[{}] Donator sync: {} donors listed, {} roles added, {} removed, {} held back, {} failed",
               instance.name(), answer.donators.size(), summary.added, summary.removed, summary.held, summary.failed);
  co_return summary;
}

}  // namespace dbot::features::minecraft
