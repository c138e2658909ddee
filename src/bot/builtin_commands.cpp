// Commands every instance has regardless of features: help.

#include "bot/command/help.hpp"
#include "bot/context.hpp"
#include "bot/instance.hpp"

namespace dbot::bot {
namespace asio = boost::asio;

namespace {

constexpr std::uint32_t kHelpColor = 0x5865F2;

Embed to_embed(const HelpPage& page) {
  Embed embed{.title = page.title, .description = page.description, .color = kHelpColor, .footer = page.footer};
  for (const auto& field : page.fields) embed.field(field.name, field.value);
  return embed;
}

}  // namespace

void Instance::install_builtin_commands() {
  registry_.add_command(
      {.path = {"help"},
       .aliases = {"h"},
       .section = "General",
       .summary = "Show what I can do, or how to use one command",
       .args = {{.name = "command", .kind = ArgKind::rest, .description = "A command name", .required = false}},
       .guild_only = false},
      [this](CommandContext& context) -> asio::awaitable<void> {
        const auto prefix = context.prefix_text();
        if (const auto wanted = context.args.text("command")) {
          const auto resolved = commands_.resolve(*wanted);
          if (const auto* found = std::get_if<Resolved>(&resolved)) {
            co_await context.reply(Reply::embed(to_embed(render_command_help(*found->command, prefix))));
          } else {
            const auto& unknown = std::get<UnknownCommand>(resolved);
            std::string answer = "There is no command `" + *wanted + "`.";
            if (unknown.suggestion) answer += " Did you mean `" + *unknown.suggestion + "`?";
            co_await context.reply(answer);
          }
          co_return;
        }
        const auto page = render_help(commands_, prefix, config_.bot_name, DBOT_VERSION, [&](const Command& command) {
          return has_permissions(command.spec, context.guild_id, context.channel_id, context.author.id, context.member);
        });
        co_await context.reply(Reply::embed(to_embed(page)));
      });
}

}  // namespace dbot::bot
