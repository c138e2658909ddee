// ban, unban, kick, timeout, untimeout and warn. Each checks who may be acted
// on, asks Discord first (with the audit-log reason), and records the case
// only once Discord has confirmed.

#include <chrono>

#include <fmt/format.h>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "bot/messaging.hpp"
#include "core/clock.hpp"
#include "core/duration.hpp"
#include "discord/permissions.hpp"
#include "discord/rest_client.hpp"
#include "features/moderation/limits.hpp"
#include "features/moderation/services.hpp"
#include "features/moderation/target_checks.hpp"

namespace dbot::features::moderation {
namespace asio = boost::asio;
using bot::ArgKind;
using bot::CommandContext;

namespace {

constexpr auto kMaxTimeout = std::chrono::hours(24 * 28);  // Discord's limit

std::int64_t unix_now() { return unix_now_ms() / 1000; }

// The target check shared by every member action; replies and returns false
// when the action must not go ahead.
asio::awaitable<bool> may_act_on(Services& s, CommandContext& context, Snowflake target, const std::string& name,
                                 bool bot_must_outrank) {
  const TargetCheck check{.guild = context.guild_id,
                          .moderator = context.author.id,
                          .target = target,
                          .bot = s.instance.self_id(),
                          .target_name = name,
                          .bot_must_outrank = bot_must_outrank};
  const auto refusal = refusal_for_target(s.instance.cache(), check);
  if (refusal.empty()) co_return true;
  co_await context.reply(refusal);
  co_return false;
}

Case draft_case(const CommandContext& context, Action action, Snowflake target, std::optional<std::string> reason) {
  Case draft;
  draft.action = action;
  draft.guild_id = context.guild_id;
  draft.target_id = target;
  draft.moderator_id = context.author.id;
  draft.reason = std::move(reason);
  return draft;
}

discord::CallOptions with_reason(std::string reason) {
  discord::CallOptions options;
  options.reason = std::move(reason);
  return options;
}

asio::awaitable<void> ban(Services& s, CommandContext& context) {
  const auto target = *context.args.id("member");
  bool permanent = false;
  const auto duration = context.args.duration("duration", &permanent).value_or(std::chrono::seconds(0));
  const auto reason = context.args.text("reason");
  const auto name = co_await name_of(s.instance, context.guild_id, target);
  if (!co_await may_act_on(s, context, target, name, true)) co_return;

  const std::string what = permanent ? std::string("Ban") : fmt::format("Tempban ({})", format_duration(duration));
  const auto audit = audit_reason(what, context.author.username.view(), reason);
  auto options = with_reason(audit);
  co_await s.instance.rest().create_ban(context.guild_id, target, 0, std::move(options));

  auto draft = draft_case(context, permanent ? Action::ban : Action::tempban, target, reason);
  std::optional<TempbanTerms> terms;
  if (!permanent) {
    draft.duration_secs = duration.count();
    draft.expires_at = unix_now() + duration.count();
    terms = TempbanTerms{.ban_reason = audit, .expires_at = *draft.expires_at};
  }
  const auto recorded = co_await record_action(s, context, std::move(draft), std::move(terms));
  if (!recorded) co_return;
  std::string text;
  if (permanent) {
    text = fmt::format("Banned **{}** permanently. Case #{}.", name, recorded->number);
  } else {
    text = fmt::format("Banned **{}** for **{}**. Expires <t:{}:R>. Case #{}.", name, format_duration(duration),
                       *recorded->expires_at, recorded->number);
  }
  co_await context.reply(text + reason_line(reason));
}

asio::awaitable<void> unban(Services& s, CommandContext& context) {
  const auto target = *context.args.id("user");
  const auto reason = context.args.text("reason");
  const auto name = co_await name_of(s.instance, context.guild_id, target);
  auto options = with_reason(audit_reason("Unban", context.author.username.view(), reason));
  bool not_banned = false;
  try {
    co_await s.instance.rest().remove_ban(context.guild_id, target, std::move(options));
  } catch (const discord::DiscordError& e) {
    if (e.status() != 404) throw;
    not_banned = true;
  }
  if (not_banned) {
    // Discord is the truth: a tempban row for someone not banned is stale.
    co_await s.cases.end_tempbans_of(context.guild_id, target, TempbanEnd::unbanned);
    co_await context.reply(fmt::format("**{}** is not banned.", name));
    co_return;
  }
  const auto had = co_await s.cases.end_tempbans_of(context.guild_id, target, TempbanEnd::unbanned);
  auto draft = draft_case(context, Action::unban, target, reason);
  const auto recorded = co_await record_action(s, context, std::move(draft), std::nullopt);
  if (!recorded) co_return;
  co_await context.reply(fmt::format("Unbanned **{}**.{} Case #{}.", name,
                                     had == 0 ? " (No active tempban was found in the database.)" : "",
                                     recorded->number) +
                         reason_line(reason));
}

asio::awaitable<void> kick(Services& s, CommandContext& context) {
  const auto target = *context.args.id("member");
  const auto reason = context.args.text("reason");
  const auto name = co_await name_of(s.instance, context.guild_id, target);
  if (!co_await may_act_on(s, context, target, name, true)) co_return;
  auto options = with_reason(audit_reason("Kick", context.author.username.view(), reason));
  co_await s.instance.rest().kick_member(context.guild_id, target, std::move(options));
  auto draft = draft_case(context, Action::kick, target, reason);
  const auto recorded = co_await record_action(s, context, std::move(draft), std::nullopt);
  if (!recorded) co_return;
  co_await context.reply(fmt::format("Kicked **{}**. Case #{}.", name, recorded->number) + reason_line(reason));
}

asio::awaitable<void> timeout(Services& s, CommandContext& context) {
  const auto target = *context.args.id("member");
  const auto duration = *context.args.duration("duration");
  const auto reason = context.args.text("reason");
  const auto name = co_await name_of(s.instance, context.guild_id, target);
  if (!co_await may_act_on(s, context, target, name, true)) co_return;
  const auto until = unix_now() + duration.count();
  const auto what = fmt::format("Timeout ({})", format_duration(duration));
  auto options = with_reason(audit_reason(what, context.author.username.view(), reason));
  co_await s.instance.rest().timeout_member(context.guild_id, target, until * 1000, std::move(options));
  auto draft = draft_case(context, Action::timeout, target, reason);
  draft.duration_secs = duration.count();
  draft.expires_at = until;
  const auto recorded = co_await record_action(s, context, std::move(draft), std::nullopt);
  if (!recorded) co_return;
  co_await context.reply(fmt::format("Timed out **{}** for **{}**. Ends <t:{}:R>. Case #{}.", name,
                                     format_duration(duration), until, recorded->number) +
                         reason_line(reason));
}

asio::awaitable<void> untimeout(Services& s, CommandContext& context) {
  const auto target = *context.args.id("member");
  const auto reason = context.args.text("reason");
  const auto name = co_await name_of(s.instance, context.guild_id, target);
  if (!co_await may_act_on(s, context, target, name, true)) co_return;
  const auto member = s.instance.cache().member(context.guild_id, target);
  if (member && !member->timed_out(unix_now_ms())) {
    co_await context.reply(fmt::format("**{}** is not timed out.", name));
    co_return;
  }
  auto options = with_reason(audit_reason("Timeout removed", context.author.username.view(), reason));
  co_await s.instance.rest().timeout_member(context.guild_id, target, 0, std::move(options));
  auto draft = draft_case(context, Action::untimeout, target, reason);
  const auto recorded = co_await record_action(s, context, std::move(draft), std::nullopt);
  if (!recorded) co_return;
  co_await context.reply(fmt::format("Removed **{}**'s timeout. Case #{}.", name, recorded->number) +
                         reason_line(reason));
}

// Tells the member why they were warned; false when their DMs are closed.
asio::awaitable<bool> notify_warned(Services& s, Snowflake guild, Snowflake target, const std::string& reason) {
  bool delivered = true;
  try {
    const auto dm = co_await s.instance.rest().create_dm(target);
    const auto known = s.instance.cache().guild(guild);
    auto note = bot::Reply::text(
        fmt::format("You were warned in **{}**: {}", known ? known->name : std::string("a server"), reason));
    co_await bot::send_message(s.instance.rest(), dm.id, std::move(note));
  } catch (const std::exception&) {
    delivered = false;
  }
  co_return delivered;
}

asio::awaitable<void> warn(Services& s, CommandContext& context) {
  const auto target = *context.args.id("member");
  const auto reason = *context.args.text("reason");
  const auto name = co_await name_of(s.instance, context.guild_id, target);
  if (!co_await may_act_on(s, context, target, name, false)) co_return;
  // A warning has no Discord side: the case is the action.
  auto draft = draft_case(context, Action::warn, target, reason);
  const auto recorded = co_await record_action(s, context, std::move(draft), std::nullopt);
  if (!recorded) co_return;
  const bool told = co_await notify_warned(s, context.guild_id, target, reason);
  co_await context.reply(fmt::format("Warned **{}**. Case #{}.{}", name, recorded->number,
                                     told ? "" : " (Their DMs are closed, so they were not told.)") +
                         reason_line(reason));
}

bot::ArgSpec member_arg(std::string description) {
  return {.name = "member", .kind = ArgKind::member, .description = std::move(description)};
}

bot::ArgSpec reason_arg(bool required) {
  return {.name = "reason",
          .kind = ArgKind::rest,
          .description = required ? "Why (shown in the case and the audit log)" : "Why (optional)",
          .required = required};
}

}  // namespace

void add_member_actions(bot::FeatureRegistry& registry, SharedServices services) {
  using namespace discord::permission;
  add_command(registry, services,
              {.path = {"ban"},
               .summary = "Ban a member for a while (30m, 2d, 1w...) or for good (perm)",
               .args = {member_arg("Who to ban"),
                        {.name = "duration",
                         .kind = ArgKind::duration_or_perm,
                         .description = "How long (30s, 5m, 2h, 3d, 1w, up to 365d) or perm"},
                        reason_arg(false)},
               .required_permissions = ban_members.bits,
               .rate_limiter = &kModerationLimit},
              ban);
  add_command(registry, services,
              {.path = {"unban"},
               .summary = "Lift a ban",
               .args = {{.name = "user", .kind = ArgKind::user, .description = "The banned user (mention or id)"},
                        reason_arg(false)},
               .required_permissions = ban_members.bits,
               .rate_limiter = &kModerationLimit},
              unban);
  add_command(registry, services,
              {.path = {"kick"},
               .summary = "Remove a member from the server (they can rejoin)",
               .args = {member_arg("Who to kick"), reason_arg(false)},
               .required_permissions = kick_members.bits,
               .rate_limiter = &kModerationLimit},
              kick);
  add_command(registry, services,
              {.path = {"timeout"},
               .aliases = {"mute"},
               .summary = "Stop a member from talking for a while (up to 28d)",
               .args = {member_arg("Who to time out"),
                        {.name = "duration",
                         .kind = ArgKind::duration,
                         .description = "How long (30s, 5m, 2h, 3d, up to 28d)",
                         .max_duration = kMaxTimeout},
                        reason_arg(false)},
               .required_permissions = moderate_members.bits,
               .rate_limiter = &kModerationLimit},
              timeout);
  add_command(registry, services,
              {.path = {"untimeout"},
               .aliases = {"unmute"},
               .summary = "End a member's timeout",
               .args = {member_arg("Whose timeout to end"), reason_arg(false)},
               .required_permissions = moderate_members.bits,
               .rate_limiter = &kModerationLimit},
              untimeout);
  add_command(registry, services,
              {.path = {"warn"},
               .summary = "Warn a member (recorded as a case; they get a DM)",
               .args = {member_arg("Who to warn"), reason_arg(true)},
               .required_permissions = moderate_members.bits,
               .rate_limiter = &kModerationLimit},
              warn);
}

}  // namespace dbot::features::moderation
