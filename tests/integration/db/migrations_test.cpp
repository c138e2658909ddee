#include "db/migrations.hpp"

#include <gtest/gtest.h>

#include <map>

#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>

#include "db/connection.hpp"
#include "db/sha256.hpp"
#include "db_test_support.hpp"

namespace dbot::db::testing {
namespace {

using boost::asio::awaitable;

std::vector<std::string> bundled_names() {
  std::vector<std::string> names;
  for (const auto& m : bundled_migrations()) names.push_back(m.name);
  return names;
}

class Migrations : public DatabaseTest {};

TEST_F(Migrations, ApplyAllThenNothingOnSecondRun) {
  auto s = schema();
  auto first = run(migrate(url(), s));
  EXPECT_EQ(first.schema, s);
  EXPECT_EQ(first.applied, bundled_names());
  EXPECT_EQ(first.already_applied, 0u);

  auto second = run(migrate(url(), s));
  EXPECT_TRUE(second.applied.empty());
  EXPECT_EQ(second.already_applied, bundled_migrations().size());

  auto status = run(migration_status(url(), s));
  EXPECT_TRUE(status.schema_exists);
  EXPECT_TRUE(status.pending().empty());
  EXPECT_EQ(status.applied().size(), bundled_migrations().size());
  EXPECT_TRUE(status.unknown.empty());
  for (const auto& m : status.migrations) {
    EXPECT_TRUE(m.applied_at.has_value()) << m.name;
    EXPECT_FALSE(m.checksum_changed) << m.name;
  }
}

TEST_F(Migrations, StatusOfAFreshSchemaListsEverythingPendingAndCreatesNothing) {
  auto s = schema();
  auto status = run(migration_status(url(), s));
  EXPECT_FALSE(status.schema_exists);
  EXPECT_EQ(status.pending().size(), bundled_migrations().size());
  EXPECT_TRUE(status.applied().empty());
  auto again = run(migration_status(url(), s));
  EXPECT_FALSE(again.schema_exists);
}

TEST_F(Migrations, CreatesTheSeedTablesWithExactMoney) {
  auto s = schema();
  run(migrate(url(), s));
  auto columns = run([&]() -> awaitable<Result> {
    auto c = co_await Connection::connect(ConnectOptions{url(), ""});
    co_return co_await c->execute(
        "SELECT table_name, column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns "
        "WHERE table_schema = $1 ORDER BY table_name, column_name",
        s);
  }());
  std::map<std::string, std::string> types;
  for (std::size_t i = 0; i < columns.rows(); ++i) {
    auto key = columns.get<std::string>(i, "table_name") + "." + columns.get<std::string>(i, "column_name");
    auto type = columns.get<std::string>(i, "data_type");
    if (type == "numeric") {
      type += fmt::format("({},{})", columns.get<int>(i, "numeric_precision"), columns.get<int>(i, "numeric_scale"));
    }
    types[key] = type;
  }
  EXPECT_EQ(types["stock_portfolios.cash_balance"], "numeric(18,4)");
  EXPECT_EQ(types["stock_holdings.quantity"], "numeric(18,4)");
  EXPECT_EQ(types["stock_holdings.avg_cost"], "numeric(18,4)");
  EXPECT_EQ(types["stock_transactions.total_amount"], "numeric(18,4)");
  EXPECT_EQ(types["stock_price_cache.price"], "double precision");
  EXPECT_EQ(types["tempbans.expires_at"], "timestamp with time zone");
  EXPECT_EQ(types["member_activity.message_count"], "integer");
  EXPECT_EQ(types["guild_settings.dj_mode_enabled"], "boolean");
  EXPECT_EQ(types["instance_lease.heartbeat_at"], "timestamp with time zone");
  EXPECT_EQ(types["schema_migrations.checksum"], "text");

  auto index = run([&]() -> awaitable<Result> {
    auto c = co_await Connection::connect(ConnectOptions{url(), ""});
    co_return co_await c->execute("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2", s,
                                  "idx_tempbans_active");
  }());
  ASSERT_EQ(index.rows(), 1u);
  EXPECT_NE(index.get<std::string>(0, "indexdef").find("WHERE (unbanned = false)"), std::string::npos);
}

TEST_F(Migrations, ChangedChecksumIsAnErrorNamingTheFile) {
  auto s = schema();
  run(migrate(url(), s));
  run([&]() -> awaitable<void> {
    auto c = co_await Connection::connect(ConnectOptions{url(), s});
    co_await c->query("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1");
  }());
  try {
    run(migrate(url(), s));
    FAIL() << "a changed checksum must stop the migration";
  } catch (const Error& e) {
    std::string detail = e.operator_detail();
    EXPECT_NE(detail.find("migration 0001_init.sql was changed after it was applied"), std::string::npos) << detail;
    EXPECT_NE(detail.find(s), std::string::npos) << detail;
  }
  auto status = run(migration_status(url(), s));
  ASSERT_FALSE(status.migrations.empty());
  EXPECT_TRUE(status.migrations[0].checksum_changed);
}

TEST_F(Migrations, EditedFileInTheBinaryIsDetectedToo) {
  auto s = schema();
  run(migrate(url(), s));
  auto edited = bundled_migrations();
  edited[0].sql += "\n-- an edit\n";
  edited[0].checksum = sha256_hex(edited[0].sql);
  EXPECT_THROW(run([&]() -> awaitable<MigrationReport> {
                 auto c = co_await Connection::connect(ConnectOptions{url(), s});
                 co_return co_await apply_migrations(*c, s, edited);
               }()),
               Error);
}

TEST_F(Migrations, AppliedVersionMissingFromTheBinaryIsAnError) {
  auto s = schema();
  run(migrate(url(), s));
  run([&]() -> awaitable<void> {
    auto c = co_await Connection::connect(ConnectOptions{url(), s});
    co_await c->query("INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, '9999_future.sql', 'x')");
  }());
  try {
    run(migrate(url(), s));
    FAIL() << "an unknown applied version must stop the migration";
  } catch (const Error& e) {
    std::string detail = e.operator_detail();
    EXPECT_NE(detail.find("9999_future.sql"), std::string::npos) << detail;
    EXPECT_NE(detail.find("newer than this binary"), std::string::npos) << detail;
  }
  auto status = run(migration_status(url(), s));
  ASSERT_EQ(status.unknown.size(), 1u);
  EXPECT_EQ(status.unknown[0].version, 9999);
}

TEST_F(Migrations, AFailingMigrationRollsBackAndIsNotRecorded) {
  auto s = schema();
  std::vector<EmbeddedMigration> files = {{"0001_ok.sql", "CREATE TABLE a (id INT);"},
                                          {"0002_broken.sql", "CREATE TABLE b (id INT); SELECT * FROM no_such_table;"}};
  auto list = parse_migrations(files);
  EXPECT_THROW(run([&]() -> awaitable<MigrationReport> {
                 auto c = co_await Connection::connect(ConnectOptions{url(), s});
                 co_return co_await apply_migrations(*c, s, list);
               }()),
               Error);
  auto tables = run([&]() -> awaitable<Result> {
    auto c = co_await Connection::connect(ConnectOptions{url(), s});
    co_return co_await c->query(
        "SELECT to_regclass('a') IS NOT NULL AS a, to_regclass('b') IS NOT NULL AS b,"
        " (SELECT count(*) FROM schema_migrations) AS recorded");
  }());
  EXPECT_TRUE(tables.get<bool>(0, "a"));
  EXPECT_FALSE(tables.get<bool>(0, "b"));
  EXPECT_EQ(tables.get<int>(0, "recorded"), 1);
}

TEST_F(Migrations, ConcurrentRunnersApplyEachMigrationOnce) {
  auto s = schema();
  auto reports = run([&]() -> awaitable<std::vector<MigrationReport>> {
    auto a = co_await Connection::connect(ConnectOptions{url(), s});
    auto b = co_await Connection::connect(ConnectOptions{url(), s});
    // Both start before either finishes; the advisory lock serialises them.
    auto executor = co_await boost::asio::this_coro::executor;
    auto fa = boost::asio::co_spawn(executor, apply_migrations(*a, s, bundled_migrations()), boost::asio::deferred);
    auto fb = boost::asio::co_spawn(executor, apply_migrations(*b, s, bundled_migrations()), boost::asio::deferred);
    auto [order, ea, ra, eb, rb] = co_await boost::asio::experimental::make_parallel_group(std::move(fa), std::move(fb))
                                       .async_wait(boost::asio::experimental::wait_for_all(), boost::asio::deferred);
    (void)order;
    if (ea) std::rethrow_exception(ea);
    if (eb) std::rethrow_exception(eb);
    co_return std::vector<MigrationReport>{ra, rb};
  }());
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].applied.size() + reports[1].applied.size(), bundled_migrations().size());
}

}  // namespace
}  // namespace dbot::db::testing
