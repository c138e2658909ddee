#include "features/wordle/wordle.hpp"

#include <random>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "db/pool.hpp"
#include "discord/gateway.hpp"
#include "discord/models_json.hpp"
#include "features/games_common/dates.hpp"
#include "features/games_common/sessions.hpp"
#include "features/games_common/stats.hpp"
#include "features/wordle/game.hpp"
#include "features/wordle/service.hpp"
#include "features/wordle/word_list.hpp"

namespace dbot::features {
namespace asio = boost::asio;
using bot::ArgKind;
using bot::CommandContext;
using namespace wordle;

namespace {

constexpr const char* kKind = "wordle";
class WordleFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "wordle"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    instance_ = &instance;
    // Today's puzzle follows New York's calendar: read the zone now, not on a command.
    if (!games::new_york_time_zone_available()) {
      spdlog::error(
          "[{}] America/New_York is missing from /usr/share/zoneinfo (install tzdata): Wordle games "
          "cannot tell today's date",
          instance.name());
    }
    const auto spec = [](std::string sub, std::vector<std::string> aliases, std::string summary,
                         std::vector<bot::ArgSpec> args) {
      bot::CommandSpec s;
      s.path = {"wordle", std::move(sub)};
      s.aliases = std::move(aliases);
      s.section = "Games";
      s.summary = std::move(summary);
      s.args = std::move(args);
      return s;
    };
    auto today = spec("today", {}, "Start today's Wordle in this channel", {});
    today.group_aliases = {"w"};
    today.group_default = true;
    registry.add_command(std::move(today), [this](CommandContext& c) { return start(c, games::StartMode::today); });
    registry.add_command(spec("random", {"rand", "r"}, "Start a Wordle from a random day", {}),
                         [this](CommandContext& c) { return start(c, games::StartMode::random); });
    registry.add_command(spec("date", {"d"}, "Start the Wordle of a given day",
                              {{.name = "date", .kind = ArgKind::rest, .description = "YYYY-MM-DD, from 2021-06-19"}}),
                         [this](CommandContext& c) { return start(c, games::StartMode::date); });
    registry.add_command(
        spec("stats", {}, "Wordle statistics in this server",
             {{.name = "user", .kind = ArgKind::user, .description = "Whose stats", .required = false}}),
        [this](CommandContext& c) { return show_stats(c); });
    registry.add_command(spec("leaderboard", {"lb", "top"}, "This server's best Wordle players", {}),
                         [this](CommandContext& c) { return show_leaderboard(c); });
    registry.on_message([this](const discord::Message& message) { return on_message(message); });
  }

 private:
  asio::awaitable<void> start(CommandContext& c, games::StartMode mode) {
    // Guesses redraw the board with a plain message edit for up to 30 minutes;
    // an interaction's own response outlives neither its 15-minute token nor
    // that edit, so a slash command gets the board as a channel message.
    const bool slash = c.interaction != nullptr;
    const games::PostBoard post = slash
                                      ? games::post_to_channel(*instance_, c.channel_id)
                                      : games::PostBoard([&c](bot::Reply board) { return c.reply(std::move(board)); });
    const auto result =
        co_await start_wordle(*instance_, c.guild_id, c.channel_id, mode, c.args.text("date").value_or(""), post);
    if (!result.started) {
      co_await c.reply(result.refusal);
    } else if (slash) {
      co_await c.reply("Wordle started: type five-letter guesses in this channel.");
    }
  }

  asio::awaitable<void> on_message(const discord::Message& message) {
    if (message.author.bot || message.webhook_id.value != 0 || message.guild_id.value == 0) co_return;
    const auto guess = as_guess(message.content);
    if (!guess) co_return;

    games::SessionStore store(instance_->db(), kKind);
    const auto channel = message.channel_id.str();
    bool taken = false;
    bool invalid = false;
    co_await instance_->db().transaction([&](db::Connection& c) -> asio::awaitable<void> {
      const auto session = co_await store.lock_active_in_channel(c, channel);
      if (!session || session->message_id.empty()) co_return;
      if (session->idle_expired) {
        co_await store.save(c, session->id, session->state, "expired");
        co_return;
      }
      auto state = state_from_json(session->state);
      if (*guess != state.solution && !is_known_word(*guess)) {
        invalid = true;
        co_return;
      }
      state.guesses.push_back({*guess, message.author.id.str()});
      const auto outcome = outcome_of(state);
      const char* status = outcome == Outcome::won ? "won" : outcome == Outcome::lost ? "lost" : "active";
      co_await store.save(c, session->id, to_json(state), status);
      if (outcome != Outcome::playing) {
        co_await games::record_result(c, session->guild_id, players(state), kKind, outcome == Outcome::won,
                                      static_cast<int>(state.guesses.size()) - 1, static_cast<int>(kMaxGuesses));
      }
      taken = true;
      // Drawn while the row is locked, so boards never go back in time.
      discord::MessageEdit edit;
      edit.embeds.emplace();
      edit.embeds->push_back(board_embed(state));
      try {
        co_await instance_->rest().edit_message(message.channel_id, *Snowflake::parse(session->message_id),
                                                std::move(edit));
      } catch (const std::exception& e) {
        spdlog::warn("Updating a Wordle board failed: {}", e.what());
      }
    });
    if (taken) {
      co_await delete_quietly(message.channel_id, message.id);
    } else if (invalid) {
      discord::MessageCreate create;
      create.content = "Not a valid word.";
      create.reply_to = message.id;
      Snowflake note;
      try {
        note = (co_await instance_->rest().create_message(message.channel_id, std::move(create))).id;
      } catch (const std::exception& e) {
        spdlog::warn("Answering a Wordle guess failed: {}", e.what());
      }
      asio::steady_timer timer(instance_->executor(), std::chrono::seconds(2));
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (note.value != 0) co_await delete_quietly(message.channel_id, note);
      co_await delete_quietly(message.channel_id, message.id);
    }
  }

  asio::awaitable<void> delete_quietly(Snowflake channel, Snowflake message) {
    try {
      co_await instance_->rest().delete_message(channel, message);
    } catch (const std::exception& e) {
      spdlog::debug("Deleting a Wordle message failed: {}", e.what());
    }
  }

  asio::awaitable<void> show_stats(CommandContext& c) {
    const Snowflake target = c.args.id("user").value_or(c.author.id);
    const auto stats = co_await games::stats_of(instance_->db(), c.guild_id.str(), target.str(), kKind);
    if (!stats) {
      co_await c.reply("<@" + target.str() + "> hasn't finished a Wordle in this server yet.");
      co_return;
    }
    auto embed =
        games::stats_embed("Wordle Stats", *stats, "Guess Distribution", {"1", "2", "3", "4", "5", "6"}, kWordleGreen);
    embed.description = "<@" + target.str() + ">";
    co_await c.reply(bot::Reply::embed(std::move(embed)));
  }

  asio::awaitable<void> show_leaderboard(CommandContext& c) {
    const auto top = co_await games::top_players(instance_->db(), c.guild_id.str(), kKind, 10);
    co_await c.reply(bot::Reply::embed(games::leaderboard_embed(
        "Wordle Leaderboard", top, kWordleGreen,
        "Nobody has finished a Wordle here yet. Start one with `" + c.prefix_text() + "wordle`.")));
  }

  bot::Instance* instance_ = nullptr;
};

}  // namespace

std::unique_ptr<bot::Feature> make_wordle_feature() { return std::make_unique<WordleFeature>(); }

}  // namespace dbot::features
