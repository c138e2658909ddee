#include "features/games_common/puzzle_config.hpp"

#include <array>

#include "core/config/section_context.hpp"

namespace dbot::features::games {
using namespace config;
namespace {

std::any parse(SectionContext& context) {
  PuzzleConfig section;
  section.api_base = context.env().http_base("PUZZLE_API_BASE", section.api_base);
  return section;
}

constexpr std::array kSettings = std::to_array<SettingDoc>({
    {kEnvSection, "PUZZLE_API_BASE", "`https://www.nytimes.com/svc`",
     "`https://` URL (`http://` only to a loopback host)"},
});

}  // namespace

const ConfigSection& puzzle_config_section() {
  static const ConfigSection section{.settings = kSettings, .parse = parse};
  return section;
}

}  // namespace dbot::features::games
