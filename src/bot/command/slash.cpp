#include "bot/command/slash.hpp"

#include <map>

#include <boost/json.hpp>

namespace dbot::bot {
namespace json = boost::json;
namespace {

constexpr int kSubCommand = 1;

// Discord limits descriptions to 1–100 characters.
std::string description_of(const std::string& text) {
  if (text.empty()) return "-";
  return text.size() <= 100 ? text : text.substr(0, 97) + "...";
}

json::array options_of(const CommandSpec& spec) {
  json::array options;
  for (const auto& arg : spec.args) {
    json::object option{{"type", slash_option_type(arg.kind)},
                        {"name", arg.name},
                        {"description", description_of(arg.description.empty() ? arg.name : arg.description)},
                        {"required", arg.required}};
    if ((arg.kind == ArgKind::integer || arg.kind == ArgKind::number) && !(arg.min == 0 && arg.max == 0)) {
      option["min_value"] = arg.min;
      option["max_value"] = arg.max;
    }
    if (arg.kind == ArgKind::choice) {
      json::array choices;
      for (const auto& choice : arg.choices) choices.push_back(json::object{{"name", choice}, {"value", choice}});
      option["choices"] = std::move(choices);
    }
    options.push_back(std::move(option));
  }
  return options;
}

json::object leaf(const CommandSpec& spec, std::string_view name, int type) {
  json::object out{{"name", name}, {"description", description_of(spec.summary)}, {"options", options_of(spec)}};
  if (type != 0) out["type"] = type;
  return out;
}

}  // namespace

int slash_option_type(ArgKind kind) {
  switch (kind) {
    case ArgKind::user:
    case ArgKind::member: return 6;
    case ArgKind::channel: return 7;
    case ArgKind::role: return 8;
    case ArgKind::integer: return 4;
    case ArgKind::number: return 10;
    default: return 3;
  }
}

std::string slash_commands_json(const CommandRegistry& registry) {
  json::array commands;
  // group name -> its subcommands, in declaration order
  std::vector<std::string> group_order;
  std::map<std::string, json::array> groups;

  for (const auto& command : registry.all()) {
    const auto& spec = command->spec;
    if (!spec.slash) continue;
    if (spec.path.size() == 2) {
      if (!groups.contains(spec.path[0])) group_order.push_back(spec.path[0]);
      groups[spec.path[0]].push_back(leaf(spec, spec.path[1], kSubCommand));
      continue;
    }
    auto top = leaf(spec, spec.path[0], 0);
    top["type"] = 1;  // CHAT_INPUT
    if (spec.required_permissions != 0) top["default_member_permissions"] = std::to_string(spec.required_permissions);
    top["dm_permission"] = !spec.guild_only;
    commands.push_back(std::move(top));
  }
  for (const auto& name : group_order) {
    commands.push_back(json::object{{"type", 1},
                                    {"name", name},
                                    {"description", description_of(name + " commands")},
                                    {"options", std::move(groups[name])}});
  }
  return json::serialize(commands);
}

}  // namespace dbot::bot
