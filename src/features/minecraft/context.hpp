#pragma once
// What the Minecraft feature's parts share: the instance, the plugin client
// (absent when MC_VERIFY_URL or MC_VERIFY_SECRET is unset) and the stores.

#include <memory>
#include <optional>

#include "core/rate_limiter.hpp"
#include "features/minecraft/link_store.hpp"
#include "features/minecraft/plugin_client.hpp"

namespace dbot::bot {
class Instance;
}

namespace dbot::features::minecraft {

struct MinecraftContext {
  MinecraftContext(bot::Instance& owner, db::Pool& pool) : instance(owner), links(pool) {}

  bot::Instance& instance;
  std::optional<PluginClient> plugin;
  LinkStore links;
  // Verification codes are short: without a limit they could be guessed.
  SlidingWindowLimiter verify_attempts{"mc_verify", 5, std::chrono::minutes(10)};
};

}  // namespace dbot::features::minecraft
