#include "features/moderation/case_store.hpp"

#include <array>
#include <utility>

#include "db/pool.hpp"

namespace dbot::features::moderation {
namespace asio = boost::asio;

namespace {

constexpr std::array<std::pair<Action, std::string_view>, 8> kKeys{{{Action::ban, "ban"},
                                                                    {Action::tempban, "tempban"},
                                                                    {Action::unban, "unban"},
                                                                    {Action::kick, "kick"},
                                                                    {Action::timeout, "timeout"},
                                                                    {Action::untimeout, "untimeout"},
                                                                    {Action::warn, "warn"},
                                                                    {Action::nuke, "nuke"}}};

constexpr std::string_view kCaseColumns =
    "case_number, action, guild_id, target_id, moderator_id, reason, duration_secs, "
    "EXTRACT(EPOCH FROM expires_at)::BIGINT AS expires_at, detail, log_channel_id, log_message_id, "
    "(EXTRACT(EPOCH FROM created_at) * 1000)::BIGINT AS created_at, (EXTRACT(EPOCH FROM updated_at) * 1000)::BIGINT AS "
    "updated_at";

constexpr std::string_view kTempbanColumns =
    "id, guild_id, user_id, moderator_id, reason, EXTRACT(EPOCH FROM expires_at)::BIGINT AS expires_at, "
    "COALESCE(case_number, 0) AS case_number, COALESCE(ban_reason, '') AS ban_reason, attempts, last_error";

Snowflake id_of(const std::optional<std::string>& text) {
  if (!text) return {};
  return Snowflake::parse(*text).value_or(Snowflake{});
}

Case case_from(const db::Result& r, std::size_t i) {
  Case c;
  c.number = r.get<int>(i, "case_number");
  c.action = action_from_key(r.get<std::string>(i, "action")).value_or(Action::warn);
  c.guild_id = id_of(r.get<std::optional<std::string>>(i, "guild_id"));
  c.target_id = id_of(r.get<std::optional<std::string>>(i, "target_id"));
  c.moderator_id = id_of(r.get<std::optional<std::string>>(i, "moderator_id"));
  c.reason = r.get<std::optional<std::string>>(i, "reason");
  c.duration_secs = r.get<std::optional<std::int64_t>>(i, "duration_secs");
  c.expires_at = r.get<std::optional<std::int64_t>>(i, "expires_at");
  c.detail = r.get<std::optional<std::string>>(i, "detail");
  c.log_channel_id = id_of(r.get<std::optional<std::string>>(i, "log_channel_id"));
  c.log_message_id = id_of(r.get<std::optional<std::string>>(i, "log_message_id"));
  c.created_at_ms = r.get<std::int64_t>(i, "created_at");
  c.updated_at_ms = r.get<std::int64_t>(i, "updated_at");
  return c;
}

std::vector<Tempban> tempbans_from(const db::Result& r) {
  std::vector<Tempban> out;
  out.reserve(r.rows());
  for (std::size_t i = 0; i < r.rows(); ++i) {
    Tempban t;
    t.id = r.get<std::int64_t>(i, "id");
    t.guild_id = id_of(r.get<std::optional<std::string>>(i, "guild_id"));
    t.user_id = id_of(r.get<std::optional<std::string>>(i, "user_id"));
    t.moderator_id = id_of(r.get<std::optional<std::string>>(i, "moderator_id"));
    t.reason = r.get<std::optional<std::string>>(i, "reason");
    t.expires_at = r.get<std::int64_t>(i, "expires_at");
    t.case_number = r.get<int>(i, "case_number");
    t.ban_reason = r.get<std::string>(i, "ban_reason");
    t.attempts = r.get<int>(i, "attempts");
    t.last_error = r.get<std::optional<std::string>>(i, "last_error");
    out.push_back(std::move(t));
  }
  return out;
}

std::string_view end_key(TempbanEnd how) {
  switch (how) {
    case TempbanEnd::expired: return "expired";
    case TempbanEnd::unbanned: return "unbanned";
    case TempbanEnd::superseded: return "superseded";
  }
  return "unbanned";
}

std::optional<std::string> id_text(Snowflake id) {
  if (!id) return std::nullopt;
  return id.str();
}

}  // namespace

std::string_view action_key(Action action) {
  for (const auto& [a, key] : kKeys)
    if (a == action) return key;
  return "warn";
}

std::string_view action_title(Action action) {
  switch (action) {
    case Action::ban: return "Ban";
    case Action::tempban: return "Tempban";
    case Action::unban: return "Unban";
    case Action::kick: return "Kick";
    case Action::timeout: return "Timeout";
    case Action::untimeout: return "Timeout Removed";
    case Action::warn: return "Warn";
    case Action::nuke: return "Nuke";
  }
  return "Action";
}

std::optional<Action> action_from_key(std::string_view key) {
  for (const auto& [a, k] : kKeys)
    if (k == key) return a;
  return std::nullopt;
}

asio::awaitable<Case> CaseStore::record(Case draft, std::optional<TempbanTerms> tempban) {
  co_return co_await pool_.transaction([&](db::Connection& c) -> asio::awaitable<Case> {
    // The counter row is locked by the upsert until commit, which serialises
    // numbering within a guild without a sequence per guild.
    const auto numbered = co_await c.execute(
        "INSERT INTO mod_case_counters (guild_id, last_number) VALUES ($1, 1) "
        "ON CONFLICT (guild_id) DO UPDATE SET last_number = mod_case_counters.last_number + 1 "
        "RETURNING last_number",
        draft.guild_id.str());
    draft.number = numbered.scalar<int>();
    const std::string action(action_key(draft.action));
    const auto stored = co_await c.execute(
        "INSERT INTO mod_cases (guild_id, case_number, action, target_id, moderator_id, reason, duration_secs, "
        "expires_at, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8), $9) "
        "RETURNING (EXTRACT(EPOCH FROM created_at) * 1000)::BIGINT AS created_at",
        draft.guild_id.str(), draft.number, action, draft.target_id.str(), draft.moderator_id.str(), draft.reason,
        draft.duration_secs, draft.expires_at, draft.detail);
    draft.created_at_ms = stored.scalar<std::int64_t>();
    draft.updated_at_ms = draft.created_at_ms;
    if (draft.action == Action::ban || draft.action == Action::tempban) {
      co_await c.execute(
          "UPDATE tempbans SET unbanned = TRUE, ended_how = 'superseded' "
          "WHERE guild_id = $1 AND user_id = $2 AND unbanned = FALSE",
          draft.guild_id.str(), draft.target_id.str());
    }
    if (tempban) {
      co_await c.execute(
          "INSERT INTO tempbans (guild_id, user_id, moderator_id, reason, expires_at, case_number, ban_reason) "
          "VALUES ($1, $2, $3, $4, to_timestamp($5), $6, $7)",
          draft.guild_id.str(), draft.target_id.str(), draft.moderator_id.str(), draft.reason, tempban->expires_at,
          draft.number, tempban->ban_reason);
    }
    co_return draft;
  });
}

asio::awaitable<std::optional<Case>> CaseStore::get(Snowflake guild, int number) {
  const auto sql =
      std::string("SELECT ") + std::string(kCaseColumns) + " FROM mod_cases WHERE guild_id = $1 AND case_number = $2";
  const auto r = co_await pool_.execute(sql, guild.str(), number);
  if (r.empty()) co_return std::nullopt;
  co_return case_from(r, 0);
}

asio::awaitable<std::vector<Case>> CaseStore::list(Snowflake guild, Snowflake target, int limit) {
  const auto sql = std::string("SELECT ") + std::string(kCaseColumns) +
                   " FROM mod_cases WHERE guild_id = $1 AND ($2::TEXT IS NULL OR target_id = $2) "
                   "ORDER BY case_number DESC LIMIT $3";
  const auto r = co_await pool_.execute(sql, guild.str(), id_text(target), limit);
  std::vector<Case> out;
  for (std::size_t i = 0; i < r.rows(); ++i) out.push_back(case_from(r, i));
  co_return out;
}

asio::awaitable<std::int64_t> CaseStore::count(Snowflake guild, Snowflake target) {
  const auto r = co_await pool_.execute(
      "SELECT COUNT(*) FROM mod_cases WHERE guild_id = $1 AND ($2::TEXT IS NULL OR target_id = $2)", guild.str(),
      id_text(target));
  co_return r.scalar<std::int64_t>();
}

asio::awaitable<std::optional<Case>> CaseStore::set_reason(Snowflake guild, int number, std::string reason) {
  const auto sql = std::string(
                       "UPDATE mod_cases SET reason = $3, updated_at = NOW() "
                       "WHERE guild_id = $1 AND case_number = $2 RETURNING ") +
                   std::string(kCaseColumns);
  const auto r = co_await pool_.execute(sql, guild.str(), number, reason);
  if (r.empty()) co_return std::nullopt;
  // A tempban shows its case's reason in banlist.
  co_await pool_.execute("UPDATE tempbans SET reason = $3 WHERE guild_id = $1 AND case_number = $2", guild.str(),
                         number, reason);
  co_return case_from(r, 0);
}

asio::awaitable<void> CaseStore::set_log_message(Snowflake guild, int number, Snowflake channel, Snowflake message) {
  co_await pool_.execute(
      "UPDATE mod_cases SET log_channel_id = $3, log_message_id = $4 WHERE guild_id = $1 AND case_number = $2",
      guild.str(), number, channel.str(), message.str());
}

asio::awaitable<std::vector<Tempban>> CaseStore::open_tempbans(Snowflake guild) {
  const auto sql = std::string("SELECT ") + std::string(kTempbanColumns) +
                   " FROM tempbans WHERE guild_id = $1 AND unbanned = FALSE ORDER BY expires_at, id";
  const auto r = co_await pool_.execute(sql, guild.str());
  co_return tempbans_from(r);
}

asio::awaitable<std::vector<Tempban>> CaseStore::due_tempbans(int limit) {
  const auto sql = std::string("SELECT ") + std::string(kTempbanColumns) +
                   " FROM tempbans WHERE unbanned = FALSE AND expires_at <= NOW() "
                   "AND (next_attempt_at IS NULL OR next_attempt_at <= NOW()) ORDER BY expires_at, id LIMIT $1";
  const auto r = co_await pool_.execute(sql, limit);
  co_return tempbans_from(r);
}

asio::awaitable<void> CaseStore::end_tempban(std::int64_t id, TempbanEnd how) {
  const std::string key(end_key(how));
  co_await pool_.execute(
      "UPDATE tempbans SET unbanned = TRUE, ended_how = $2, last_error = NULL WHERE id = $1 AND unbanned = FALSE", id,
      key);
}

asio::awaitable<std::int64_t> CaseStore::end_tempbans_of(Snowflake guild, Snowflake user, TempbanEnd how) {
  const std::string key(end_key(how));
  const auto r = co_await pool_.execute(
      "UPDATE tempbans SET unbanned = TRUE, ended_how = $3 WHERE guild_id = $1 AND user_id = $2 AND unbanned = FALSE",
      guild.str(), user.str(), key);
  co_return r.affected_rows();
}

asio::awaitable<void> CaseStore::retry_tempban_later(std::int64_t id, std::int64_t delay_secs, std::string error) {
  co_await pool_.execute(
      "UPDATE tempbans SET attempts = attempts + 1, last_error = $3, "
      "next_attempt_at = NOW() + make_interval(secs => $2) WHERE id = $1",
      id, delay_secs, error);
}

}  // namespace dbot::features::moderation
