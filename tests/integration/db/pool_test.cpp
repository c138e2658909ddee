#include "db/pool.hpp"

#include <gtest/gtest.h>

#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "db/migrations.hpp"
#include "db_test_support.hpp"

namespace dbot::db::testing {
namespace {

using boost::asio::awaitable;

class Pools : public DatabaseTest {};

PoolOptions options_for(const std::string& url, const std::string& schema, std::size_t size = 4) {
  PoolOptions options;
  options.url = url;
  options.schema = schema;
  options.size = size;
  return options;
}

TEST_F(Pools, TwoInstancesInTwoSchemasSeeOnlyTheirOwnRows) {
  auto a = schema("a");
  auto b = schema("b");
  run(migrate(url(), a));
  run(migrate(url(), b));
  auto counts = run([&]() -> awaitable<std::vector<std::string>> {
    auto executor = co_await boost::asio::this_coro::executor;
    Pool pool_a(executor, options_for(url(), a));
    Pool pool_b(executor, options_for(url(), b));
    co_await pool_a.execute("INSERT INTO guild_settings (guild_id, dj_role_id) VALUES ($1, $2)", "111", "role-a");
    co_await pool_b.execute("INSERT INTO guild_settings (guild_id, dj_role_id) VALUES ($1, $2)", "222", "role-b");
    auto rows_a = co_await pool_a.query("SELECT guild_id, dj_role_id FROM guild_settings");
    auto rows_b = co_await pool_b.query("SELECT guild_id, dj_role_id FROM guild_settings");
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < rows_a.rows(); ++i) seen.push_back("a:" + rows_a.get<std::string>(i, "dj_role_id"));
    for (std::size_t i = 0; i < rows_b.rows(); ++i) seen.push_back("b:" + rows_b.get<std::string>(i, "dj_role_id"));
    co_return seen;
  }());
  EXPECT_EQ(counts, (std::vector<std::string>{"a:role-a", "b:role-b"}));
}

TEST_F(Pools, TransactionCommitsOnSuccessAndRollsBackOnException) {
  auto s = schema();
  run(migrate(url(), s));
  auto remaining = run([&]() -> awaitable<std::vector<std::string>> {
    auto executor = co_await boost::asio::this_coro::executor;
    Pool pool(executor, options_for(url(), s, 2));
    auto id = co_await pool.transaction([&](Connection& c) -> awaitable<std::int64_t> {
      auto r = co_await c.execute(
          "INSERT INTO tempbans (guild_id, user_id, moderator_id, expires_at) VALUES ($1, $2, $3, NOW()) "
          "RETURNING id",
          "g", "kept", "m");
      co_return r.get<std::int64_t>(0, "id");
    });
    EXPECT_GT(id, 0);

    bool threw = false;
    try {
      co_await pool.transaction([&](Connection& c) -> awaitable<void> {
        co_await c.execute(
            "INSERT INTO tempbans (guild_id, user_id, moderator_id, expires_at) VALUES ($1, $2, $3, NOW())", "g",
            "rolled-back", "m");
        throw std::runtime_error("Discord refused the ban");
      });
    } catch (const std::runtime_error& e) {
      threw = std::string(e.what()) == "Discord refused the ban";
    }
    EXPECT_TRUE(threw);

    // A failing statement inside the transaction rolls back the earlier ones.
    try {
      co_await pool.transaction([&](Connection& c) -> awaitable<void> {
        co_await c.execute(
            "INSERT INTO tempbans (guild_id, user_id, moderator_id, expires_at) VALUES ($1, $2, $3, NOW())", "g",
            "also-rolled-back", "m");
        co_await c.query("INSERT INTO tempbans (guild_id) VALUES ('missing not-null columns')");
      });
      ADD_FAILURE() << "the NOT NULL violation must throw";
    } catch (const DatabaseError& e) {
      EXPECT_EQ(e.sqlstate(), "23502");
    }

    auto rows = co_await pool.query("SELECT user_id FROM tempbans ORDER BY id");
    std::vector<std::string> users;
    for (std::size_t i = 0; i < rows.rows(); ++i) users.push_back(rows.get<std::string>(i, "user_id"));
    EXPECT_LE(pool.open_connections(), 2u);
    co_return users;
  }());
  EXPECT_EQ(remaining, std::vector<std::string>{"kept"});
}

TEST_F(Pools, AcquireTimesOutWhenEveryConnectionIsBusy) {
  auto s = schema();
  run(migrate(url(), s));
  run([&]() -> awaitable<void> {
    auto executor = co_await boost::asio::this_coro::executor;
    auto options = options_for(url(), s, 1);
    options.acquire_timeout = std::chrono::milliseconds(200);
    Pool pool(executor, options);
    auto held = co_await pool.acquire();
    std::string detail;
    try {
      auto second = co_await pool.acquire();
      ADD_FAILURE() << "a second acquire from a pool of one must time out";
    } catch (const Error& e) {
      detail = e.operator_detail();
    }
    EXPECT_NE(detail.find("timed out"), std::string::npos) << detail;
    // Once the first is given back, acquiring works again (same connection).
    int pid = held->backend_pid();
    held = PooledConnection();
    auto again = co_await pool.acquire();
    EXPECT_EQ(again->backend_pid(), pid);
  }());
}

TEST_F(Pools, WaitersGetConnectionsAsTheyAreReturned) {
  auto s = schema();
  run(migrate(url(), s));
  auto total = run([&]() -> awaitable<int> {
    auto executor = co_await boost::asio::this_coro::executor;
    Pool pool(executor, options_for(url(), s, 2));
    int done = 0;
    auto worker = [&](int n) -> awaitable<void> {
      co_await pool.execute("INSERT INTO member_activity (guild_id, user_id, message_count) VALUES ($1, $2, $3)", "g",
                            std::to_string(n), n);
      ++done;
    };
    // Eight concurrent users of a two-connection pool.
    for (int i = 0; i < 8; ++i) {
      boost::asio::co_spawn(executor, worker(i), boost::asio::detached);
    }
    while (done < 8) {
      boost::asio::steady_timer t(executor, std::chrono::milliseconds(10));
      co_await t.async_wait(boost::asio::use_awaitable);
    }
    EXPECT_LE(pool.open_connections(), 2u);
    auto r = co_await pool.query("SELECT count(*) AS n FROM member_activity");
    co_return r.get<int>(0, "n");
  }());
  EXPECT_EQ(total, 8);
}

TEST_F(Pools, BrokenConnectionsAreReplaced) {
  auto s = schema();
  run(migrate(url(), s));
  run([&]() -> awaitable<void> {
    auto executor = co_await boost::asio::this_coro::executor;
    Pool pool(executor, options_for(url(), s, 1));
    int old_pid = 0;
    {
      auto victim = co_await pool.acquire();
      old_pid = victim->backend_pid();
      auto admin = co_await Connection::connect(ConnectOptions{url(), ""});
      co_await admin->execute("SELECT pg_terminate_backend($1)", old_pid);
      bool failed = false;
      try {
        co_await victim->query("SELECT 1");
      } catch (const DatabaseError&) {
        failed = true;
      }
      EXPECT_TRUE(failed);
      EXPECT_TRUE(victim->broken());
    }
    auto fresh = co_await pool.acquire();
    EXPECT_NE(fresh->backend_pid(), old_pid);
    auto r = co_await fresh->query("SELECT 1 AS one");
    EXPECT_EQ(r.get<int>(0, "one"), 1);
  }());
}

TEST_F(Pools, RejectsUnsafeSchemaNames) {
  boost::asio::io_context io;
  for (const char* bad : {"Bad", "x\"; DROP TABLE y; --", "", "1abc"}) {
    EXPECT_THROW(Pool(io.get_executor(), options_for(url(), bad)), Error) << bad;
  }
}

}  // namespace
}  // namespace dbot::db::testing
