// Auto-role promotion: members holding `from_role` who have been in the
// server for `min_age` and/or written `min_messages` messages get `to_role`
// instead. Checked live on each message and by a periodic sweep. A database
// claim makes each promotion happen once however many messages race; a
// failed promotion releases its claim so the next sweep retries it.

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "core/clock.hpp"
#include "db/pool.hpp"
#include "discord/gateway.hpp"
#include "discord/models_json.hpp"
#include "discord/rest_client.hpp"
#include "features/roles/config.hpp"
#include "features/roles/role_guard.hpp"
#include "features/roles/roles.hpp"

namespace dbot::features {
namespace asio = boost::asio;

namespace {

constexpr int kSweepBatch = 500;
constexpr auto kSweepInterval = std::chrono::seconds(60);
constexpr auto kSweepFirstRun = std::chrono::seconds(10);

struct Activity {
  std::int64_t message_count = 0;
  std::int64_t first_seen_ms = 0;
  bool promoted = false;
};

bool holds(const discord::Member& member, Snowflake role) {
  const auto roles = member.roles.span();
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

class AutoRole {
 public:
  AutoRole(bot::Instance& instance, roles::AutoRoleConfig settings) : instance_(instance), settings_(settings) {}

  // Counts one message and promotes the author when they now qualify.
  asio::awaitable<void> on_message(const discord::Message& message) {
    if (!message.guild_id || message.author.bot || message.webhook_id) co_return;
    const auto activity = co_await count_message(message.guild_id, message.author.id);
    if (activity.promoted || !message.member) co_return;
    co_await consider(message.guild_id, message.author.id, *message.member, activity);
  }

  // Looks at every member not yet promoted, in every guild.
  asio::awaitable<void> sweep() {
    const auto rows = co_await instance_.db().execute(
        "SELECT guild_id, user_id, message_count, (EXTRACT(EPOCH FROM first_seen) * 1000)::BIGINT AS first_seen_ms "
        "FROM member_activity WHERE promoted = FALSE ORDER BY guild_id, user_id LIMIT $1",
        kSweepBatch);
    for (std::size_t i = 0; i < rows.rows(); ++i) {
      const auto guild = Snowflake::parse(rows.get<std::string>(i, "guild_id"));
      const auto user = Snowflake::parse(rows.get<std::string>(i, "user_id"));
      if (!guild || !user) continue;
      const Activity activity{rows.get<std::int64_t>(i, "message_count"), rows.get<std::int64_t>(i, "first_seen_ms"),
                              false};
      const auto member = co_await find_member(*guild, *user);
      if (!member) continue;
      co_await consider(*guild, *user, *member, activity);
    }
  }

 private:
  asio::awaitable<Activity> count_message(Snowflake guild, Snowflake user) {
    const auto r = co_await instance_.db().execute(
        "INSERT INTO member_activity (guild_id, user_id, message_count) VALUES ($1, $2, 1) "
        "ON CONFLICT (guild_id, user_id) DO UPDATE SET message_count = member_activity.message_count + 1 "
        "RETURNING message_count, (EXTRACT(EPOCH FROM first_seen) * 1000)::BIGINT AS first_seen_ms, promoted",
        guild.str(), user.str());
    co_return Activity{r.get<std::int64_t>(0, "message_count"), r.get<std::int64_t>(0, "first_seen_ms"),
                       r.get<bool>(0, "promoted")};
  }

  asio::awaitable<std::optional<discord::Member>> find_member(Snowflake guild, Snowflake user) {
    if (auto cached = instance_.cache().member(guild, user)) co_return cached;
    std::optional<discord::Member> fetched;
    try {
      fetched = co_await instance_.rest().get_member(guild, user);
    } catch (const std::exception&) {
      // Gone from the server, or Discord unreachable: try again next sweep.
    }
    co_return fetched;
  }

  bool qualifies(const discord::Member& member, const Activity& activity) const {
    // Age counts from joining the server when Discord told us; the first
    // counted message is only a fallback.
    const auto since = member.joined_at_ms > 0 ? member.joined_at_ms : activity.first_seen_ms;
    const bool old_enough = unix_now_ms() - since >= settings_.min_age.count() * 1000;
    const bool active_enough = activity.message_count >= settings_.min_messages;
    return settings_.require_all ? (old_enough && active_enough) : (old_enough || active_enough);
  }

  asio::awaitable<void> consider(Snowflake guild, Snowflake user, const discord::Member& member,
                                 const Activity& activity) {
    if (!holds(member, settings_.from_role) || holds(member, settings_.to_role)) co_return;
    if (!qualifies(member, activity)) co_return;
    co_await promote(guild, user);
  }

  asio::awaitable<bool> roles_assignable(Snowflake guild) {
    const std::array<Snowflake, 2> needed{settings_.to_role, settings_.from_role};
    for (const auto role : needed) {
      const auto why = roles::why_bot_cannot_assign(instance_, guild, role);
      if (!why.empty()) {
        problems_.report(instance_.name(), "Auto-role", guild, role, why);
        co_return false;
      }
      problems_.clear(guild, role);
    }
    co_return true;
  }

  asio::awaitable<void> promote(Snowflake guild, Snowflake user) {
    if (settings_.from_role == settings_.to_role) co_return;  // rejected by config validation too
    if (!co_await roles_assignable(guild)) co_return;
    const auto claim = co_await instance_.db().execute(
        "UPDATE member_activity SET promoted = TRUE WHERE guild_id = $1 AND user_id = $2 AND promoted = FALSE "
        "RETURNING user_id",
        guild.str(), user.str());
    if (claim.empty()) co_return;  // someone else got here first

    std::string failure;
    try {
      discord::CallOptions options;
      options.reason = "Auto-role promotion";
      co_await instance_.rest().add_member_role(guild, user, settings_.to_role, options);
      co_await instance_.rest().remove_member_role(guild, user, settings_.from_role, options);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) {
      // Release the claim so the next sweep tries again.
      co_await instance_.db().execute(
          "UPDATE member_activity SET promoted = FALSE, last_error = $3 WHERE guild_id = $1 AND user_id = $2",
          guild.str(), user.str(), failure);
      spdlog::warn("[{}] Auto-role promotion of {} in guild {} failed (will retry): {}", instance_.name(), user.str(),
                   guild.str(), failure);
      co_return;
    }
    co_await instance_.db().execute("UPDATE member_activity SET last_error = NULL WHERE guild_id = $1 AND user_id = $2",
                                    guild.str(), user.str());
    spdlog::info("[{}] Auto-promoted user {} in guild {}", instance_.name(), user.str(), guild.str());
  }

  bot::Instance& instance_;
  roles::AutoRoleConfig settings_;
  roles::RoleProblemLog problems_;
};

class AutoRoleFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "auto_role"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    const auto* section = instance.config().section<roles::AutoRoleConfig>();
    if (section == nullptr) return;
    auto auto_role = std::make_shared<AutoRole>(instance, *section);
    registry.on_message([auto_role](const discord::Message& message) -> asio::awaitable<void> {
      co_await auto_role->on_message(message);
    });
    registry.add_task({.name = "auto-role sweep",
                       .initial_delay = kSweepFirstRun,
                       .interval = kSweepInterval,
                       .body = [auto_role]() -> asio::awaitable<void> { co_await auto_role->sweep(); }});
  }
};

}  // namespace

std::unique_ptr<bot::Feature> make_auto_role_feature() { return std::make_unique<AutoRoleFeature>(); }

}  // namespace dbot::features
