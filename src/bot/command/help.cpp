#include "bot/command/help.hpp"

#include <map>

namespace dbot::bot {
namespace {

std::string path_text(const CommandSpec& spec) {
  std::string out;
  for (const auto& part : spec.path) out += (out.empty() ? "" : " ") + part;
  return out;
}

}  // namespace

HelpPage render_help(const CommandRegistry& registry, std::string_view prefix_text, std::string_view bot_name,
                     std::string_view version, const std::function<bool(const Command&)>& may_use) {
  HelpPage page;
  page.title = std::string(bot_name) + " Commands";
  // AI chat is mentioned only where it is on (its feature registers `ask` then).
  page.description =
      std::string(registry.find({"ask"}) != nullptr ? "@mention me or use `/ask` to chat with the AI. " : "") +
      "Use `" + std::string(prefix_text) + "help <command>` for the details of one command.";
  page.footer = std::string(bot_name) + " v" + std::string(version);

  // Sections keep the order in which their first command was declared.
  std::vector<std::string> order;
  std::map<std::string, std::string> lines;
  for (const auto& command : registry.all()) {
    if (may_use && !may_use(*command)) continue;
    const auto& spec = command->spec;
    if (!lines.contains(spec.section)) order.push_back(spec.section);
    auto& text = lines[spec.section];
    text += "`" + std::string(prefix_text) + path_text(spec) + "` — " + spec.summary + "\n";
  }
  for (const auto& section : order) {
    auto value = lines[section];
    if (!value.empty() && value.back() == '\n') value.pop_back();
    // Embed field values hold at most 1024 characters.
    if (value.size() > 1024) value = value.substr(0, value.rfind('\n', 1020)) + "\n…";
    page.fields.push_back({section, std::move(value)});
  }
  return page;
}

HelpPage render_command_help(const Command& command, std::string_view prefix_text) {
  const auto& spec = command.spec;
  HelpPage page;
  page.title = std::string(prefix_text) + path_text(spec);
  page.description = spec.summary;
  page.fields.push_back({"Usage", "`" + usage_line(spec, prefix_text) + "`"});
  if (!spec.aliases.empty()) {
    std::string aliases;
    for (const auto& alias : spec.aliases) aliases += (aliases.empty() ? "" : ", ") + alias;
    page.fields.push_back({"Aliases", aliases});
  }
  std::string args;
  for (const auto& arg : spec.args) {
    args += "`" + arg.name + "`" + (arg.required ? "" : " (optional)") + " — " + arg.description + "\n";
  }
  if (!args.empty()) {
    args.pop_back();
    page.fields.push_back({"Arguments", args});
  }
  if (!spec.permission_names.empty()) page.fields.push_back({"Requires", spec.permission_names});
  if (spec.rate_limiter != nullptr) page.fields.push_back({"Rate limit", std::string(spec.rate_limiter->name)});
  return page;
}

}  // namespace dbot::bot
