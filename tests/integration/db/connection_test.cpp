#include "db/connection.hpp"

#include <gtest/gtest.h>

#include "db/pool.hpp"
#include "db_test_support.hpp"

namespace dbot::db::testing {
namespace {

using boost::asio::awaitable;

class Connections : public DatabaseTest {};

TEST_F(Connections, ParametersRoundTripQuotesUnicodeAndNull) {
  const std::string tricky = "O'Reilly \"quoted\" \\ back; DROP TABLE x; -- $1";
  const std::string unicode = "h\xc3\xa9llo \xf0\x9f\x8e\x89 \xe6\x97\xa5\xe6\x9c\xac";
  auto result = run([&]() -> awaitable<Result> {
    auto c = co_await Connection::connect(ConnectOptions{url(), ""});
    co_return co_await c->execute(
        "SELECT $1::text AS tricky, $2::text AS unicode, $3::text AS nothing, $4::bigint AS big, $5::float8 AS num,"
        " $6::boolean AS flag, length($2::text) AS chars",
        tricky, unicode, std::optional<std::string>{}, std::int64_t{1234567890123456789}, 0.1, true);
  }());
  ASSERT_EQ(result.rows(), 1u);
  EXPECT_EQ(result.get<std::string>(0, "tricky"), tricky);
  EXPECT_EQ(result.get<std::string>(0, "unicode"), unicode);
  EXPECT_EQ(result.get<std::optional<std::string>>(0, "nothing"), std::nullopt);
  EXPECT_EQ(result.get<std::int64_t>(0, "big"), 1234567890123456789);
  EXPECT_DOUBLE_EQ(result.get<double>(0, "num"), 0.1);
  EXPECT_TRUE(result.get<bool>(0, "flag"));
  EXPECT_EQ(result.get<int>(0, "chars"), 10);
}

TEST_F(Connections, StoredTextRoundTripsThroughATable) {
  auto s = schema();
  const std::string reason = "spam 'n' \"eggs\" \xe2\x9c\x85";
  auto rows = run([&]() -> awaitable<Result> {
    auto c = co_await Connection::connect(ConnectOptions{url(), ""});
    co_await c->query("CREATE SCHEMA " + quote_identifier(s));
    auto pinned = co_await Connection::connect(ConnectOptions{url(), s});
    co_await pinned->query("CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT)");
    auto inserted = co_await pinned->execute("INSERT INTO notes (body) VALUES ($1), ($2)", reason, std::nullopt);
    EXPECT_EQ(inserted.affected_rows(), 2);
    co_return co_await pinned->query("SELECT body FROM notes ORDER BY id");
  }());
  ASSERT_EQ(rows.rows(), 2u);
  EXPECT_EQ(rows.get<std::string>(0, "body"), reason);
  EXPECT_TRUE(rows[1].is_null("body"));
}

TEST_F(Connections, MalformedQueryThrowsWithSqlstateAndConnectionSurvives) {
  run([&]() -> awaitable<void> {
    auto c = co_await Connection::connect(ConnectOptions{url(), ""});
    std::string sqlstate;
    std::string detail;
    std::string user_message;
    try {
      co_await c->query("SELEC 1");
    } catch (const DatabaseError& e) {
      sqlstate = e.sqlstate();
      detail = e.operator_detail();
      user_message = e.user_message();
    }
    EXPECT_EQ(sqlstate, "42601");
    EXPECT_NE(detail.find("SQLSTATE 42601"), std::string::npos) << detail;
    EXPECT_NE(detail.find("syntax error"), std::string::npos) << detail;
    EXPECT_EQ(user_message, kDatabaseErrorMessage);
    EXPECT_EQ(user_message.find("SELEC"), std::string::npos);
    EXPECT_FALSE(c->broken());
    auto after = co_await c->query("SELECT 2 AS two");
    EXPECT_EQ(after.get<int>(0, "two"), 2);

    try {
      co_await c->query("SELECT 1/0");
      ADD_FAILURE() << "division by zero must throw";
    } catch (const DatabaseError& e) {
      EXPECT_EQ(e.sqlstate(), "22012");
    }
  }());
}

TEST_F(Connections, ConnectFailureNeverShowsThePassword) {
  // Port 1 on loopback: nothing listens, the connection is refused.
  try {
    run(Connection::connect(ConnectOptions{"postgresql://bot:s3cr3t-pw@127.0.0.1:1/db", ""}));
    FAIL() << "connecting to a closed port must fail";
  } catch (const DatabaseError& e) {
    std::string detail = e.operator_detail();
    EXPECT_EQ(detail.find("s3cr3t-pw"), std::string::npos) << detail;
    EXPECT_NE(detail.find("***"), std::string::npos) << detail;
    EXPECT_EQ(std::string(e.user_message()).find("s3cr3t-pw"), std::string::npos);
  }
  try {
    run(Connection::connect(ConnectOptions{"host=127.0.0.1 port=1 password=s3cr3t-pw dbname=x", ""}));
    FAIL() << "connecting to a closed port must fail";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.operator_detail()).find("s3cr3t-pw"), std::string::npos) << e.operator_detail();
  }
}

TEST_F(Connections, SearchPathIsPinnedToTheSchema) {
  auto s = schema();
  auto path = run([&]() -> awaitable<std::string> {
    auto c = co_await Connection::connect(ConnectOptions{url(), s});
    auto r = co_await c->query("SHOW search_path");
    co_return r.scalar<std::string>();
  }());
  EXPECT_EQ(path, "\"" + s + "\"");
}

TEST_F(Connections, ScriptsRunSeveralStatements) {
  auto s = schema();
  auto count = run([&]() -> awaitable<int> {
    auto admin = co_await Connection::connect(ConnectOptions{url(), ""});
    co_await admin->query("CREATE SCHEMA " + quote_identifier(s));
    auto c = co_await Connection::connect(ConnectOptions{url(), s});
    co_await c->run_script("CREATE TABLE t (x INT); INSERT INTO t VALUES (1), (2); INSERT INTO t VALUES (3);");
    auto r = co_await c->query("SELECT count(*) AS n FROM t");
    co_return r.get<int>(0, "n");
  }());
  EXPECT_EQ(count, 3);
}

}  // namespace
}  // namespace dbot::db::testing
