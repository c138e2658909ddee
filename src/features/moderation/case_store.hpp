#pragma once
// Numbered moderation cases and tempbans in the instance's schema. A case is
// written only after Discord has confirmed the action, in one transaction
// with its tempban row, so the database never claims an action that did not
// happen.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/snowflake.hpp"

namespace dbot::db {
class Pool;
}

namespace dbot::features::moderation {

// The values of mod_cases.action.
enum class Action { ban, tempban, unban, kick, timeout, untimeout, warn, nuke };

std::string_view action_key(Action action);    // "tempban"
std::string_view action_title(Action action);  // "Tempban"
std::optional<Action> action_from_key(std::string_view key);

struct Case {
  int number = 0;  // assigned by CaseStore::record
  Action action = Action::warn;
  Snowflake guild_id;
  Snowflake target_id;  // a user, or the channel for nuke
  Snowflake moderator_id;
  std::optional<std::string> reason;
  std::optional<std::int64_t> duration_secs;
  std::optional<std::int64_t> expires_at;  // unix seconds
  std::optional<std::string> detail;
  Snowflake log_channel_id;  // 0 until the modlog embed is posted
  Snowflake log_message_id;
  std::int64_t created_at_ms = 0;  // unix milliseconds
  std::int64_t updated_at_ms = 0;
};

// What a tempban needs beyond its case.
struct TempbanTerms {
  std::string ban_reason;  // the exact audit-log reason the ban was made with
  std::int64_t expires_at = 0;
};

struct Tempban {
  std::int64_t id = 0;
  Snowflake guild_id;
  Snowflake user_id;
  Snowflake moderator_id;
  std::optional<std::string> reason;
  std::int64_t expires_at = 0;  // unix seconds
  int case_number = 0;          // 0 for rows made before cases existed
  std::string ban_reason;
  int attempts = 0;  // failed unban attempts so far
  std::optional<std::string> last_error;
};

// How a tempban ended (tempbans.ended_how).
enum class TempbanEnd { expired, unbanned, superseded };

class CaseStore {
 public:
  explicit CaseStore(db::Pool& pool) : pool_(pool) {}

  // Numbers and stores `draft` (and its tempban). A ban or tempban also ends
  // the user's older open tempbans as superseded, so they never lift it.
  boost::asio::awaitable<Case> record(Case draft, std::optional<TempbanTerms> tempban);
  boost::asio::awaitable<std::optional<Case>> get(Snowflake guild, int number);
  // Newest first; `target` 0 means every case of the guild.
  boost::asio::awaitable<std::vector<Case>> list(Snowflake guild, Snowflake target, int limit);
  boost::asio::awaitable<std::int64_t> count(Snowflake guild, Snowflake target);
  // The updated case, or nullopt when there is no such case.
  boost::asio::awaitable<std::optional<Case>> set_reason(Snowflake guild, int number, std::string reason);
  boost::asio::awaitable<void> set_log_message(Snowflake guild, int number, Snowflake channel, Snowflake message);

  // Open tempbans of one guild, soonest expiry first (failing unbans included).
  boost::asio::awaitable<std::vector<Tempban>> open_tempbans(Snowflake guild);
  // Open tempbans past their expiry whose retry time has come, across guilds.
  boost::asio::awaitable<std::vector<Tempban>> due_tempbans(int limit);
  boost::asio::awaitable<void> end_tempban(std::int64_t id, TempbanEnd how);
  // Ends every open tempban of `user` in `guild`; returns how many.
  boost::asio::awaitable<std::int64_t> end_tempbans_of(Snowflake guild, Snowflake user, TempbanEnd how);
  boost::asio::awaitable<void> retry_tempban_later(std::int64_t id, std::int64_t delay_secs, std::string error);

 private:
  db::Pool& pool_;
};

}  // namespace dbot::features::moderation
