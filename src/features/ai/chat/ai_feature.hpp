#pragma once
// AI chat on Discord: answers when mentioned or replied to (in DMs too with
// `ai.dm = true`), and `/ask` (prefix `ask` too), with Stop and Regenerate
// buttons. Installed only while a chat or vision provider is available.

#include <memory>

#include "bot/feature.hpp"

namespace dbot::features {

std::unique_ptr<bot::Feature> make_ai_feature();

}  // namespace dbot::features
