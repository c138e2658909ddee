#include "features/moderation/modlog.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "bot/messaging.hpp"
#include "core/clock.hpp"
#include "core/duration.hpp"

namespace dbot::features::moderation {
namespace asio = boost::asio;

bot::Embed case_embed(const Case& c) {
  bot::Embed embed;
  embed.title = fmt::format("Mod Action: {}", action_title(c.action));
  embed.color = (c.action == Action::unban || c.action == Action::untimeout) ? bot::colors::kDiscordGreen
                                                                             : bot::colors::kDiscordRed;
  embed.timestamp = iso8601(c.created_at_ms);
  embed.field("Case", fmt::format("#{}", c.number), true);
  if (c.action == Action::nuke) {
    embed.field("Channel", fmt::format("<#{}>", c.target_id.str()), true);
  } else {
    embed.field("User", fmt::format("<@{}> ({})", c.target_id.str(), c.target_id.str()), true);
  }
  embed.field("Moderator", fmt::format("<@{}>", c.moderator_id.str()), true);
  if (c.duration_secs) embed.field("Duration", format_duration(std::chrono::seconds(*c.duration_secs)), true);
  if (c.expires_at) embed.field("Expires", fmt::format("<t:{}:R>", *c.expires_at), true);
  if (c.detail) embed.field(c.action == Action::nuke ? "Messages Deleted" : "Detail", *c.detail, true);
  embed.field("Reason", c.reason.value_or("No reason given"), true);
  if (c.updated_at_ms > c.created_at_ms) embed.footer = "Reason edited";
  return embed;
}

asio::awaitable<void> post_to_modlog(bot::Instance& instance, CaseStore& store, Case c) {
  bool failed = false;
  std::string why;
  try {
    const auto settings = co_await instance.settings().get(c.guild_id);
    if (!settings.log_channel) co_return;
    const auto channel = *settings.log_channel;
    auto entry = bot::Reply::embed(case_embed(c));
    const auto message = co_await bot::send_message(instance.rest(), channel, std::move(entry));
    co_await store.set_log_message(c.guild_id, c.number, channel, message);
  } catch (const std::exception& e) {
    failed = true;
    why = e.what();
  }
  if (failed) {
    spdlog::warn("[{}] Could not post case #{} of guild {} to the modlog: {}", instance.name(), c.number,
                 c.guild_id.str(), why);
  }
}

asio::awaitable<bool> refresh_modlog(bot::Instance& instance, const Case& c) {
  if (!c.log_message_id) co_return false;
  bool failed = false;
  std::string why;
  try {
    auto entry = bot::Reply::embed(case_embed(c));
    co_await bot::edit_message(instance.rest(), c.log_channel_id, c.log_message_id, std::move(entry));
  } catch (const std::exception& e) {
    failed = true;
    why = e.what();
  }
  if (failed) {
    spdlog::warn("[{}] Could not edit the modlog entry of case #{}: {}", instance.name(), c.number, why);
    co_return false;
  }
  co_return true;
}

}  // namespace dbot::features::moderation
