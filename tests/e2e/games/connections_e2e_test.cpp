// Connections through the real bot: the 4×4 button board clicked through the
// simulator's control API, a loopback NYT site, the test Postgres, and a
// restart in the middle of a game.

#include <gtest/gtest.h>

#include <algorithm>

#include "e2e/support/bot_harness.hpp"
#include "e2e/support/fakes/nyt_fake.hpp"
#include "e2e/support/feature_session.hpp"
#include "features/games_common/dates.hpp"
#include "integration/db/db_test_support.hpp"

namespace dbot::test {
namespace {
namespace json = boost::json;

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

const std::vector<ConnectionsGroup> kGroups{{"FISH", {"BASS", "SOLE", "CARP", "PIKE"}},
                                            {"KEYBOARD KEYS", {"SHIFT", "ENTER", "SPACE", "TAB"}},
                                            {"___BALL", {"FOOT", "BASE", "HAND", "SNOW"}},
                                            {"GREEK LETTERS", {"ALPHA", "BETA", "GAMMA", "DELTA"}}};

class Connections : public ::testing::Test {
 protected:
  void SetUp() override {
    sim = std::make_unique<SimProcess>();
    schema = unique_schema("e2e_conn");
    instance =
        write_instance(*sim, dir.path(), "connbot", {.schema = schema, .extra_env = {{"PUZZLE_API_BASE", nyt.base()}}});
    start_bot();
  }

  void start_bot() {
    bot.reset();
    bot = std::make_unique<BotProcess>(std::vector{instance});
    ASSERT_TRUE(bot->wait_until_connected()) << bot->output();
  }

  // Makes every game of this instance look idle for `minutes`.
  void age_games_by_minutes(int minutes) {
    db::testing::run([&]() -> boost::asio::awaitable<void> {
      auto connection = co_await db::Connection::connect(db::ConnectOptions(test_database_url(), schema));
      co_await connection->execute("UPDATE game_sessions SET updated_at = NOW() - make_interval(mins => $1)", minutes);
    }());
  }

  std::string today() const { return features::games::format_date(features::games::nyt_today()); }

  json::object board(const std::string& id) {
    auto message = message_now(*sim, "general", id);
    EXPECT_TRUE(message) << "board " << id << " is gone";
    return message.value_or(json::object{});
  }

  // The custom_id of the button labelled `label` on the board as it is now.
  std::string button_for(const std::string& board_id, const std::string& label) {
    const auto message = board(board_id);
    const auto* rows = message.if_contains("components");
    if (rows && rows->is_array()) {
      for (const auto& row : rows->as_array()) {
        for (const auto& component : row.at("components").as_array()) {
          const auto& c = component.as_object();
          if (const auto* l = c.if_contains("label"); l && l->as_string() == label) {
            return std::string(c.at("custom_id").as_string());
          }
        }
      }
    }
    ADD_FAILURE() << "no button " << label << " on the board";
    return "missing";
  }

  // Clicks four words and Submit; returns the interaction record of Submit.
  json::object guess(const std::string& board_id, const std::string& user, const std::vector<std::string>& words) {
    for (const auto& word : words) click(*sim, board_id, button_for(board_id, word), user);
    return click(*sim, board_id, "game_submit", user);
  }

