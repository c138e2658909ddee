#pragma once
// The Minecraft integration (docs/minecraft.md): `verify` and `mc whois`,
// donator role sync, and chargeback alerts. Each part is installed only when
// [features] minecraft and its own flag are on; the parts that call the
// plugin also need MC_VERIFY_URL and MC_VERIFY_SECRET.

#include <memory>

#include "bot/feature.hpp"

namespace dbot::features {

std::unique_ptr<bot::Feature> make_minecraft_feature();

}  // namespace dbot::features
