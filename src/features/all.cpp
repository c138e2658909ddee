#include "features/all.hpp"

#include <algorithm>

#include "features/admin/admin.hpp"
#include "features/ai/chat/ai_feature.hpp"
#include "features/ai/config.hpp"
#include "features/ai/limits.hpp"
#include "features/connections/connections.hpp"
#include "features/games_common/puzzle_config.hpp"
#include "features/minecraft/config.hpp"
#include "features/minecraft/minecraft.hpp"
#include "features/moderation/config.hpp"
#include "features/moderation/limits.hpp"
#include "features/moderation/moderation.hpp"
#include "features/roles/config.hpp"
#include "features/roles/roles.hpp"
#include "features/stocks/config.hpp"
#include "features/stocks/limits.hpp"
#include "features/stocks/stocks.hpp"
#include "features/welcome/config.hpp"
#include "features/wordle/wordle.hpp"
#include "mcp/mcp_feature.hpp"

namespace dbot::features {

std::span<const bot::FeatureModule> all_modules() {
  // Order matters twice: configuration sections are parsed in this order
  // (welcome reads the AI section), and features install in it.
  static const std::vector<bot::FeatureModule> modules = {
      {.name = "admin", .make = make_admin_feature},
      // Before welcome, which reads the AI section to know whether a provider is available.
      {.name = "ai", .config = {&ai::config_section()}, .limiters = {&ai::kAiLimit}, .make = make_ai_feature},
      {.name = "welcome", .config = {&welcome::config_section()}},
      {.name = "moderation",
       .config = {&moderation::config_section()},
       .limiters = {&moderation::kModerationLimit},
       .make = make_moderation_feature},
      {.name = "auto_role", .config = {&roles::auto_role_section()}, .make = make_auto_role_feature},
      {.name = "join_role", .config = {&roles::join_role_section()}, .make = make_join_role_feature},
      {.name = "minecraft", .config = {&minecraft::config_section()}, .make = make_minecraft_feature},
      {.name = "stocks",
       .config = {&stocks::config_section()},
       .limiters = {&stocks::kStocksLimit},
       .make = make_stocks_feature},
      {.name = "wordle", .config = {&games::puzzle_config_section()}, .make = make_wordle_feature},
      {.name = "connections", .config = {&games::puzzle_config_section()}, .make = make_connections_feature},
      {.name = "mcp", .make = mcp::make_mcp_feature},
  };
  return modules;
}

std::vector<const config::ConfigSection*> config_sections() {
  std::vector<const config::ConfigSection*> sections;
  for (const auto& module : all_modules()) {
    for (const auto* section : module.config) {
      if (std::find(sections.begin(), sections.end(), section) == sections.end()) sections.push_back(section);
    }
  }
  return sections;
}

}  // namespace dbot::features
