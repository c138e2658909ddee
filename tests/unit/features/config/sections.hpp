#pragma once
// The feature configuration types the config-loading tests read back with
// InstanceConfig::section<T>(), named once for those tests.

#include "features/ai/config.hpp"
#include "features/minecraft/config.hpp"
#include "features/moderation/config.hpp"
#include "features/roles/config.hpp"
#include "features/stocks/config.hpp"
#include "features/welcome/config.hpp"

namespace dbot::config {
using features::ai::AiConfig;
using features::ai::ProviderSpec;
using features::minecraft::MinecraftConfig;
using features::moderation::ModerationConfig;
using features::roles::AutoRoleConfig;
using features::roles::JoinRoleConfig;
using features::stocks::StocksConfig;
using features::welcome::Welcome;
}  // namespace dbot::config
