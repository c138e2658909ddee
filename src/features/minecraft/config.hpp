#pragma once
// The Minecraft section (`[minecraft]`, features.minecraft): account
// verification, donator sync, chargeback alerts, and the plugin's URL and
// secret from the environment.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config/section.hpp"
#include "core/snowflake.hpp"

namespace dbot::features::minecraft {

struct DonatorSyncConfig {
  Snowflake supporter_role;
  Snowflake premium_role;
  std::chrono::seconds check_interval{300};
  // Removals in one cycle above this share of the current donors are held
  // back with a loud warning (a plugin bug must not strip everyone).
  std::int64_t max_removal_percent = 25;
};

struct ChargebackConfig {
  Snowflake staff_channel;
  Snowflake restricted_role;
  std::vector<Snowflake> staff_roles;
};

struct MinecraftConfig {
  bool verify = true;
  bool donator_sync = false;
  bool chargeback = false;
  // Present only when the matching flag is on and the table exists.
  std::optional<DonatorSyncConfig> donator_sync_config;
  std::optional<ChargebackConfig> chargeback_config;
  // The plugin's endpoint and shared secret (MC_VERIFY_URL, MC_VERIFY_SECRET);
  // unset: verify replies "not configured", the webhook is not mounted.
  std::optional<std::string> verify_url;     // trailing '/' removed
  std::optional<std::string> verify_secret;  // secret
};

const config::ConfigSection& config_section();

}  // namespace dbot::features::minecraft
