#pragma once
// Help text generated from the command registry, so it can never drift from
// what the bot actually accepts.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/command/registry.hpp"

namespace dbot::bot {

struct HelpField {
  std::string name;
  std::string value;
};

// Plain data; the runtime turns it into an embed.
struct HelpPage {
  std::string title;
  std::string description;
  std::vector<HelpField> fields;
  std::string footer;
};

// One field per section, listing only commands `may_use` accepts; sections
// with nothing usable are left out.
HelpPage render_help(const CommandRegistry& registry, std::string_view prefix_text, std::string_view bot_name,
                     std::string_view version, const std::function<bool(const Command&)>& may_use);

// Usage, aliases, arguments and required permissions of one command.
HelpPage render_command_help(const Command& command, std::string_view prefix_text);

}  // namespace dbot::bot
