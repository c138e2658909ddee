#pragma once
// Shared helpers for the database integration tests: the server URL from
// TEST_DATABASE_URL (a missing URL fails the test), unique schema names, and
// a way to run a coroutine to completion.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

#include <fmt/format.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "db/connection.hpp"
#include "db/identifiers.hpp"

namespace dbot::db::testing {

// Runs `task` on a fresh io_context and returns its result (or rethrows).
template <class T>
T run(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.run();
  return future.get();
}

inline std::string database_url() {
  const char* url = std::getenv("TEST_DATABASE_URL");
  return url ? url : "";
}

// A schema name unique to this test and process: itest_<test>_<pid>_<n>.
inline std::string unique_schema(std::string_view tag = "") {
  static std::atomic<int> counter{0};
  std::string base = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  if (!tag.empty()) base += std::string("_") + std::string(tag);
  std::string clean;
  for (char c : base) {
    if (c >= 'A' && c <= 'Z') {
      clean.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      clean.push_back(c);
    } else {
      clean.push_back('_');
    }
  }
  if (clean.size() > 32) clean.resize(32);
  return fmt::format("itest_{}_{}_{}", clean, getpid(), counter++);
}

// Fixture: fails (never skips) without TEST_DATABASE_URL and drops every
// schema the test registered with `schema()`.
class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = database_url();
    ASSERT_FALSE(url_.empty()) << "TEST_DATABASE_URL is not set. Start the test server with\n"
                                  "  export TEST_DATABASE_URL=$(scripts/test-postgres start build/test-pg)\n"
                                  "or run the whole suite with `make test`.";
  }

  void TearDown() override {
    if (url_.empty() || schemas_.empty()) return;
    run([this]() -> boost::asio::awaitable<void> {
      auto connection = co_await Connection::connect(ConnectOptions{url_, ""});
      for (const auto& name : schemas_) {
        co_await connection->query("DROP SCHEMA IF EXISTS " + quote_identifier(name) + " CASCADE");
      }
    }());
  }

  // A fresh schema name that is dropped after the test.
  std::string schema(std::string_view tag = "") {
    schemas_.push_back(unique_schema(tag));
    return schemas_.back();
  }

  const std::string& url() const { return url_; }

 private:
  std::string url_;
  std::vector<std::string> schemas_;
};

}  // namespace dbot::db::testing
