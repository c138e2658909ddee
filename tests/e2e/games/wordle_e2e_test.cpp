// Wordle through the real bot: commands and guesses typed in the channel,
// a loopback NYT site, the test Postgres, and a restart in the middle.

#include <gtest/gtest.h>

#include <algorithm>

#include "e2e/support/bot_harness.hpp"
#include "e2e/support/fakes/nyt_fake.hpp"
#include "e2e/support/feature_session.hpp"
#include "features/games_common/dates.hpp"

namespace dbot::test {
namespace {
namespace json = boost::json;

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

class Wordle : public ::testing::Test {
 protected:
  void SetUp() override {
    sim = std::make_unique<SimProcess>();
    instance = write_instance(*sim, dir.path(), "wordlebot",
                              {.schema = unique_schema("e2e_wordle"), .extra_env = {{"PUZZLE_API_BASE", nyt.base()}}});
    start_bot();
  }

  void start_bot() {
    bot.reset();
    bot = std::make_unique<BotProcess>(std::vector{instance});
    ASSERT_TRUE(bot->wait_until_connected()) << bot->output();
  }

  json::object board(const std::string& id) { return message_now(*sim, "general", id).value_or(json::object{}); }

  std::string today() const { return features::games::format_date(features::games::nyt_today()); }

  // `user` types a guess; waits until the board shows it (or `expect`).
  std::string guess(const std::string& board_id, const std::string& user, const std::string& word,
                    const std::string& expect = {}) {
    sim->say(user, "general", word);
    std::string text;
    std::string upper = word;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto wanted = expect.empty() ? "**" + upper + "**" : expect;
    eventually([&] {
      const auto board = message_now(*sim, "general", board_id);
      text = board ? embed_text(*board) : "";
      return contains(text, wanted);
    });
    EXPECT_TRUE(contains(text, wanted)) << "after guessing " << word << ": " << text;
    return text;
  }

