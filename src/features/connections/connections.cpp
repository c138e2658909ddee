#include "features/connections/connections.hpp"

#include <random>

#include <spdlog/spdlog.h>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "db/pool.hpp"
#include "features/connections/game.hpp"
#include "features/connections/service.hpp"
#include "features/games_common/dates.hpp"
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
class ConnectionsFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "connections"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    instance_ = &instance;
    // Today's puzzle follows New York's calendar: read the zone now, not on a command.
    if (!games::new_york_time_zone_available()) {
      spdlog::error(
          "[{}] America/New_York is missing from /usr/share/zoneinfo (install tzdata): Connections games "
          "cannot tell today's date",
          instance.name());
    }
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
    registry.add_command(std::move(today), [this](CommandContext& c) { return start(c, games::StartMode::today); });
    registry.add_command(spec("random", {"rand", "r"}, "Start a Connections from a random day", {}),
                         [this](CommandContext& c) { return start(c, games::StartMode::random); });
    registry.add_command(spec("date", {"d"}, "Start the Connections of a given day",
                              {{.name = "date", .kind = ArgKind::rest, .description = "YYYY-MM-DD, from 2023-06-12"}}),
                         [this](CommandContext& c) { return start(c, games::StartMode::date); });
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
  enum class Action { word, shuffle, deselect, submit };

  asio::awaitable<void> start(CommandContext& c, games::StartMode mode) {
    const games::PostBoard post = [&c](bot::Reply board) { return c.reply(std::move(board)); };
    const auto result =
        co_await start_connections(*instance_, c.guild_id, c.channel_id, mode, c.args.text("date").value_or(""), post);
    if (!result.started) co_await c.reply(result.refusal);
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
