#pragma once
// Chargeback alerts: the webhook the plugin calls (POST /webhook/chargeback
// on the instance's HTTP listener, authenticated by MC_VERIFY_SECRET), which
// restricts the linked member and posts an alert to the staff channel, and
// the alert's Ban / Dismiss buttons (staff roles only).

#include <memory>
#include <string>

#include "bot/feature.hpp"
#include "bot/reply.hpp"
#include "features/minecraft/chargeback_store.hpp"
#include "features/minecraft/config.hpp"
#include "features/minecraft/context.hpp"

namespace dbot::features::minecraft {

inline constexpr const char* kChargebackPath = "/webhook/chargeback";

void install_chargeback(bot::FeatureRegistry& registry, std::shared_ptr<MinecraftContext> context,
                        ChargebackConfig config, std::string secret);

// The alert as posted (open) or after a decision (`footer` replaces the
// original footer, and the buttons go away).
bot::Reply chargeback_alert(const ChargebackAlert& alert, const std::string& footer, bool open);

}  // namespace dbot::features::minecraft