  NytFake nyt;
  TempDir dir;
  std::string schema;
  std::unique_ptr<SimProcess> sim;
  std::filesystem::path instance;
  std::unique_ptr<BotProcess> bot;
};

TEST_F(Connections, WonByClickingWithOneAwayAndNoChargeForARepeat) {
  nyt.set_connections(today(), kGroups);
  const auto start = ask(*sim, "alice", "!m connections");
  const auto board_id = id_of(start);
  EXPECT_TRUE(contains(embed_text(start), "Connections — " + today())) << embed_text(start);
  EXPECT_TRUE(contains(embed_text(start), "Mistakes remaining: ⬛⬛⬛⬛")) << embed_text(start);
  const auto ids = custom_ids(start);
  ASSERT_EQ(ids.size(), 19u);
  EXPECT_EQ(ids[0], "game_word_0");
  EXPECT_EQ(ids[15], "game_word_15");
  EXPECT_EQ(ids[16], "game_shuffle");
  EXPECT_EQ(ids[18], "game_submit");

  EXPECT_EQ(content_of(ask(*sim, "bob", "!m conn")),
            "A connections game is already active in this channel. Finish or wait for it to expire.");

  auto record = guess(board_id, "alice", {"BASS", "SOLE", "CARP", "SHIFT"});
  auto text = embed_text(board(board_id));
  EXPECT_TRUE(contains(text, "❌ One away! (guessed by <@" + sim->id("users", "alice") + ">) — 3 mistakes remaining"))
      << text;
  EXPECT_TRUE(contains(text, "Mistakes remaining: ⬛⬛⬛✖️")) << text;

  record = guess(board_id, "bob", {"SHIFT", "BASS", "CARP", "SOLE"});
  EXPECT_EQ(response_content(record), "You already tried those four words; no mistake counted.");
  click(*sim, board_id, "game_deselect", "bob");
  EXPECT_TRUE(contains(embed_text(board(board_id)), "Mistakes remaining: ⬛⬛⬛✖️"));

  guess(board_id, "bob", {"BASS", "SOLE", "CARP", "PIKE"});
  text = embed_text(board(board_id));
  EXPECT_TRUE(contains(text, "🟨 **FISH**: BASS, SOLE, CARP, PIKE")) << text;
  EXPECT_TRUE(contains(text, "🟨 **FISH** solved by <@" + sim->id("users", "bob") + ">!")) << text;
  EXPECT_EQ(custom_ids(board(board_id)).size(), 15u) << "solved words leave the grid";

  click(*sim, board_id, "game_shuffle", "alice");
  guess(board_id, "alice", {"ALPHA", "BETA", "GAMMA", "DELTA"});
  guess(board_id, "alice", {"SHIFT", "ENTER", "SPACE", "TAB"});
  guess(board_id, "alice", {"FOOT", "BASE", "HAND", "SNOW"});
  const auto final_board = board(board_id);
  text = embed_text(final_board);
  EXPECT_TRUE(contains(text, "Connections — " + today() + " — Solved! 🎉")) << text;
  EXPECT_TRUE(contains(text, "🟪 **GREEK LETTERS**: ALPHA, BETA, GAMMA, DELTA")) << text;
  EXPECT_TRUE(contains(text, "1 mistake")) << text;
  EXPECT_TRUE(custom_ids(final_board).empty());

  for (const char* user : {"alice", "bob"}) {
    text = embed_text(ask(*sim, user, "!m connections stats"));
    EXPECT_TRUE(contains(text, "Played\n1")) << user << ": " << text;
    EXPECT_TRUE(contains(text, "Win %\n100%")) << user << ": " << text;
    EXPECT_TRUE(contains(text, "`1` 🟩🟩🟩🟩🟩🟩🟩🟩🟩🟩 1")) << user << ": " << text;
  }
  text = embed_text(ask(*sim, "mod", "!m connections leaderboard"));
  EXPECT_TRUE(contains(text, "**#1**")) << text;
  EXPECT_TRUE(contains(text, "**#2**")) << text;
}

TEST_F(Connections, LostAcrossARestartAndAnExpiredBoardNeverMovesTheNewGame) {
  nyt.set_connections("2024-01-01", kGroups);
  const auto old_board = id_of(ask(*sim, "alice", "!m connections date 2024-01-01"));
  guess(old_board, "alice", {"BASS", "SHIFT", "FOOT", "ALPHA"});
  EXPECT_TRUE(contains(embed_text(board(old_board)), "❌ Wrong!"));

  start_bot();  // the game lives in the database
  guess(old_board, "alice", {"SOLE", "ENTER", "BASE", "BETA"});
  guess(old_board, "alice", {"CARP", "SPACE", "HAND", "GAMMA"});
  guess(old_board, "alice", {"PIKE", "TAB", "SNOW", "DELTA"});
  const auto lost = board(old_board);
  EXPECT_TRUE(contains(embed_text(lost), "Connections — 2024-01-01 — Game Over")) << embed_text(lost);
  EXPECT_TRUE(contains(embed_text(lost), "4 mistakes")) << embed_text(lost);
  EXPECT_TRUE(custom_ids(lost).empty());
  EXPECT_TRUE(contains(embed_text(ask(*sim, "alice", "!m conn stats")), "Win %\n0%"));

  // A board left idle for 30 minutes expires; its buttons then never touch
  // the game that replaces it in the channel.
  nyt.set_connections(today(), kGroups);
  const auto idle_board = id_of(ask(*sim, "alice", "!m connections"));
  click(*sim, idle_board, button_for(idle_board, "BASS"), "alice");
  age_games_by_minutes(31);
  auto record = click(*sim, idle_board, button_for(idle_board, "SOLE"), "alice");
  EXPECT_EQ(response_content(record), "Game expired due to inactivity. Start a new one with `!m connections`.");

  const auto new_board = id_of(ask(*sim, "bob", "!m connections date 2024-01-01"));
  const auto before = json::serialize(board(new_board).at("components"));
  record = click(*sim, idle_board, "game_word_0", "bob");
  EXPECT_EQ(response_content(record), "This game is already over. Start a new one with `!m connections`.");
  record = click(*sim, idle_board, "game_shuffle", "bob");
  EXPECT_TRUE(contains(response_content(record), "already over"));
  EXPECT_EQ(json::serialize(board(new_board).at("components")), before) << "the new game must not move";
  EXPECT_EQ(nyt.requests("connections/v2/2024-01-01.json"), 1) << "the second game came from the puzzle cache";
}

TEST_F(Connections, StartedBySlashCommandAndClicked) {
  nyt.set_connections("2024-02-02", kGroups);
  ASSERT_TRUE(eventually([&] {
    const auto commands = sim->state().at("commands").as_array();
    return std::any_of(commands.begin(), commands.end(),
                       [](const json::value& c) { return c.at("name").as_string() == "connections"; });
  }));
  const json::array options{
      json::object{{"type", 1},
                   {"name", "date"},
                   {"options", json::array{json::object{{"type", 3}, {"name", "date"}, {"value", "2024-02-02"}}}}}};
  const auto created = sim->post("/_sim/interactions", json::object{{"command", "connections"},
                                                                    {"channel_id", sim->id("channels", "general")},
                                                                    {"user_id", sim->id("users", "alice")},
                                                                    {"options", options}});
  const std::string interaction_id(created.at("id").as_string());
  std::string board_id;
  ASSERT_TRUE(eventually([&] {
    const auto record = sim->get("/_sim/interactions/" + interaction_id).as_object();
    const auto* original = record.if_contains("original_message_id");
    if (!original || !original->is_string()) return false;
    board_id = std::string(original->as_string());
    return record.at("responses").as_array().size() >= 2;
  }));
  EXPECT_EQ(custom_ids(board(board_id)).size(), 19u);
  guess(board_id, "bob", {"ALPHA", "BETA", "GAMMA", "DELTA"});
  const auto text = embed_text(board(board_id));
  EXPECT_TRUE(contains(text, "🟪 **GREEK LETTERS**: ALPHA, BETA, GAMMA, DELTA")) << text;
}

TEST_F(Connections, BadDatesAndBadResponsesGetClearReplies) {
  EXPECT_EQ(content_of(ask(*sim, "alice", "!m connections date 2023-06-11")),
            "There is no puzzle before **2023-06-12**.");
  EXPECT_EQ(content_of(ask(*sim, "alice", "!m connections date tomorrow")), "Use YYYY-MM-DD format (e.g. 2024-03-15).");
  EXPECT_EQ(content_of(ask(*sim, "alice", "!m connections date 2024-05-05")),
            "No puzzle found for date **2024-05-05**. Make sure the date is valid (YYYY-MM-DD) and after 2023-06-12.");
  nyt.set_raw("connections/v2/2024-05-06.json", R"({"status":"ERROR","errors":["not found"]})");
  EXPECT_EQ(content_of(ask(*sim, "alice", "!m connections date 2024-05-06")), "NYT API returned an error.");
  nyt.set_raw("connections/v2/2024-05-07.json", R"({"status":"OK","categories":[{"title":"X","cards":[]}]})");
  EXPECT_TRUE(
      contains(content_of(ask(*sim, "alice", "!m connections date 2024-05-07")), "Failed to parse puzzle data"));
}

}  // namespace
}  // namespace dbot::test
