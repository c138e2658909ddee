// The trade functions against a real Postgres: the seed's ledger cases, and
// many concurrent buys, sells and resets of the same users from two pools
// (two bot processes, as far as Postgres can tell) that must neither create
// nor destroy money.

#include "features/stocks/ledger.hpp"

#include <gtest/gtest.h>

#include <random>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "db/migrations.hpp"
#include "db/pool.hpp"
#include "integration/db/db_test_support.hpp"

namespace dbot::features::stocks {

void PrintTo(const Fixed4& value, std::ostream* out) { *out << value.str(); }

namespace {

using boost::asio::awaitable;
using db::testing::run;

Fixed4 f(const char* text) { return *Fixed4::parse(text); }

class StocksLedger : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    schema_ = schema();
    run(db::migrate(url(), schema_));
  }

  db::PoolOptions pool_options(std::size_t size = 4) const {
    db::PoolOptions options;
    options.url = url();
    options.schema = schema_;
    options.size = size;
    return options;
  }

  // Runs `body` with a ledger on a fresh pool.
  template <class T>
  T with_ledger(std::function<awaitable<T>(Ledger&, db::Pool&)> body) {
    return run([&]() -> awaitable<T> {
      db::Pool pool(co_await boost::asio::this_coro::executor, pool_options());
      Ledger ledger(pool);
      co_return co_await body(ledger, pool);
    }());
  }

  std::string schema_;
};

TEST_F(StocksLedger, BuyTakesExactlyTheCost) {
  const auto [result, cash, held] = with_ledger<std::tuple<BuyResult, Fixed4, std::vector<Holding>>>(
      [](Ledger& l, db::Pool&) -> awaitable<std::tuple<BuyResult, Fixed4, std::vector<Holding>>> {
        const auto bought = co_await l.buy("g", "u", "AAPL", f("2"), f("100"));
        const auto cash_now = co_await l.cash("g", "u");
        const auto holdings = co_await l.holdings("g", "u");
        co_return std::tuple{bought, *cash_now, holdings};
      });
  EXPECT_EQ(result.total, f("200"));
  EXPECT_EQ(cash, f("800"));
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].quantity, f("2"));
  EXPECT_EQ(held[0].avg_cost, f("100"));
}

TEST_F(StocksLedger, InsufficientFundsChangesNothing) {
  const auto [message, cash, held] = with_ledger<std::tuple<std::string, Fixed4, std::size_t>>(
      [](Ledger& l, db::Pool&) -> awaitable<std::tuple<std::string, Fixed4, std::size_t>> {
        std::string refused;
        try {
          co_await l.buy("g", "u", "AAPL", f("2"), f("1000"));
        } catch (const TradeRefused& e) {
          refused = e.user_message();
        }
        // The refused trade rolled back even the portfolio it opened.
        const auto cash_now = co_await l.cash("g", "u");
        const auto holdings = co_await l.holdings("g", "u");
        co_return std::tuple{refused, cash_now.value_or(kStartingCash), holdings.size()};
      });
  EXPECT_NE(message.find("Insufficient funds"), std::string::npos) << message;
  EXPECT_EQ(cash, f("1000"));
  EXPECT_EQ(held, 0u);
}

TEST_F(StocksLedger, SellPartThenAllRealisesProfitAndRemovesTheHolding) {
  const auto [first, second, cash, held, log] =
      with_ledger<std::tuple<SellResult, SellResult, Fixed4, std::size_t, std::vector<TradeRecord>>>(
          [](Ledger& l, db::Pool&)
              -> awaitable<std::tuple<SellResult, SellResult, Fixed4, std::size_t, std::vector<TradeRecord>>> {
            co_await l.buy("g", "u", "AAPL", f("3"), f("50"));
            const auto one = co_await l.sell("g", "u", "AAPL", f("1"), f("75"));
            const auto rest = co_await l.sell("g", "u", "AAPL", std::nullopt, f("60"));
            const auto cash_now = co_await l.cash("g", "u");
            const auto holdings = co_await l.holdings("g", "u");
            const auto recent = co_await l.history("g", "u", 10);
            co_return std::tuple{one, rest, *cash_now, holdings.size(), recent};
          });
  EXPECT_EQ(first.total, f("75"));
  EXPECT_EQ(first.realized, f("25"));
  EXPECT_EQ(second.quantity, f("2"));
  EXPECT_EQ(second.total, f("120"));
  EXPECT_EQ(second.realized, f("20"));
  EXPECT_EQ(cash, f("1045"));
  EXPECT_EQ(held, 0u);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].action, "SELL");
  EXPECT_EQ(log[2].action, "BUY");
}