  NytFake nyt;
  TempDir dir;
  std::unique_ptr<SimProcess> sim;
  std::filesystem::path instance;
  std::unique_ptr<BotProcess> bot;
};

TEST_F(Wordle, WonThroughChatGuessesAndStatsUpdate) {
  // "pyxie" is not in the bundled word list: the puzzle's own answer must count.
  nyt.set_wordle(today(), "pyxie");
  const auto board = ask(*sim, "alice", "!m wordle");
  auto text = embed_text(board);
  EXPECT_TRUE(contains(text, "Wordle — " + today())) << text;
  EXPECT_TRUE(contains(text, "⬜⬜⬜⬜⬜")) << text;
  const auto board_id = id_of(board);

  EXPECT_TRUE(contains(content_of(ask(*sim, "bob", "!m w")), "already active")) << "one game per channel";

  const auto typed = sim->say("bob", "general", "xyzzy");
  const auto note = sim->wait_for_reply(typed);
  ASSERT_TRUE(note);
  EXPECT_EQ(content_of(*note), "Not a valid word.");
  // The note and the invalid guess are cleaned up.
  EXPECT_TRUE(eventually([&] { return !message_now(*sim, "general", id_of(*note)); }, std::chrono::seconds(10)));
  EXPECT_FALSE(message_now(*sim, "general", id_of(typed)));

  text = guess(board_id, "alice", "Pixel");
  EXPECT_TRUE(contains(text, "🟩🟨🟩🟨⬛  **PIXEL**  <@" + sim->id("users", "alice") + ">")) << text;
  EXPECT_TRUE(contains(text, "🟩 P X  🟨 E I  ⬛ L")) << "keyboard tracker: " << text;

  text = guess(board_id, "alice", "pyxie", "Solved in 2! 🎉");
  EXPECT_TRUE(contains(text, "🟩🟩🟩🟩🟩  **PYXIE**")) << text;

  text = embed_text(ask(*sim, "alice", "!m wordle stats"));
  EXPECT_TRUE(contains(text, "Played\n1")) << text;
  EXPECT_TRUE(contains(text, "Win %\n100%")) << text;
  EXPECT_TRUE(contains(text, "Current Streak\n1")) << text;
  EXPECT_TRUE(contains(text, "`2` 🟩🟩🟩🟩🟩🟩🟩🟩🟩🟩 1")) << text;
  text = content_of(ask(*sim, "alice", "!m wordle stats <@" + sim->id("users", "bob") + ">"));
  EXPECT_TRUE(contains(text, "hasn't finished a Wordle")) << "an invalid word is not playing: " << text;
  text = embed_text(ask(*sim, "bob", "!m wordle lb"));
  EXPECT_TRUE(contains(text, "🥇 **#1** <@" + sim->id("users", "alice") + "> — 1 won of 1")) << text;
}

TEST_F(Wordle, GameSurvivesARestartAndIsLostAfterSixGuesses) {
  nyt.set_wordle("2024-01-01", "pyxie");
  const auto board = ask(*sim, "bob", "!m wordle date 2024-01-01");
  const auto board_id = id_of(board);
  EXPECT_TRUE(contains(embed_text(board), "Wordle — 2024-01-01")) << embed_text(board);
  guess(board_id, "bob", "crane");
  guess(board_id, "alice", "slate");
  guess(board_id, "bob", "moist");

  start_bot();  // a new process: the game lives in the database
  guess(board_id, "bob", "dough");
  guess(board_id, "bob", "lunch");
  const auto text = guess(board_id, "bob", "badge", "Game Over");
  EXPECT_TRUE(contains(text, "The answer was **PYXIE**")) << text;
  EXPECT_TRUE(contains(text, "**CRANE**")) << "guesses from before the restart are kept: " << text;

  // Both players are credited with the loss.
  for (const char* user : {"alice", "bob"}) {
    const auto stats = embed_text(ask(*sim, user, "!m wordle stats"));
    EXPECT_TRUE(contains(stats, "Played\n1")) << user << ": " << stats;
    EXPECT_TRUE(contains(stats, "Win %\n0%")) << user << ": " << stats;
  }
  // The channel is free for a new game.
  nyt.set_wordle("2024-01-02", "crane");
  EXPECT_TRUE(contains(embed_text(ask(*sim, "bob", "!m wordle d 2024-01-02")), "Wordle — 2024-01-02"));
}

TEST_F(Wordle, StartedBySlashCommandAndPlayedInChat) {
  nyt.set_wordle("2024-02-02", "crane");
  ASSERT_TRUE(eventually([&] {
    const auto commands = sim->state().at("commands").as_array();
    return std::any_of(commands.begin(), commands.end(),
                       [](const json::value& c) { return c.at("name").as_string() == "wordle"; });
  }));
  const json::array options{
      json::object{{"type", 1},
                   {"name", "date"},
                   {"options", json::array{json::object{{"type", 3}, {"name", "date"}, {"value", "2024-02-02"}}}}}};
  const auto created = sim->post("/_sim/interactions", json::object{{"command", "wordle"},
                                                                    {"channel_id", sim->id("channels", "general")},
                                                                    {"user_id", sim->id("users", "alice")},
                                                                    {"options", options}});
  const std::string interaction_id(created.at("id").as_string());
  json::object record;
  ASSERT_TRUE(eventually([&] {
    record = sim->get("/_sim/interactions/" + interaction_id).as_object();
    return record.at("responses").as_array().size() >= 2;
  })) << json::serialize(record);
  EXPECT_TRUE(contains(json::serialize(record), "Wordle started: type five-letter guesses in this channel."))
      << json::serialize(record);
  // The board is an ordinary message of the bot, so guesses can redraw it for as long as the game lasts.
  const auto posted = sim->wait_for_bot_message(
      "general", [](const json::object& m) { return contains(embed_text(m), "Wordle — 2024-02-02"); });
  ASSERT_TRUE(posted);
  const auto board_id = id_of(*posted);
  EXPECT_TRUE(contains(embed_text(board(board_id)), "Wordle — 2024-02-02")) << embed_text(board(board_id));
  guess(board_id, "bob", "slate");
  const auto text = guess(board_id, "alice", "crane", "Solved in 2! 🎉");
  EXPECT_TRUE(contains(text, "Wordle 2024-02-02 2/6")) << "share grid: " << text;
}

TEST_F(Wordle, BadDatesAndBadResponsesGetClearReplies) {
  EXPECT_EQ(content_of(ask(*sim, "alice", "!m wordle date 2024-02-30")), "Use YYYY-MM-DD format (e.g. 2024-03-15).");
  EXPECT_EQ(content_of(ask(*sim, "alice", "!m wordle date 2021-01-01")), "There is no puzzle before **2021-06-19**.");
  EXPECT_TRUE(contains(content_of(ask(*sim, "alice", "!m wordle date 2099-01-01")), "isn't out yet"));
  EXPECT_EQ(content_of(ask(*sim, "alice", "!m wordle date 2024-05-05")),
            "No Wordle found for date **2024-05-05**. Use YYYY-MM-DD format, after 2021-06-19.");
  nyt.set_raw("wordle/v2/2024-05-06.json", "<html>maintenance</html>");
  EXPECT_TRUE(contains(content_of(ask(*sim, "alice", "!m wordle date 2024-05-06")), "Failed to parse Wordle data"));

  // A good puzzle is fetched once and then served from the cache.
  nyt.set_wordle("2024-03-01", "crane");
  EXPECT_TRUE(contains(embed_text(ask(*sim, "alice", "!m wordle date 2024-03-01")), "Wordle — 2024-03-01"));
  EXPECT_TRUE(contains(embed_text(ask(*sim, "alice", "!m wordle date 2024-03-01", "mod-log")), "Wordle — 2024-03-01"));
  EXPECT_EQ(nyt.requests("wordle/v2/2024-03-01.json"), 1);
}

}  // namespace
}  // namespace dbot::test
