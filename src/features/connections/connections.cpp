#include "features/connections/connections.hpp"

#include <random>

#include <spdlog/spdlog.h>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "db/pool.hpp"
#include "features/connections/game.hpp"
#include "features/connections/puzzle.hpp"
#include "features/games_common/dates.hpp"
#include "features/games_common/puzzles.hpp"
#include "features/games_common/sessions.hpp"
#include "features/games_common/stats.hpp"

namespace dbot::features {
namespace asio = boost::asio;
using bot::ArgKind;
using bot::CommandContext;
using namespace connections;

namespace {

constexpr const char* kKind = "connections";
constexpr std::uint32_t kBlurple = 0x5865F2;
const games::Date kFirstConnections{std::chrono::year(2023), std::chrono::June, std::chrono::day(12)};
constexpr const char* kAlreadyActive =
    "A connections game is already active in this channel. Finish or wait for it to expire.";

games::PuzzleKind puzzle_kind() {
  return {kKind, "connections/v2",
          "No puzzle found for date **{date}**. Make sure the date is valid (YYYY-MM-DD) and after 2023-06-12.",
          "Failed to fetch puzzle:"};
}

class ConnectionsFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "connections"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    instance_ = &instance;
    const auto spec = [](std::string sub, std::vector<std::string> aliases, std::string summary,
                         std::vector<bot::ArgSpec> args) {
      bot::CommandSpec s;
      s.path = {"connections", std::move(sub)};
      s.aliases = std::move(aliases);
      s.section = "Games";
      s.summary = std::move(summary);
      s.args = std::move(args);
      return s;
    };
    auto today = spec("today", {}, "Start today's Connections in this channel", {});
    today.group_aliases = {"conn"};
    today.group_default = true;
    registry.add_command(std::move(today), [this](CommandContext& c) { return start(c, Mode::today); });
    registry.add_command(spec("random", {"rand", "r"}, "Start a Connections from a random day", {}),
                         [this](CommandContext& c) { return start(c, Mode::random); });
    registry.add_command(spec("date", {"d"}, "Start the Connections of a given day",
                              {{.name = "date", .kind = ArgKind::rest, .description = "YYYY-MM-DD, from 2023-06-12"}}),
                         [this](CommandContext& c) { return start(c, Mode::date); });
    registry.add_command(
        spec("stats", {}, "Connections statistics in this server",
             {{.name = "user", .kind = ArgKind::user, .description = "Whose stats", .required = false}}),
        [this](CommandContext& c) { return show_stats(c); });
    registry.add_command(spec("leaderboard", {"lb", "top"}, "This server's best Connections players", {}),
                         [this](CommandContext& c) { return show_leaderboard(c); });

    // The seed's custom_ids: game_word_<i> (i indexes the board as drawn),
    // game_shuffle, game_deselect, game_submit.
    for (std::size_t i = 0; i < 16; ++i) {
      registry.add_button("game_word_" + std::to_string(i),
                          [this, i](bot::ButtonContext& c) { return on_button(c, Action::word, i); });
    }
    registry.add_button("game_shuffle", [this](bot::ButtonContext& c) { return on_button(c, Action::shuffle, 0); });
    registry.add_button("game_deselect", [this](bot::ButtonContext& c) { return on_button(c, Action::deselect, 0); });
    registry.add_button("game_submit", [this](bot::ButtonContext& c) { return on_button(c, Action::submit, 0); });
  }

 private:
  enum class Mode { today, random, date };
  enum class Action { word, shuffle, deselect, submit };