TEST_F(StocksLedger, SellingMoreThanHeldIsRefused) {
  const auto message = with_ledger<std::string>([](Ledger& l, db::Pool&) -> awaitable<std::string> {
    co_await l.buy("g", "u", "AAPL", f("1"), f("100"));
    std::string refused;
    try {
      co_await l.sell("g", "u", "AAPL", f("5"), f("100"));
    } catch (const TradeRefused& e) {
      refused = e.user_message();
    }
    co_return refused;
  });
  EXPECT_EQ(message, "You only have **1.0000** shares of **AAPL**.");
}

TEST_F(StocksLedger, AveragesCostAndRoundsFractionalSharesExactly) {
  const auto held = with_ledger<std::vector<Holding>>([](Ledger& l, db::Pool&) -> awaitable<std::vector<Holding>> {
    co_await l.buy("g", "u", "X", f("0.3333"), f("3.0001"));
    co_await l.buy("g", "u", "X", f("1.6667"), f("9.9999"));
    co_return co_await l.holdings("g", "u");
  });
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].quantity, f("2"));
  // (0.3333×3.0001 + 1.6667×9.9999) / 2 = 8.833383...
  EXPECT_EQ(held[0].avg_cost, f("8.8334"));
}

TEST_F(StocksLedger, ResetClearsEverything) {
  const auto [cash, held, trades] = with_ledger<std::tuple<Fixed4, std::size_t, std::int64_t>>(
      [](Ledger& l, db::Pool&) -> awaitable<std::tuple<Fixed4, std::size_t, std::int64_t>> {
        co_await l.buy("g", "u", "AAPL", f("2"), f("100"));
        co_await l.buy("g", "u", "MSFT", f("1"), f("250"));
        const auto removed = co_await l.reset("g", "u");
        EXPECT_EQ(removed.holdings_removed, 2);
        EXPECT_EQ(removed.trades_removed, 2);
        const auto cash_now = co_await l.cash("g", "u");
        const auto holdings = co_await l.holdings("g", "u");
        const auto trade_total = co_await l.trade_count("g", "u");
        co_return std::tuple{*cash_now, holdings.size(), trade_total};
      });
  EXPECT_EQ(cash, f("1000"));
  EXPECT_EQ(held, 0u);
  EXPECT_EQ(trades, 0);
}

TEST_F(StocksLedger, ViewingNeverCreatesAPortfolio) {
  const auto cash = with_ledger<std::optional<Fixed4>>(
      [](Ledger& l, db::Pool&) -> awaitable<std::optional<Fixed4>> { co_return co_await l.cash("g", "nobody"); });
  EXPECT_FALSE(cash);
}

