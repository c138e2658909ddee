#include "features/games_common/starter.hpp"

#include <random>

#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "core/error.hpp"
#include "db/pool.hpp"
#include "features/games_common/sessions.hpp"

namespace dbot::features::games {
namespace asio = boost::asio;

namespace {

std::mt19937_64& random_engine() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine;
}

asio::awaitable<Snowflake> send_to_channel(bot::Instance& instance, Snowflake channel, bot::Reply reply) {
  co_return (co_await instance.rest().create_message(channel, bot::to_create(reply))).id;
}

StartResult refused(std::string why) {
  StartResult result;
  result.refusal = std::move(why);
  return result;
}

StartResult started() {
  StartResult result;
  result.started = true;
  return result;
}

}  // namespace

PostBoard post_to_channel(bot::Instance& instance, Snowflake channel) {
  return [&instance, channel](bot::Reply reply) { return send_to_channel(instance, channel, std::move(reply)); };
}

asio::awaitable<StartResult> start_game(bot::Instance& instance, const GameDefinition& game, Snowflake guild,
                                        Snowflake channel, StartMode mode, std::string date_text,
                                        const PostBoard& post) {
  SessionStore store(instance.db(), game.kind);
  if (co_await store.active_in_channel(channel.str())) co_return refused(game.already_active);

  const auto today = nyt_today();
  Date date = today;
  if (mode == StartMode::random) {
    date = random_date(game.first_date, today, random_engine());
  } else if (mode == StartMode::date) {
    const auto choice = check_requested_date(date_text, game.first_date, today);
    if (!choice.date) co_return refused(choice.error);
    date = *choice.date;
  }
  const auto requested = format_date(date);

  std::optional<PreparedGame> prepared;
  std::string refusal;
  try {
    const auto body = co_await load_puzzle(instance, game.puzzle, date,
                                           [&](const std::string& text) { game.prepare(text, requested); });
    prepared = game.prepare(body, requested);
  } catch (const Error& e) {
    spdlog::info("No {} puzzle for {}: {}", game.kind, requested, e.operator_detail());
    refusal = e.user_message();
  }
  if (!prepared) co_return refused(refusal);

  const auto id = co_await store.create(guild.str(), channel.str(), requested, prepared->state_json);
  if (!id) co_return refused(game.already_active);
  auto board = std::move(prepared->board);
  if (prepared->print_date != requested) {
    board.content =
        "NYT didn't have a puzzle for **" + requested + "**; showing **" + prepared->print_date + "** instead.";
  }
  Snowflake message;
  std::optional<std::string> failure;
  try {
    message = co_await post(std::move(board));
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (failure || message.value == 0) {
    // Without a board nobody can play it: free the channel again.
    co_await store.remove(*id);
    if (failure) throw Error(kInternalErrorMessage, "posting a " + game.kind + " board failed: " + *failure);
    co_return refused("I couldn't post the board here.");
  }
  co_await store.set_message(*id, message.str());
  co_return started();
}

}  // namespace dbot::features::games