  asio::awaitable<void> start(CommandContext& c, Mode mode) {
    games::SessionStore store(instance_->db(), kKind);
    const auto channel = c.channel_id.str();
    if (co_await store.active_in_channel(channel)) {
      co_await c.reply(kAlreadyActive);
      co_return;
    }
    const auto today = games::nyt_today();
    games::Date date = today;
    if (mode == Mode::random) {
      date = games::random_date(kFirstConnections, today, random_);
    } else if (mode == Mode::date) {
      const auto choice = games::check_requested_date(c.args.text("date").value_or(""), kFirstConnections, today);
      if (!choice.date) {
        co_await c.reply(choice.error);
        co_return;
      }
      date = *choice.date;
    }
    const auto requested = games::format_date(date);
    const auto kind = puzzle_kind();
    const auto body = co_await games::load_puzzle(*instance_, kind, date,
                                                  [&](const std::string& text) { parse_puzzle(text, requested); });
    auto puzzle = parse_puzzle(body, requested);
    const auto state = new_game(puzzle.print_date, std::move(puzzle.categories), random_);
    const auto id = co_await store.create(c.guild_id.str(), channel, requested, to_json(state));
    if (!id) {
      co_await c.reply(kAlreadyActive);
      co_return;
    }
    Snowflake message;
    bool posted = false;
    try {
      auto reply = board_reply(state);
      if (state.date != requested) {
        reply.content = "NYT didn't have a puzzle for **" + requested + "**; showing **" + state.date + "** instead.";
      }
      message = co_await c.reply(std::move(reply));
      posted = message.value != 0;
    } catch (const std::exception& e) {
      spdlog::warn("Posting a Connections board failed: {}", e.what());
    }
    if (!posted) {
      co_await store.remove(*id);
      co_return;
    }
    co_await store.set_message(*id, message.str());
  }

  asio::awaitable<void> on_button(bot::ButtonContext& c, Action action, std::size_t index) {
    games::SessionStore store(instance_->db(), kKind);
    const auto start_hint = "`" + instance_->prefix_text() + "connections`";
    std::string note;
    co_await instance_->db().transaction([&](db::Connection& conn) -> asio::awaitable<void> {
      // Only the game drawn on this very message: an old board never moves a newer game.
      const auto session = co_await store.lock_by_message(conn, c.message_id().str());
      if (!session) {
        note = "This board is not a game I know. Start one with " + start_hint + ".";
        co_return;
      }
      if (session->status != "active") {
        note = "This game is already over. Start a new one with " + start_hint + ".";
        co_return;
      }
      if (session->idle_expired) {
        co_await store.save(conn, session->id, session->state, "expired");
        note = "Game expired due to inactivity. Start a new one with " + start_hint + ".";
        co_return;
      }
      auto state = state_from_json(session->state);
      if (action == Action::word) {
        toggle(state, index);
      } else if (action == Action::shuffle) {
        shuffle(state, random_);
      } else if (action == Action::deselect) {
        deselect(state);
      } else {
        const auto result = submit(state, c.user_id().str());
        if (result == Submit::not_four) {
          note = "Select exactly 4 words before submitting.";
          co_return;
        }
        if (result == Submit::repeated) {
          note = "You already tried those four words; no mistake counted.";
          co_return;
        }
      }
      const auto outcome = outcome_of(state);
      const char* status = outcome == Outcome::won ? "won" : outcome == Outcome::lost ? "lost" : "active";
      co_await store.save(conn, session->id, to_json(state), status);
      if (outcome != Outcome::playing) {
        co_await games::record_result(conn, session->guild_id, state.players, kKind, outcome == Outcome::won,
                                      state.mistakes, kMaxMistakes);
      }
      // Answered while the row is locked, so boards never go back in time.
      auto reply = board_reply(state);
      co_await c.update(std::move(reply));
    });
    if (!note.empty()) co_await c.tell(note);
  }

  asio::awaitable<void> show_stats(CommandContext& c) {
    const Snowflake target = c.args.id("user").value_or(c.author.id);
    const auto stats = co_await games::stats_of(instance_->db(), c.guild_id.str(), target.str(), kKind);
    if (!stats) {
      co_await c.reply("<@" + target.str() + "> hasn't finished a Connections game in this server yet.");
      co_return;
    }
    auto embed = games::stats_embed("Connections Stats", *stats, "Mistakes in Wins", {"0", "1", "2", "3"}, kBlurple);
    embed.description = "<@" + target.str() + ">";
    co_await c.reply(bot::Reply::embed(std::move(embed)));
  }

  asio::awaitable<void> show_leaderboard(CommandContext& c) {
    const auto top = co_await games::top_players(instance_->db(), c.guild_id.str(), kKind, 10);
    co_await c.reply(bot::Reply::embed(games::leaderboard_embed(
        "Connections Leaderboard", top, kBlurple,
        "Nobody has finished a Connections game here yet. Start one with `" + c.prefix_text() + "connections`.")));
  }

  bot::Instance* instance_ = nullptr;
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace

std::unique_ptr<bot::Feature> make_connections_feature() { return std::make_unique<ConnectionsFeature>(); }

}  // namespace dbot::features
