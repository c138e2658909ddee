#pragma once
// Moderation: ban (temporary or permanent), unban, banlist, kick, timeout,
// untimeout, warn, numbered cases with `cases`, `case` and `reason`, nuke,
// the modlog embeds and the tempban expiry task. See docs/moderation.md.

#include <memory>

#include "bot/feature.hpp"

namespace dbot::features {

std::unique_ptr<bot::Feature> make_moderation_feature();

}  // namespace dbot::features
