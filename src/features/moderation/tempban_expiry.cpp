// Lifting expired tempbans. A tempban ends only when Discord confirms the
// unban; a failed unban is retried with growing delays and stays in banlist
// meanwhile. A ban that is no longer ours (lifted and re-imposed by someone
// else, whose audit reason differs from the one we stored) is never lifted.

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>

#include "bot/instance.hpp"
#include "core/clock.hpp"
#include "discord/gateway.hpp"
#include "discord/rest_client.hpp"
#include "features/moderation/config.hpp"
#include "features/moderation/modlog.hpp"
#include "features/moderation/services.hpp"

namespace dbot::features::moderation {
namespace asio = boost::asio;

namespace {

constexpr int kBatch = 50;
constexpr std::int64_t kMaxRetrySecs = 3600;

// The first retry comes one check interval later, then the wait doubles up
// to an hour: a lasting problem (lost permission) doesn't hammer Discord.
std::int64_t retry_delay(const Services& s, int failed_attempts) {
  const std::int64_t base = std::max<std::int64_t>(
      1, s.instance.config().required_section<ModerationConfig>().tempban_check_interval.count());
  const int doublings = std::min(failed_attempts, 12);
  return std::min(base << doublings, kMaxRetrySecs);
}

enum class BanState { ours, someone_elses, absent, unknown };

// What Discord says about the ban this tempban made.
asio::awaitable<BanState> current_ban(bot::Instance& instance, const Tempban& t, std::string& error) {
  std::optional<std::string> body;
  bool absent = false;
  try {
    body = co_await instance.rest().get_ban(t.guild_id, t.user_id);
  } catch (const discord::DiscordError& e) {
    if (e.status() == 404) {
      absent = true;
    } else {
      error = e.user_message();
    }
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (absent) co_return BanState::absent;
  if (!body) co_return BanState::unknown;
  // Rows from before reasons were stored can't be told apart: treat as ours.
  if (t.ban_reason.empty()) co_return BanState::ours;
  boost::system::error_code ec;
  const auto ban = boost::json::parse(*body, ec);
  std::string reason;
  if (!ec && ban.is_object()) {
    if (const auto* r = ban.as_object().if_contains("reason"); r && r->is_string()) reason = r->as_string().c_str();
  }
  co_return reason == t.ban_reason ? BanState::ours : BanState::someone_elses;
}

asio::awaitable<void> lift(Services& s, const Tempban& t) {
  const auto& name = s.instance.name();
  const std::string unban_reason =
      t.case_number ? fmt::format("Tempban expired (case #{})", t.case_number) : std::string("Tempban expired");
  std::string error;
  const auto state = co_await current_ban(s.instance, t, error);
  if (state == BanState::absent) {
    co_await s.cases.end_tempban(t.id, TempbanEnd::unbanned);
    spdlog::info("[{}] Tempban of {} in guild {} (case #{}) was already lifted in Discord", name, t.user_id.str(),
                 t.guild_id.str(), t.case_number);
    co_return;
  }
  if (state == BanState::someone_elses) {
    co_await s.cases.end_tempban(t.id, TempbanEnd::superseded);
    spdlog::info(
        "[{}] Tempban of {} in guild {} (case #{}) expired, but they were banned again by someone else; "
        "that ban stays",
        name, t.user_id.str(), t.guild_id.str(), t.case_number);
    co_return;
  }
  bool lifted = false;
  bool gone = false;
  if (state == BanState::ours) {
    discord::CallOptions options;
    options.reason = unban_reason;
    try {
      co_await s.instance.rest().remove_ban(t.guild_id, t.user_id, options);
      lifted = true;
    } catch (const discord::DiscordError& e) {
      if (e.status() == 404) {
        gone = true;
      } else {
        error = e.user_message();
      }
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  if (gone) {
    co_await s.cases.end_tempban(t.id, TempbanEnd::unbanned);
    co_return;
  }
  if (!lifted) {
    const auto delay = retry_delay(s, t.attempts);
    co_await s.cases.retry_tempban_later(t.id, delay, error);
    spdlog::warn("[{}] Could not lift the tempban of {} in guild {} (case #{}, attempt {}): {}; retrying in {} s", name,
                 t.user_id.str(), t.guild_id.str(), t.case_number, t.attempts + 1, error, delay);
    co_return;
  }
  co_await s.cases.end_tempban(t.id, TempbanEnd::expired);
  spdlog::info("[{}] Auto-unbanned {} from guild {} (case #{})", name, t.user_id.str(), t.guild_id.str(),
               t.case_number);
  Case draft;
  draft.action = Action::unban;
  draft.guild_id = t.guild_id;
  draft.target_id = t.user_id;
  draft.moderator_id = s.instance.self_id();
  draft.reason = unban_reason;
  const auto recorded = co_await s.cases.record(draft, std::nullopt);
  co_await post_to_modlog(s.instance, s.cases, recorded);
}

asio::awaitable<void> lift_expired(Services& s) {
  const auto due = co_await s.cases.due_tempbans(kBatch);
  for (const auto& t : due) co_await lift(s, t);
}

// A ban lifted in Discord (by us or anyone) ends its tempbans.
asio::awaitable<void> on_ban_removed(Services& s, const discord::BanRemove& ban) {
  if (!ban.guild_id || !ban.user.id) co_return;
  co_await s.cases.end_tempbans_of(ban.guild_id, ban.user.id, TempbanEnd::unbanned);
}

}  // namespace

void add_tempban_expiry(bot::FeatureRegistry& registry, SharedServices services) {
  const auto interval = services->instance.config().required_section<ModerationConfig>().tempban_check_interval;
  registry.add_task({.name = "tempban expiry",
                     .initial_delay = std::chrono::seconds(1),
                     .interval = std::chrono::duration_cast<std::chrono::milliseconds>(interval),
                     .body = [services]() -> asio::awaitable<void> { co_await lift_expired(*services); }});
  registry.on_ban_remove(
      [services](const discord::BanRemove& ban) -> asio::awaitable<void> { co_await on_ban_removed(*services, ban); });
}

}  // namespace dbot::features::moderation