// Many concurrent operations on the same users, from two pools. Afterwards,
// for every user: cash = 1000 - Σ buys + Σ sells of the log, each holding =
// Σ bought - Σ sold, and nothing is negative.
TEST_F(StocksLedger, ConcurrentTradesAndResetsNeitherCreateNorDestroyMoney) {
  constexpr int kWorkers = 16;
  constexpr int kOperationsPerWorker = 40;
  const std::vector<std::string> users{"u1", "u2", "u3"};
  const std::vector<std::string> symbols{"AAPL", "MSFT"};
  int refused = 0;
  int done = 0;
  int resets = 0;
  run([&]() -> awaitable<void> {
    auto executor = co_await boost::asio::this_coro::executor;
    db::Pool pool_a(executor, pool_options(6));
    db::Pool pool_b(executor, pool_options(6));
    Ledger ledger_a(pool_a);
    Ledger ledger_b(pool_b);
    int finished = 0;
    for (int worker = 0; worker < kWorkers; ++worker) {
      Ledger& ledger = worker % 2 == 0 ? ledger_a : ledger_b;
      boost::asio::co_spawn(
          executor,
          [&, worker]() -> awaitable<void> {
            std::mt19937 random(static_cast<unsigned>(worker * 7919 + 1));
            for (int i = 0; i < kOperationsPerWorker; ++i) {
              const auto& user = users[random() % users.size()];
              const auto& symbol = symbols[random() % symbols.size()];
              const auto price = Fixed4::from_units(static_cast<std::int64_t>(10000 + random() % 2'000'000));
              const auto quantity = Fixed4::from_units(static_cast<std::int64_t>(1 + random() % 40000));
              const auto pick = random() % 20;
              try {
                if (pick < 9) {
                  co_await ledger.buy("g", user, symbol, quantity, price);
                } else if (pick < 14) {
                  co_await ledger.sell("g", user, symbol, quantity, price);
                } else if (pick < 19) {
                  co_await ledger.sell("g", user, symbol, std::nullopt, price);
                } else {
                  co_await ledger.reset("g", user);
                  ++resets;
                }
                ++done;
              } catch (const TradeRefused&) {
                ++refused;
              }
            }
            ++finished;
          },
          boost::asio::detached);
    }
    // Wait for the workers on the same executor.
    boost::asio::steady_timer timer(executor);
    for (int waited = 0; finished < kWorkers && waited < 1200; ++waited) {
      timer.expires_after(std::chrono::milliseconds(50));
      co_await timer.async_wait(boost::asio::use_awaitable);
    }
    EXPECT_EQ(finished, kWorkers) << "workers did not finish in time";
  }());
  EXPECT_EQ(done + refused, kWorkers * kOperationsPerWorker);
  EXPECT_GT(done, kWorkers * kOperationsPerWorker / 3) << "too few operations succeeded to prove anything";
  EXPECT_GT(resets, 0);

  const auto check = run([&]() -> awaitable<db::Result> {
    db::Pool pool(co_await boost::asio::this_coro::executor, pool_options());
    co_return co_await pool.query(R"SQL(
      SELECT p.user_id,
             p.cash_balance::text AS cash,
             (1000 - COALESCE((SELECT SUM(total_amount) FROM stock_transactions t
                                WHERE t.guild_id = p.guild_id AND t.user_id = p.user_id AND action = 'BUY'), 0)
                   + COALESCE((SELECT SUM(total_amount) FROM stock_transactions t
                                WHERE t.guild_id = p.guild_id AND t.user_id = p.user_id AND action = 'SELL'), 0))::text
               AS expected_cash,
             (SELECT COUNT(*) FROM (
                SELECT symbol, SUM(CASE action WHEN 'BUY' THEN quantity ELSE -quantity END) AS net
                  FROM stock_transactions t WHERE t.guild_id = p.guild_id AND t.user_id = p.user_id
                 GROUP BY symbol) n
               FULL JOIN (SELECT symbol, quantity FROM stock_holdings h
                           WHERE h.guild_id = p.guild_id AND h.user_id = p.user_id) h USING (symbol)
              WHERE COALESCE(n.net, 0) IS DISTINCT FROM COALESCE(h.quantity, 0)) AS holding_mismatches,
             (SELECT COUNT(*) FROM stock_holdings h
               WHERE h.guild_id = p.guild_id AND h.user_id = p.user_id AND h.quantity <= 0) AS empty_holdings
        FROM stock_portfolios p ORDER BY p.user_id)SQL");
  }());
  ASSERT_EQ(check.rows(), users.size());
  for (std::size_t i = 0; i < check.rows(); ++i) {
    const auto user = check.get<std::string>(i, "user_id");
    const auto cash = f(check.get<std::string>(i, "cash").c_str());
    EXPECT_EQ(cash, f(check.get<std::string>(i, "expected_cash").c_str())) << user;
    EXPECT_GE(cash, Fixed4{}) << user;
    EXPECT_EQ(check.get<std::int64_t>(i, "holding_mismatches"), 0) << user;
    EXPECT_EQ(check.get<std::int64_t>(i, "empty_holdings"), 0) << user;
  }
}

}  // namespace
}  // namespace dbot::features::stocks
