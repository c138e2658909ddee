#include "features/minecraft/verify_commands.hpp"

#include <cctype>

#include <spdlog/spdlog.h>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "core/text.hpp"
#include "discord/permissions.hpp"

namespace dbot::features::minecraft {
namespace asio = boost::asio;
using bot::ArgKind;
using bot::CommandContext;

std::string normalize_code(std::string_view code) {
  std::string out;
  for (char ch : code) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isspace(c)) {
      if (!out.empty()) out.push_back(' ');  // inner spaces make the code invalid below
      continue;
    }
    if (!std::isalnum(c) && ch != '-') return {};
    out.push_back(static_cast<char>(std::toupper(c)));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > 32 || out.find(' ') != std::string::npos) return {};
  return out;
}

std::string escape_markdown(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (std::string_view("\\*_`~|>#[]()").find(ch) != std::string_view::npos) out.push_back('\\');
    out.push_back(ch);
  }
  return out;
}

namespace {

std::string usage(const CommandContext& command) {
  return "Usage: `" + command.prefix_text() + "verify <code>` — get your code by running `/verify` in Minecraft.";
}

asio::awaitable<void> run_verify(MinecraftContext& mc, CommandContext& command) {
  if (!mc.plugin) {
    co_await command.reply(
        "Minecraft verification is not configured on this bot: the operator needs to set `MC_VERIFY_URL` and "
        "`MC_VERIFY_SECRET`.");
    co_return;
  }
  const auto typed = command.args.text("code").value_or("");
  if (text::trim(typed).empty()) {
    co_await command.reply(usage(command));
    co_return;
  }
  const auto code = normalize_code(typed);
  if (code.empty()) {
    co_await command.reply("That doesn't look like a verification code (letters and digits only). " + usage(command));
    co_return;
  }
  if (const auto wait = mc.verify_attempts.try_acquire(command.author.id.value)) {
    co_await command.reply("Too many verification attempts. Try again in " +
                           std::to_string((wait->count() + 59999) / 60000) + " minute(s).");
    co_return;
  }
  VerifyResult result;
  std::string failure;
  try {
    result = co_await mc.plugin->verify(code, command.author.id);
  } catch (const Error& e) {
    spdlog::warn("[{}] Minecraft verify for {} failed: {}", mc.instance.name(), command.author.id.str(),
                 e.operator_detail());
    failure = e.user_message();
  }
  if (!failure.empty()) {
    co_await command.reply(failure);
    co_return;
  }
  if (!result.success) {
    auto reason = result.error.value_or("Unknown error");
    if (reason.size() > 300) reason = reason.substr(0, 300) + "...";
    co_await command.reply("Verification failed: " + reason);
    co_return;
  }
  const auto name = result.username.value_or("Unknown");
  co_await mc.links.link(command.author.id, result.uuid, name);
  spdlog::info("[{}] Minecraft account {} ({}) linked to Discord user {}", mc.instance.name(), name,
               result.uuid.value_or("no uuid"), command.author.id.str());
  co_await command.reply("Verified! Your Discord account is now linked to **" + escape_markdown(name) +
                         "** in Minecraft.");
}

asio::awaitable<void> run_whois(MinecraftContext& mc, CommandContext& command) {
  const auto query = std::string(text::trim(command.args.text("player").value_or("")));
  std::optional<LinkedAccount> account;
  const auto user = bot::parse_user_ref(query);
  if (user) account = co_await mc.links.by_discord_id(*user);
  if (!account) account = co_await mc.links.by_minecraft(query);
  if (!account) {
    if (user) {
      co_await command.reply("<@" + user->str() + "> has no linked Minecraft account.");
    } else {
      co_await command.reply("No Discord account is linked to the Minecraft player **" + escape_markdown(query) +
                             "**.");
    }
    co_return;
  }
  bot::Embed embed{.title = "Minecraft account", .color = bot::colors::kGreen};
  embed.field("Discord", "<@" + account->discord_id.str() + "> (" + account->discord_id.str() + ")", true);
  embed.field("Minecraft", escape_markdown(account->mc_name), true);
  embed.field("UUID", account->mc_uuid ? "`" + *account->mc_uuid + "`" : "unknown");
  embed.field("Linked", "<t:" + std::to_string(account->linked_at_unix) + ":f> (" + account->linked_at + ")");
  co_await command.reply(bot::Reply::embed(std::move(embed)));
}

}  // namespace

void install_verify_commands(bot::FeatureRegistry& registry, std::shared_ptr<MinecraftContext> context) {
  registry.add_command(
      {.path = {"verify"},
       .section = "Minecraft",
       .summary = "Link your Minecraft account (run /verify in Minecraft for a code)",
       .args =
           {{.name = "code", .kind = ArgKind::rest, .description = "The code Minecraft gave you", .required = false}},
       .guild_only = false},
      [context](CommandContext& command) -> asio::awaitable<void> { co_await run_verify(*context, command); });

  registry.add_command(
      {.path = {"mc", "whois"},
       .section = "Minecraft",
       .summary = "Show the Minecraft account linked to a member, or the member linked to a player",
       .args = {{.name = "player",
                 .kind = ArgKind::rest,
                 .description = "A member (mention or id), a Minecraft name or a UUID"}},
       .required_permissions = discord::permission::moderate_members.bits},
      [context](CommandContext& command) -> asio::awaitable<void> { co_await run_whois(*context, command); });

  registry.add_task({"mc_verify_limiter_cleanup", std::chrono::minutes(5), std::chrono::minutes(5),
                     [context]() -> asio::awaitable<void> {
                       context->verify_attempts.cleanup();
                       co_return;
                     }});
}

}  // namespace dbot::features::minecraft
