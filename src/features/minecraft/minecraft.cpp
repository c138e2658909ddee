#include "features/minecraft/minecraft.hpp"

#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "features/minecraft/chargeback.hpp"
#include "features/minecraft/config.hpp"
#include "features/minecraft/context.hpp"
#include "features/minecraft/donator_sync.hpp"
#include "features/minecraft/verify_commands.hpp"

namespace dbot::features {
namespace asio = boost::asio;
using minecraft::MinecraftContext;

namespace {

class MinecraftFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "minecraft"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    const auto* section = instance.config().section<minecraft::MinecraftConfig>();
    if (section == nullptr) return;
    const auto& mc = *section;
    auto context = std::make_shared<MinecraftContext>(instance, instance.db());
    const bool plugin_configured = mc.verify_url && mc.verify_secret;
    if (plugin_configured) context->plugin.emplace(instance.http(), *mc.verify_url, *mc.verify_secret);

    if (mc.verify) {
      minecraft::install_verify_commands(registry, context);
      spdlog::info("[{}] Minecraft verification module enabled", instance.name());
    }

    if (mc.donator_sync && mc.donator_sync_config) {
      if (!plugin_configured) {
        spdlog::warn("[{}] Donator sync enabled but MC_VERIFY_URL or MC_VERIFY_SECRET not set", instance.name());
      } else {
        const auto& sync_config = *mc.donator_sync_config;
        std::optional<Snowflake> restricted;
        if (mc.chargeback_config) restricted = mc.chargeback_config->restricted_role;
        auto sync = std::make_shared<minecraft::DonatorSync>(context, sync_config, restricted);
        // At least a second between cycles; the first waits for the guild to
        // arrive (the seed waited 15 s) unless the interval is shorter.
        const auto interval = std::max<std::chrono::milliseconds>(sync_config.check_interval, std::chrono::seconds(1));
        const auto first = std::min<std::chrono::milliseconds>(interval, std::chrono::seconds(15));
        registry.add_task(
            {"donator_sync", first, interval, [sync]() -> asio::awaitable<void> { co_await sync->run_once(); }});
        spdlog::info("[{}] Donator sync enabled (supporter={}, premium={}, interval={}s, max removals={}%)",
                     instance.name(), sync_config.supporter_role.str(), sync_config.premium_role.str(),
                     sync_config.check_interval.count(), sync_config.max_removal_percent);
      }
    }

    if (mc.chargeback && mc.chargeback_config) {
      if (!plugin_configured) {
        spdlog::warn(
            "[{}] Chargeback enabled but MC_VERIFY_URL or MC_VERIFY_SECRET not set; the webhook is not mounted",
            instance.name());
      } else {
        minecraft::install_chargeback(registry, context, *mc.chargeback_config, *mc.verify_secret);
        spdlog::info("[{}] Chargeback alerts enabled (staff_channel={}, restricted_role={}) on POST {}",
                     instance.name(), mc.chargeback_config->staff_channel.str(),
                     mc.chargeback_config->restricted_role.str(), minecraft::kChargebackPath);
      }
    }
  }
};

}  // namespace

std::unique_ptr<bot::Feature> make_minecraft_feature() { return std::make_unique<MinecraftFeature>(); }

}  // namespace dbot::features
