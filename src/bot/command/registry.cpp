#include "bot/command/registry.hpp"

#include <cctype>
#include <stdexcept>

#include "core/text.hpp"

namespace dbot::bot {
namespace {

bool names_match(const Command& command, std::size_t depth, std::string_view word) {
  if (command.spec.path.size() <= depth) return false;
  const auto lower = text::to_lower(word);
  if (command.spec.path[depth] == lower) return true;
  if (depth + 1 == command.spec.path.size()) {
    for (const auto& alias : command.spec.aliases) {
      if (alias == lower) return true;
    }
  }
  return false;
}

std::string joined(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& part : path) out += (out.empty() ? "" : " ") + part;
  return out;
}

}  // namespace

void CommandRegistry::add(Command command) {
  if (command.spec.path.empty() || command.spec.path.size() > 2) {
    throw std::logic_error("a command path has one or two words");
  }
  for (const auto& existing : commands_) {
    const auto& a = existing->spec;
    const auto& b = command.spec;
    if (a.path.size() != b.path.size()) {
      // "stock" as a plain command would shadow the "stock" group.
      if (a.path.front() == b.path.front())
        throw std::logic_error("'" + a.path.front() + "' is both a group and a command");
      continue;
    }
    if (a.path.size() == 2 && a.path[0] != b.path[0]) continue;
    std::vector<std::string> names_a = a.aliases;
    names_a.push_back(a.path.back());
    std::vector<std::string> names_b = b.aliases;
    names_b.push_back(b.path.back());
    for (const auto& x : names_a) {
      for (const auto& y : names_b) {
        if (x == y) throw std::logic_error("duplicate command name or alias '" + x + "'");
      }
    }
  }
  commands_.push_back(std::make_unique<Command>(std::move(command)));
}

std::vector<const Command*> CommandRegistry::group(std::string_view name) const {
  std::vector<const Command*> out;
  for (const auto& command : commands_) {
    if (command->spec.path.size() == 2 && command->spec.path[0] == name) out.push_back(command.get());
  }
  return out;
}

const Command* CommandRegistry::find(const std::vector<std::string>& path) const {
  for (const auto& command : commands_) {
    if (command->spec.path == path) return command.get();
  }
  return nullptr;
}

std::variant<Resolved, UnknownCommand> CommandRegistry::resolve(std::string_view input) const {
  std::string_view rest = text::trim(input);
  const auto take_word = [&rest]() {
    std::size_t end = 0;
    while (end < rest.size() && !std::isspace(static_cast<unsigned char>(rest[end]))) ++end;
    const auto word = rest.substr(0, end);
    rest = text::trim(rest.substr(end));
    return word;
  };
  const auto first = take_word();
  if (first.empty()) return UnknownCommand{"", std::nullopt};

  bool is_group = false;
  std::string group_name;
  const auto lower_first = text::to_lower(first);
  for (const auto& command : commands_) {
    if (command->spec.path.size() == 1 && names_match(*command, 0, first)) return Resolved{command.get(), rest};
    if (command->spec.path.size() != 2) continue;
    bool named = names_match(*command, 0, first);
    for (const auto& alias : command->spec.group_aliases) named = named || alias == lower_first;
    if (named) {
      is_group = true;
      group_name = command->spec.path[0];
    }
  }

  std::vector<std::string> candidates;
  if (is_group) {
    const auto second = take_word();
    for (const auto& command : commands_) {
      if (command->spec.path.size() == 2 && command->spec.path[0] == group_name) {
        if (second.empty() && command->spec.group_default) return Resolved{command.get(), rest};
        if (!second.empty() && names_match(*command, 1, second)) return Resolved{command.get(), rest};
        candidates.push_back(joined(command->spec.path));
      }
    }
    UnknownCommand unknown{group_name + (second.empty() ? "" : " " + std::string(second)), std::nullopt};
    if (!second.empty()) unknown.suggestion = text::closest_match(unknown.typed, candidates);
    return unknown;
  }

  for (const auto& command : commands_) {
    candidates.push_back(command->spec.path.front());
    for (const auto& alias : command->spec.aliases) {
      if (command->spec.path.size() == 1) candidates.push_back(alias);
    }
  }
  return UnknownCommand{std::string(first), text::closest_match(text::to_lower(first), candidates)};
}

std::string command_prefix_text(std::string_view prefix, std::string_view root) {
  return root.empty() ? std::string(prefix) : std::string(prefix) + std::string(root) + " ";
}

std::optional<std::string_view> strip_command_prefix(std::string_view content, std::string_view prefix,
                                                     std::string_view root) {
  if (prefix.empty() || !content.starts_with(prefix)) return std::nullopt;
  content.remove_prefix(prefix.size());
  if (root.empty()) return text::trim(content);
  if (!text::starts_with_ci(content, root)) return std::nullopt;
  content.remove_prefix(root.size());
  // "!mban" is not "!m ban": the root must end at whitespace or the end.
  if (!content.empty() && !std::isspace(static_cast<unsigned char>(content.front()))) return std::nullopt;
  return text::trim(content);
}

std::string usage_line(const CommandSpec& spec, std::string_view prefix_text) {
  std::string line = std::string(prefix_text) + joined(spec.path);
  const auto args = usage_of(spec.args);
  if (!args.empty()) line += " " + args;
  return line;
}

}  // namespace dbot::bot
