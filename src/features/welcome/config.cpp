#include "features/welcome/config.hpp"

#include <array>

#include "core/config/section_context.hpp"
#include "core/config/text_file.hpp"
#include "core/config/toml_read.hpp"
#include "features/ai/config.hpp"

namespace dbot::features::welcome {
using namespace config;
namespace {

std::any parse(SectionContext& context) {
  if (context.table() == nullptr) return {};
  const auto& table = *context.table();
  Reporter& report = context.toml();
  check_unknown_keys(table, "welcome", "welcome", context.schema(), report);
  Welcome section;
  auto channel = get_snowflake(table, "welcome", "channel", true, report);
  if (auto file = get_string(table, "welcome", "prompt_file", false, report)) {
    if (file->empty()) {
      report.error("welcome.prompt_file", "must not be empty");
    } else {
      section.prompt_file = *file;
    }
  }
  if (!channel) return {};
  section.channel = *channel;
  if (!context.enabled()) return section;

  Reporter prompt_report = context.report_for(section.prompt_file);
  std::string text;
  const TextFile status = read_text_file(context.path_of(section.prompt_file), text);
  if (status != TextFile::ok) {
    prompt_report.warn(
        "welcome.prompt_file",
        describe(status) + "; Welcome feature enabled but prompt file missing or empty; welcome disabled");
    return {};
  }
  section.prompt = std::move(text);
  const auto* ai = context.instance().section<ai::AiConfig>();
  if (ai == nullptr || !ai->chat_active()) {
    report.warn("features.welcome",
                "Welcome feature enabled but no AI provider is available (set the chat provider's API key)");
  }
  return section;
}

constexpr std::array kSettings = std::to_array<SettingDoc>({
    {"features", "welcome", "`false`", "turns on `[welcome]`"},
    {"welcome", "channel", "required", "Discord id"},
    {"welcome", "prompt_file", "`\"welcome_prompt.txt\"`",
     "missing or empty file: warning, welcome off; no AI provider: warning"},
});

}  // namespace

const ConfigSection& config_section() {
  static const ConfigSection section{
      .table = "welcome",
      .flag = "welcome",
      .missing_warning =
          "Welcome feature enabled but [welcome] config section missing (prompt file missing or empty); "
          "welcome disabled",
      .settings = kSettings,
      .parse = parse,
  };
  return section;
}

}  // namespace dbot::features::welcome
