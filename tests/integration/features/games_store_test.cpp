// Game sessions and statistics against a real Postgres.

// g++ 12 reports a false -Wmismatched-new-delete on Boost.Asio coroutine
// frames (their own operator new/delete pair), as for src/bot and src/features.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <gtest/gtest.h>

#include <boost/asio/this_coro.hpp>

#include "db/migrations.hpp"
#include "db/pool.hpp"
#include "features/games_common/sessions.hpp"
#include "features/games_common/stats.hpp"
#include "integration/db/db_test_support.hpp"

namespace dbot::features::games {
namespace {

using boost::asio::awaitable;
using db::testing::run;

class GamesStore : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    schema_ = schema();
    run(db::migrate(url(), schema_));
  }

  db::PoolOptions options() const {
    db::PoolOptions o;
    o.url = url();
    o.schema = schema_;
    o.size = 2;
    return o;
  }

  std::string schema_;
};

TEST_F(GamesStore, OneActiveGamePerChannelAndKindUntilItEndsOrIdlesOut) {
  run([&]() -> awaitable<void> {
    db::Pool pool(co_await boost::asio::this_coro::executor, options());
    SessionStore wordle(pool, "wordle");
    SessionStore connections(pool, "connections");
    const auto first = co_await wordle.create("g", "c1", "2024-01-01", "{}");
    EXPECT_TRUE(first);
    const auto r1 = co_await wordle.create("g", "c1", "2024-01-02", "{}");
    EXPECT_FALSE(r1) << "the channel is taken";
    const auto r2 = co_await wordle.create("g", "c2", "2024-01-02", "{}");
    EXPECT_TRUE(r2) << "another channel is free";
    const auto r3 = co_await connections.create("g", "c1", "2024-01-02", "{}");
    EXPECT_TRUE(r3) << "another game is free";
    co_await wordle.set_message(*first, "m1");

    // A finished game frees the channel.
    co_await pool.transaction([&](db::Connection& c) -> awaitable<void> {
      const auto session = co_await wordle.lock_by_message(c, "m1");
      EXPECT_TRUE(session);
      if (session) co_await wordle.save(c, session->id, R"({"done":true})", "won");
    });
    const auto second = co_await wordle.create("g", "c1", "2024-01-03", "{}");
    EXPECT_TRUE(second);

    // An idle game is expired by the next look at the channel, which frees it.
    co_await pool.execute("UPDATE game_sessions SET updated_at = NOW() - INTERVAL '31 minutes' WHERE id = $1", *second);
    const auto r4 = co_await wordle.active_in_channel("c1");
    EXPECT_FALSE(r4);
    const auto r5 = co_await wordle.create("g", "c1", "2024-01-04", "{}");
    EXPECT_TRUE(r5);
    const auto old = co_await pool.execute("SELECT status FROM game_sessions WHERE id = $1", *second);
    EXPECT_EQ(old.get<std::string>(0, "status"), "expired");
  }());
}

TEST_F(GamesStore, StatsCountStreaksAndDistribution) {
  run([&]() -> awaitable<void> {
    db::Pool pool(co_await boost::asio::this_coro::executor, options());
    const std::vector<std::string> both{"alice", "bob"};
    const std::vector<std::string> alice{"alice"};
    co_await pool.transaction([&](db::Connection& c) -> awaitable<void> {
      co_await record_result(c, "g", both, "wordle", true, 2, 6);
      co_await record_result(c, "g", alice, "wordle", true, 3, 6);
      co_await record_result(c, "g", alice, "wordle", true, 3, 6);
      co_await record_result(c, "g", both, "wordle", false, 0, 6);
      co_await record_result(c, "g", alice, "wordle", true, 0, 6);
      co_await record_result(c, "other-guild", alice, "wordle", true, 0, 6);
    });
    const auto a = co_await stats_of(pool, "g", "alice", "wordle");
    EXPECT_TRUE(a);
    if (a) {
      EXPECT_EQ(a->played, 5);
      EXPECT_EQ(a->won, 4);
      EXPECT_EQ(a->current_streak, 1);
      EXPECT_EQ(a->max_streak, 3);
      EXPECT_EQ(a->distribution, (std::vector<int>{1, 0, 1, 2, 0, 0}));
    }
    const auto r6 = co_await stats_of(pool, "g", "alice", "connections");
    EXPECT_FALSE(r6);
    const auto top = co_await top_players(pool, "g", "wordle", 10);
    EXPECT_EQ(top.size(), 2u);
    if (top.size() == 2) {
      EXPECT_EQ(top[0].user_id, "alice");
      EXPECT_EQ(top[1].user_id, "bob");
      EXPECT_EQ(top[1].won, 1);
      EXPECT_EQ(top[1].current_streak, 0);
    }
  }());
}

}  // namespace
}  // namespace dbot::features::games
