#include "features/moderation/config.hpp"

#include <array>

#include "core/config/section_context.hpp"
#include "core/config/toml_read.hpp"

namespace dbot::features::moderation {
using namespace config;
namespace {

std::any parse(SectionContext& context) {
  ModerationConfig section;
  if (const auto* table = context.table()) {
    check_unknown_keys(*table, "moderation", "moderation", context.schema(), context.toml());
    if (auto interval = get_duration(*table, "moderation", "tempban_check_interval", false, context.toml())) {
      section.tempban_check_interval = *interval;
    }
  }
  return section;
}

constexpr std::array kSettings = std::to_array<SettingDoc>({
    {"moderation", "tempban_check_interval", "`\"30s\"`", "duration"},
});

}  // namespace

const ConfigSection& config_section() {
  static const ConfigSection section{.table = "moderation", .settings = kSettings, .parse = parse};
  return section;
}

}  // namespace dbot::features::moderation
