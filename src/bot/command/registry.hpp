#pragma once
// Every command a feature offers is declared here once: name, aliases, group,
// arguments, permissions, rate limiter. The registry resolves typed text to a
// command (with "did you mean" for typos) and is the single source for help
// and for slash-command registration.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "bot/command/argument.hpp"
#include "core/rate_limiter.hpp"

namespace dbot::bot {

class CommandContext;  // defined by the instance runtime

// Where `required_permissions` are checked. A command that acts on the
// channel it runs in (nuke) needs them there: a channel overwrite that denies
// one must stop it, as it stops the member's own client.
enum class PermissionScope {
  guild,    // the member's server-wide permissions (bans, kicks, timeouts, settings)
  channel,  // the member's permissions in the command's channel, overwrites included
};

struct CommandSpec {
  // {"ban"} or {"stock", "buy"}: a group name followed by the subcommand.
  std::vector<std::string> path;
  std::vector<std::string> aliases;  // aliases of the last path element
  std::string section;               // help section, e.g. "Moderation"
  std::string summary;               // one line, at most 100 characters (slash limit)
  std::vector<ArgSpec> args;
  std::uint64_t required_permissions = 0;  // Discord permission bits the caller needs
  std::string permission_names;            // e.g. "Ban Members", shown in refusals
  PermissionScope permission_scope = PermissionScope::guild;
  bool guild_only = true;
  const LimiterDef* rate_limiter = nullptr;  // a feature module's limit, or none
  bool slash = true;                         // also registered as a slash command
  // Groups only (two-word paths): other names of the group word ("st" for
  // "stock"), declared on any one of its subcommands, and whether this
  // subcommand runs when the group is named alone ("!m stock").
  std::vector<std::string> group_aliases;
  bool group_default = false;
};

using CommandHandler = std::function<boost::asio::awaitable<void>(CommandContext&)>;

struct Command {
  CommandSpec spec;
  CommandHandler handler;
};

struct Resolved {
  const Command* command;
  std::string_view arguments;  // the text after the command words
};

struct UnknownCommand {
  std::string typed;                      // what the user typed, e.g. "stock bye"
  std::optional<std::string> suggestion;  // e.g. "stock buy"
};

class CommandRegistry {
 public:
  // Throws std::logic_error on a duplicate name or alias (a programming error).
  void add(Command command);

  // `text` is what follows the prefix and root, e.g. "stock buy AAPL 2".
  std::variant<Resolved, UnknownCommand> resolve(std::string_view text) const;

  const std::vector<std::unique_ptr<Command>>& all() const { return commands_; }
  // Commands of one group ("stock"), in declaration order.
  std::vector<const Command*> group(std::string_view name) const;
  const Command* find(const std::vector<std::string>& path) const;

 private:
  std::vector<std::unique_ptr<Command>> commands_;
};

// "!m " for prefix "!" and root "m"; "!" when the root is empty.
std::string command_prefix_text(std::string_view prefix, std::string_view root);

// When `content` starts with prefix+root (case-insensitive root), returns the
// rest ("ban @x 1d"); with an empty root, everything after the prefix.
std::optional<std::string_view> strip_command_prefix(std::string_view content, std::string_view prefix,
                                                     std::string_view root);

// "!m ban <member> <duration|perm> [reason]"
std::string usage_line(const CommandSpec& spec, std::string_view prefix_text);

}  // namespace dbot::bot
