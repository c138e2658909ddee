#include "features/stocks/config.hpp"

#include <array>

#include "core/config/section_context.hpp"
#include "core/config/toml_read.hpp"

namespace dbot::features::stocks {
using namespace config;
namespace {

std::any parse(SectionContext& context) {
  StocksConfig section;
  section.finnhub_api_key = context.env().optional_secret("FINNHUB_API_KEY");
  section.finnhub_api_base = context.env().http_base("FINNHUB_API_BASE", section.finnhub_api_base);
  if (const auto* table = context.table()) {
    check_unknown_keys(*table, "stocks", "stocks", context.schema(), context.toml());
    if (auto age = get_duration(*table, "stocks", "max_quote_age", false, context.toml())) {
      section.max_quote_age = *age;
    }
  }
  return section;
}

constexpr std::string_view kEnv = kEnvSection;
constexpr std::array kSettings = std::to_array<SettingDoc>({
    {kEnv, "FINNHUB_API_KEY", "unset: stock commands say \"not configured\"", "secret"},
    {kEnv, "FINNHUB_API_BASE", "`https://finnhub.io/api/v1`", "`https://` URL (`http://` only to a loopback host)"},
    {"stocks", "max_quote_age", "`\"15s\"`", "duration: trades never use an older quote"},
});

}  // namespace

const ConfigSection& config_section() {
  static const ConfigSection section{.table = "stocks", .settings = kSettings, .parse = parse};
  return section;
}

}  // namespace dbot::features::stocks
