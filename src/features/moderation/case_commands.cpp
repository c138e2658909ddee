// Reading and amending the record: banlist (open tempbans), cases, case and
// reason (which also edits the case's modlog embed).

#include <fmt/format.h>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "core/clock.hpp"
#include "discord/permissions.hpp"
#include "features/moderation/limits.hpp"
#include "features/moderation/modlog.hpp"
#include "features/moderation/services.hpp"

namespace dbot::features::moderation {
namespace asio = boost::asio;
using bot::ArgKind;
using bot::CommandContext;

namespace {

constexpr std::size_t kDescriptionLimit = 4096;  // Discord's embed description limit
constexpr int kCasesShown = 10;

// Joins `lines` into an embed description, ending with "…and N more" when
// they don't all fit (the seed's banlist failed outright instead).
std::string fit_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto more = fmt::format("\n…and {} more", lines.size() - i);
    if (out.size() + lines[i].size() + 1 + more.size() > kDescriptionLimit) return out + more;
    if (!out.empty()) out += '\n';
    out += lines[i];
  }
  return out;
}

std::string tempban_line(const Tempban& t, std::int64_t now) {
  std::string line = fmt::format("<@{}> — ", t.user_id.str());
  if (t.expires_at > now) {
    line += fmt::format("expires <t:{}:R>", t.expires_at);
  } else if (t.last_error) {
    line +=
        fmt::format("expired <t:{}:R>, **unban failing** ({} attempts: {})", t.expires_at, t.attempts, *t.last_error);
  } else {
    line += fmt::format("expired <t:{}:R>, unban pending", t.expires_at);
  }
  line += fmt::format(" (by <@{}>", t.moderator_id.str());
  if (t.reason && !t.reason->empty()) line += ", reason: " + *t.reason;
  line += t.case_number ? fmt::format(", case #{})", t.case_number) : std::string(")");
  return line;
}

asio::awaitable<void> banlist(Services& s, CommandContext& context) {
  const auto bans = co_await s.cases.open_tempbans(context.guild_id);
  if (bans.empty()) {
    co_await context.reply("No active tempbans.");
    co_return;
  }
  const auto now = unix_now_ms() / 1000;
  std::vector<std::string> lines;
  for (const auto& t : bans) lines.push_back(tempban_line(t, now));
  bot::Embed embed{.title = "Active Tempbans", .description = fit_lines(lines), .color = bot::colors::kDiscordRed};
  auto reply = bot::Reply::embed(std::move(embed));
  co_await context.reply(std::move(reply));
}

std::string case_line(const Case& c) {
  std::string line = fmt::format("**#{}** {} · ", c.number, action_title(c.action));
  line += c.action == Action::nuke ? fmt::format("<#{}>", c.target_id.str()) : fmt::format("<@{}>", c.target_id.str());
  line += fmt::format(" · by <@{}> · <t:{}:d>", c.moderator_id.str(), c.created_at_ms / 1000);
  if (c.reason && !c.reason->empty()) {
    auto reason = *c.reason;
    if (reason.size() > 80) reason = reason.substr(0, 77) + "...";
    line += " · " + reason;
  }
  return line;
}

asio::awaitable<void> cases(Services& s, CommandContext& context) {
  const auto target = context.args.id("user").value_or(Snowflake{});
  const auto list = co_await s.cases.list(context.guild_id, target, kCasesShown);
  const auto total = co_await s.cases.count(context.guild_id, target);
  std::string who;
  if (target) who = co_await name_of(s.instance, context.guild_id, target);
  if (list.empty()) {
    const auto none = target ? fmt::format("**{}** has no cases.", who) : std::string("No cases yet.");
    co_await context.reply(none);
    co_return;
  }
  std::vector<std::string> lines;
  for (const auto& c : list) lines.push_back(case_line(c));
  const auto title = target ? fmt::format("Cases for {}", who) : std::string("Recent cases");
  bot::Embed embed{.title = title, .description = fit_lines(lines), .color = bot::colors::kDiscordRed};
  embed.footer =
      fmt::format("Showing {} of {} · {}case <number> for details", list.size(), total, context.prefix_text());
  auto reply = bot::Reply::embed(std::move(embed));
  co_await context.reply(std::move(reply));
}

asio::awaitable<void> show_case(Services& s, CommandContext& context) {
  const auto number = static_cast<int>(*context.args.integer("number"));
  const auto found = co_await s.cases.get(context.guild_id, number);
  if (!found) {
    co_await context.reply(fmt::format("There is no case #{} in this server.", number));
    co_return;
  }
  auto reply = bot::Reply::embed(case_embed(*found));
  co_await context.reply(std::move(reply));
}

asio::awaitable<void> set_reason(Services& s, CommandContext& context) {
  const auto number = static_cast<int>(*context.args.integer("number"));
  const auto text = *context.args.text("text");
  const auto updated = co_await s.cases.set_reason(context.guild_id, number, text);
  if (!updated) {
    co_await context.reply(fmt::format("There is no case #{} in this server.", number));
    co_return;
  }
  std::string note;
  if (updated->log_message_id) {
    const bool edited = co_await refresh_modlog(s.instance, *updated);
    note = edited ? " The modlog entry was updated too." : " (I couldn't edit its modlog entry.)";
  }
  co_await context.reply(fmt::format("Case #{} reason set.{}", number, note));
}

}  // namespace

void add_case_commands(bot::FeatureRegistry& registry, SharedServices services) {
  using namespace discord::permission;
  add_command(registry, services,
              {.path = {"banlist"},
               .aliases = {"bans"},
               .summary = "List active tempbans (and unbans still being retried)",
               .required_permissions = ban_members.bits},
              banlist);
  add_command(registry, services,
              {.path = {"cases"},
               .summary = "List recent moderation cases, or one user's",
               .args = {{.name = "user",
                         .kind = ArgKind::user,
                         .description = "Whose cases (default: everyone's)",
                         .required = false}},
               .required_permissions = moderate_members.bits},
              cases);
  add_command(registry, services,
              {.path = {"case"},
               .summary = "Show one moderation case",
               .args = {{.name = "number",
                         .kind = ArgKind::integer,
                         .description = "The case number",
                         .min = 1,
                         .max = 2147483647}},
               .required_permissions = moderate_members.bits},
              show_case);
  add_command(
      registry, services,
      {.path = {"reason"},
       .summary = "Change the reason of a case (and its modlog entry)",
       .args =
           {{.name = "number", .kind = ArgKind::integer, .description = "The case number", .min = 1, .max = 2147483647},
            {.name = "text", .kind = ArgKind::rest, .description = "The new reason"}},
       .required_permissions = moderate_members.bits,
       .rate_limiter = &kModerationLimit},
      set_reason);
}

}  // namespace dbot::features::moderation
