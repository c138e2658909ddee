// DbCallRecorder against a real Postgres with the real migrations: every MCP
// tool call lands in mcp_calls as given, and a database failure never turns
// into a failed tool call.

#include <gtest/gtest.h>

#include <boost/asio/this_coro.hpp>

#include "db/migrations.hpp"
#include "db/pool.hpp"
#include "integration/db/db_test_support.hpp"
#include "mcp/call_log.hpp"

namespace dbot::mcp {
namespace {
namespace asio = boost::asio;

class McpCallLog : public db::testing::DatabaseTest {};

CallRecord sample(std::string tool, std::string outcome, std::string error) {
  CallRecord r;
  r.at = std::chrono::system_clock::now();
  r.client_id = "claude";
  r.session_hash = session_hash("a-session-id");
  r.tool = std::move(tool);
  r.arguments_json = R"({"channel_id":"1","token":"[redacted]"})";
  r.outcome = std::move(outcome);
  r.error = std::move(error);
  r.latency_us = 1234;
  return r;
}

TEST_F(McpCallLog, RecordsEveryCallWithItsOutcome) {
  const auto name = schema();
  const auto url = this->url();
  db::Result rows;
  db::testing::run([&]() -> asio::awaitable<void> {
    co_await db::migrate(url, name);
    db::PoolOptions options;
    options.url = url;
    options.schema = name;
    auto pool = std::make_shared<db::Pool>(co_await asio::this_coro::executor, std::move(options));
    DbCallRecorder recorder(pool);
    const auto ok = sample("send_message", "ok", "");
    co_await recorder.record(ok);
    const auto failed = sample("ban_member", "tool_error", "Discord refused: Missing Permissions (code 50013).");
    co_await recorder.record(failed);
    rows = co_await pool->query(
        "SELECT client_id, session_hash, tool, arguments->>'token' AS token, outcome, error, latency_us "
        "FROM mcp_calls ORDER BY id");
    pool->close();
  }());
  ASSERT_EQ(rows.rows(), 2u);
  EXPECT_EQ(rows.get<std::string>(0, "client_id"), "claude");
  EXPECT_EQ(rows.get<std::string>(0, "session_hash"), session_hash("a-session-id"));
  EXPECT_NE(rows.get<std::string>(0, "session_hash"), "a-session-id");
  EXPECT_EQ(rows.get<std::string>(0, "tool"), "send_message");
  EXPECT_EQ(rows.get<std::string>(0, "token"), "[redacted]");
  EXPECT_EQ(rows.get<std::string>(0, "outcome"), "ok");
  EXPECT_FALSE(rows.get<std::optional<std::string>>(0, "error").has_value());
  EXPECT_EQ(rows.get<std::int64_t>(0, "latency_us"), 1234);
  EXPECT_EQ(rows.get<std::string>(1, "outcome"), "tool_error");
  EXPECT_EQ(rows.get<std::string>(1, "error"), "Discord refused: Missing Permissions (code 50013).");
}

TEST_F(McpCallLog, ADatabaseFailureIsSwallowed) {
  const auto name = schema();
  const auto url = this->url();
  EXPECT_NO_THROW(db::testing::run([&]() -> asio::awaitable<void> {
    // No migrations: the table doesn't exist, so the insert fails.
    db::PoolOptions options;
    options.url = url;
    options.schema = name;
    auto pool = std::make_shared<db::Pool>(co_await asio::this_coro::executor, std::move(options));
    DbCallRecorder recorder(pool);
    const auto call = sample("list_guilds", "ok", "");
    co_await recorder.record(call);  // must not throw
    pool->close();
    co_await recorder.record(call);  // nor with the pool closed
  }()));
}

}  // namespace
}  // namespace dbot::mcp
