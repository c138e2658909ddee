#include "features/games_common/stats.hpp"

#include <algorithm>

#include "db/pool.hpp"

namespace dbot::features::games {
namespace asio = boost::asio;

namespace {

// Postgres prints INTEGER[] as {1,0,2}.
std::vector<int> parse_int_array(const std::string& text) {
  std::vector<int> out;
  int value = 0;
  bool any = false;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') {
      value = value * 10 + (ch - '0');
      any = true;
    } else if (ch == ',' || ch == '}') {
      if (any) out.push_back(value);
      value = 0;
      any = false;
    }
  }
  return out;
}

PlayerStats stats_row(const db::Result& rows, std::size_t i) {
  PlayerStats s;
  s.user_id = rows.get<std::string>(i, "user_id");
  s.played = rows.get<int>(i, "played");
  s.won = rows.get<int>(i, "won");
  s.current_streak = rows.get<int>(i, "current_streak");
  s.max_streak = rows.get<int>(i, "max_streak");
  s.distribution = parse_int_array(rows.get<std::string>(i, "distribution"));
  return s;
}

int win_percent(const PlayerStats& s) { return s.played == 0 ? 0 : s.won * 100 / s.played; }

constexpr const char* kSelect =
    "SELECT user_id, played, won, current_streak, max_streak, distribution::text AS distribution FROM game_stats ";

}  // namespace

asio::awaitable<void> record_result(db::Connection& c, const std::string& guild,
                                    const std::vector<std::string>& players, const std::string& kind, bool won,
                                    int bucket, int buckets) {
  for (const auto& user : players) {
    co_await c.execute(
        "INSERT INTO game_stats (guild_id, user_id, kind, distribution) VALUES ($1, $2, $3, array_fill(0, "
        "ARRAY[$4::int])) "
        "ON CONFLICT DO NOTHING",
        guild, user, kind, buckets);
    if (won) {
      co_await c.execute(
          "UPDATE game_stats SET played = played + 1, won = won + 1, current_streak = current_streak + 1, "
          "max_streak = GREATEST(max_streak, current_streak + 1), "
          "distribution[$4::int] = distribution[$4::int] + 1, updated_at = NOW() "
          "WHERE guild_id = $1 AND user_id = $2 AND kind = $3",
          guild, user, kind, bucket + 1);
    } else {
      co_await c.execute(
          "UPDATE game_stats SET played = played + 1, current_streak = 0, updated_at = NOW() "
          "WHERE guild_id = $1 AND user_id = $2 AND kind = $3",
          guild, user, kind);
    }
  }
}

asio::awaitable<std::optional<PlayerStats>> stats_of(db::Pool& pool, const std::string& guild, const std::string& user,
                                                     const std::string& kind) {
  const auto rows = co_await pool.execute(std::string(kSelect) + "WHERE guild_id = $1 AND user_id = $2 AND kind = $3",
                                          guild, user, kind);
  if (rows.empty()) co_return std::nullopt;
  co_return stats_row(rows, 0);
}

asio::awaitable<std::vector<PlayerStats>> top_players(db::Pool& pool, const std::string& guild, const std::string& kind,
                                                      int limit) {
  const auto rows =
      co_await pool.execute(std::string(kSelect) +
                                "WHERE guild_id = $1 AND kind = $2 AND played > 0 "
                                "ORDER BY won DESC, (won::float / played) DESC, max_streak DESC, user_id LIMIT $3",
                            guild, kind, limit);
  std::vector<PlayerStats> out;
  for (std::size_t i = 0; i < rows.rows(); ++i) out.push_back(stats_row(rows, i));
  co_return out;
}

bot::Embed stats_embed(const std::string& title, const PlayerStats& stats, const std::string& distribution_title,
                       const std::vector<std::string>& labels, std::uint32_t color) {
  bot::Embed embed{.title = title, .color = color};
  embed.field("Played", std::to_string(stats.played), true);
  embed.field("Win %", std::to_string(win_percent(stats)) + "%", true);
  embed.field("Current Streak", std::to_string(stats.current_streak), true);
  embed.field("Max Streak", std::to_string(stats.max_streak), true);
  const int most =
      stats.distribution.empty() ? 0 : *std::max_element(stats.distribution.begin(), stats.distribution.end());
  std::string bars;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const int count = i < stats.distribution.size() ? stats.distribution[i] : 0;
    const int width = most == 0 ? 0 : (count * 10 + most - 1) / most;
    bars += "`" + labels[i] + "` ";
    for (int w = 0; w < width; ++w) bars += "🟩";
    bars += " " + std::to_string(count) + "\n";
  }
  if (!bars.empty()) bars.pop_back();
  embed.field(distribution_title, bars.empty() ? "No wins yet." : bars);
  return embed;
}

bot::Embed leaderboard_embed(const std::string& title, const std::vector<PlayerStats>& players, std::uint32_t color,
                             const std::string& empty_hint) {
  bot::Embed embed{.title = title, .color = color};
  if (players.empty()) {
    embed.description = empty_hint;
    return embed;
  }
  static const char* const kMedals[] = {"🥇", "🥈", "🥉"};
  for (std::size_t i = 0; i < players.size(); ++i) {
    const auto& p = players[i];
    embed.description += std::string(i < 3 ? kMedals[i] : "▫️") + " **#" + std::to_string(i + 1) + "** <@" +
                         p.user_id + "> — " + std::to_string(p.won) + " won of " + std::to_string(p.played) + " (" +
                         std::to_string(win_percent(p)) + "%), best streak " + std::to_string(p.max_streak) + "\n";
  }
  embed.description.pop_back();
  return embed;
}

}  // namespace dbot::features::games
