// nuke (alias purge): deletes the latest messages of a channel, newest first,
// from before the command. Bulk delete only takes messages younger than 14
// days, so older ones are reported as skipped instead of failing the lot.

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "core/clock.hpp"
#include "discord/permissions.hpp"
#include "discord/rest_client.hpp"
#include "features/moderation/limits.hpp"
#include "features/moderation/services.hpp"

namespace dbot::features::moderation {
namespace asio = boost::asio;
using bot::ArgKind;
using bot::CommandContext;

namespace {

constexpr std::int64_t kBulkDeleteMaxAgeMs = 14LL * 24 * 3600 * 1000;
// Messages this close to the limit may cross it before Discord sees the
// request; leave them out rather than fail the whole bulk delete.
constexpr std::int64_t kAgeSafetyMs = 60'000;
constexpr auto kNoticeLifetime = std::chrono::seconds(3);

std::int64_t created_ms(Snowflake id) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(id.created_at().time_since_epoch()).count();
}

std::string nuke_summary(std::size_t deleted, std::size_t skipped, std::int64_t asked) {
  const auto requested = static_cast<std::size_t>(asked);
  if (skipped > 0)
    return fmt::format(
        "Deleted **{}/{}** messages ({} older than 14 days were skipped: Discord can't bulk-delete "
        "them).",
        deleted, requested, skipped);
  if (deleted < requested)
    return fmt::format("Deleted **{}/{}** messages (the channel had no more).", deleted, requested);
  return fmt::format("Deleted **{}** messages.", deleted);
}

asio::awaitable<void> nuke(Services& s, CommandContext& context) {
  const auto count = *context.args.integer("count");
  auto& rest = s.instance.rest();
  // Everything older than the command itself: never the command's own
  // answer, whatever arrives while we work.
  const Snowflake before = context.message ? context.message->id : context.interaction->interaction.id;
  const auto messages = co_await rest.get_messages(context.channel_id, static_cast<unsigned>(count), before);

  const auto cutoff = unix_now_ms() - kBulkDeleteMaxAgeMs + kAgeSafetyMs;
  std::vector<Snowflake> recent;
  std::size_t skipped = 0;
  for (const auto& m : messages) {
    if (created_ms(m.id) > cutoff) {
      recent.push_back(m.id);
    } else {
      ++skipped;
    }
  }
  discord::CallOptions options;
  options.reason = audit_reason("Nuke", context.author.username.view(), std::nullopt);
  if (recent.size() == 1) {
    co_await rest.delete_message(context.channel_id, recent.front(), options);
  } else if (!recent.empty()) {
    co_await rest.bulk_delete_messages(context.channel_id, recent, options);
  }
  if (context.message) {
    // The prefix command's own message goes too, as in the seed; it may
    // already be gone, which is fine.
    try {
      co_await rest.delete_message(context.channel_id, context.message->id, options);
    } catch (const std::exception&) {
    }
  }

  Case draft;
  draft.action = Action::nuke;
  draft.guild_id = context.guild_id;
  draft.target_id = context.channel_id;
  draft.moderator_id = context.author.id;
  draft.detail =
      skipped ? fmt::format("{} ({} too old, skipped)", recent.size(), skipped) : std::to_string(recent.size());
  const auto recorded = co_await record_action(s, context, std::move(draft), std::nullopt);
  const auto summary = nuke_summary(recent.size(), skipped, count) +
                       (recorded ? fmt::format(" Case #{}.", recorded->number) : std::string());
  if (context.interaction) {
    co_await context.reply(summary);
    co_return;
  }
  // The command message is gone, so this is a plain message, removed after
  // a moment to leave the channel clean.
  auto text = bot::Reply::text(summary);
  const auto notice = co_await context.send(std::move(text));
  asio::steady_timer timer(s.instance.executor(), kNoticeLifetime);
  co_await timer.async_wait(asio::use_awaitable);
  try {
    co_await rest.delete_message(context.channel_id, notice);
  } catch (const std::exception&) {
  }
}

}  // namespace

void add_nuke_command(bot::FeatureRegistry& registry, SharedServices services) {
  add_command(registry, services,
              {.path = {"nuke"},
               .aliases = {"purge"},
               .summary = "Delete the latest messages in this channel (1-100)",
               .args = {{.name = "count",
                         .kind = ArgKind::integer,
                         .description = "How many messages (1-100)",
                         .min = 1,
                         .max = 100}},
               .required_permissions = discord::permission::manage_messages.bits,
               // Purges this channel: a channel overwrite denying Manage Messages stops it.
               .permission_scope = bot::PermissionScope::channel,
               .rate_limiter = &kModerationLimit},
              nuke);
}

}  // namespace dbot::features::moderation
