#pragma once
// The donator sync task: every `check_interval` it asks the plugin for the
// donor list, snapshots the guild's members, plans the role changes
// (donator_plan.hpp) and applies them one by one, logging and recording each
// in mc_donator_changes.

#include <memory>

#include <boost/asio/awaitable.hpp>

#include "features/minecraft/config.hpp"
#include "features/minecraft/context.hpp"
#include "features/minecraft/donator_plan.hpp"

namespace dbot::features::minecraft {

struct DonatorSyncSummary {
  bool fetched = false;
  std::size_t added = 0, removed = 0, held = 0, failed = 0;
};

class DonatorSync {
 public:
  DonatorSync(std::shared_ptr<MinecraftContext> context, DonatorSyncConfig config,
              std::optional<Snowflake> restricted_role);

  // One cycle; never throws (failures are logged).
  boost::asio::awaitable<DonatorSyncSummary> run_once();

 private:
  boost::asio::awaitable<std::vector<discord::Member>> snapshot_members(Snowflake guild);
  boost::asio::awaitable<bool> apply(Snowflake guild, const RoleChange& change);
  boost::asio::awaitable<void> record(Snowflake guild, const RoleChange& change, const char* outcome,
                                      const std::string& error);
  bool can_manage(Snowflake guild, Snowflake role, const char* tier);

  std::shared_ptr<MinecraftContext> context_;
  DonatorSyncConfig config_;
  std::optional<Snowflake> restricted_role_;
};

}  // namespace dbot::features::minecraft
