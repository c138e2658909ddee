#include "e2e/support/sql.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "db/connection.hpp"
#include "e2e/support/bot_harness.hpp"

namespace dbot::test {

namespace {

boost::asio::awaitable<db::Result> run_query(std::string url, std::string schema, std::string sql) {
  db::ConnectOptions options(url, schema);
  auto connection = co_await db::Connection::connect(std::move(options));
  co_return co_await connection->query(sql);
}

}  // namespace

db::Result query_schema(const std::string& schema, const std::string& sql) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, run_query(test_database_url(), schema, sql), boost::asio::use_future);
  io.run();
  return future.get();
}

}  // namespace dbot::test
