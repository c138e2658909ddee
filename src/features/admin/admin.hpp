#pragma once
// Server settings for administrators: the moderation log channel, the DJ role
// and DJ mode (stored in guild_settings).

#include <memory>

#include "bot/feature.hpp"

namespace dbot::features {

std::unique_ptr<bot::Feature> make_admin_feature();

}  // namespace dbot::features
