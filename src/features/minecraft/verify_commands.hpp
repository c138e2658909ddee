#pragma once
// `verify <code>` (link a Minecraft account) and `mc whois <member|name>`
// (staff look-up of linked accounts).

#include <memory>
#include <string>

#include "bot/feature.hpp"
#include "features/minecraft/context.hpp"

namespace dbot::features::minecraft {

void install_verify_commands(bot::FeatureRegistry& registry, std::shared_ptr<MinecraftContext> context);

// The code as the plugin expects it (trimmed, upper-case), or "" when it is
// empty or holds anything but letters, digits and '-' (at most 32).
std::string normalize_code(std::string_view code);

// Escapes Discord markdown so a name shows literally.
std::string escape_markdown(std::string_view text);

}  // namespace dbot::features::minecraft
