#pragma once
// One asynchronous Postgres connection on libpq. Connecting and querying never
// block: libpq runs in non-blocking mode and the coroutine waits on the
// connection's socket through the executor's reactor. A Connection belongs to
// one executor (one thread or strand) at a time.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/error.hpp"
#include "db/result.hpp"

namespace dbot::db {

// The message users see for any database failure (operators get the detail).
inline constexpr const char* kDatabaseErrorMessage =
    "Something went wrong talking to the database. Please try again later.";

// A failure reported by Postgres or libpq. `sqlstate()` is the five-character
// SQLSTATE ("23505" for a unique violation), empty when the failure happened
// before the server answered (connection lost, cannot connect).
class DatabaseError : public Error {
 public:
  DatabaseError(std::string sqlstate, std::string operator_detail, std::string user_message = kDatabaseErrorMessage)
      : Error(std::move(user_message), std::move(operator_detail)), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const noexcept { return sqlstate_; }

 private:
  std::string sqlstate_;
};

// A query parameter in Postgres' text format; nullopt is SQL NULL.
using Param = std::optional<std::string>;

inline Param to_param(std::string_view value) { return std::string(value); }
inline Param to_param(const std::string& value) { return value; }
inline Param to_param(const char* value) { return std::string(value); }
inline Param to_param(std::nullopt_t) { return std::nullopt; }
inline Param to_param(bool value) { return std::string(value ? "true" : "false"); }
Param to_param(double value);
template <class T>
requires(std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>) Param to_param(T value) {
  return std::to_string(value);
}
template <class T>
Param to_param(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return to_param(*value);
}

// Has constructors on purpose: g++ 12 destroys a braced *aggregate*
// temporary twice when it appears in a co_await expression
// (co_await connect(ConnectOptions{...})); a constructor call is safe.
struct ConnectOptions {
  ConnectOptions() = default;
  explicit ConnectOptions(std::string url_value, std::string schema_value = {},
                          std::chrono::milliseconds timeout = std::chrono::milliseconds(10000),
                          std::string application = "discord-bot")
      : url(std::move(url_value)),
        schema(std::move(schema_value)),
        connect_timeout(timeout),
        application_name(std::move(application)) {}

  std::string url;     // libpq URL or key=value string
  std::string schema;  // when set, search_path is pinned to exactly this schema
  std::chrono::milliseconds connect_timeout{10000};
  std::string application_name = "discord-bot";
};

class Connection {
 public:
  // Connects on the calling coroutine's executor. Throws DatabaseError; the
  // detail never contains the password.
  static boost::asio::awaitable<std::unique_ptr<Connection>> connect(ConnectOptions options);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One statement with $1..$n text parameters (extended protocol).
  boost::asio::awaitable<Result> query(std::string_view sql, std::vector<Param> params = {});

  // query() with parameters converted by to_param: execute("... $1", id).
  template <class... Args>
  boost::asio::awaitable<Result> execute(std::string_view sql, const Args&... args) {
    return query(sql, std::vector<Param>{to_param(args)...});
  }

  // Several statements without parameters (simple protocol), for migrations.
  boost::asio::awaitable<void> run_script(std::string_view sql);

  // True once the connection failed at the transport level; a broken
  // connection is never reused.
  bool broken() const noexcept;
  // True when no transaction is open (safe to hand to someone else).
  bool idle() const noexcept;
  const std::string& schema() const noexcept;
  // The server process id (pg_backend_pid), for diagnostics.
  int backend_pid() const noexcept;

  struct Impl;

 private:
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Runs `body(connection)` between BEGIN and COMMIT; on an exception rolls back
// and rethrows. `body` returns boost::asio::awaitable<T>; the result is T.
template <class F>
auto with_transaction(Connection& connection, F body) -> std::invoke_result_t<F&, Connection&> {
  using T = typename std::invoke_result_t<F&, Connection&>::value_type;
  co_await connection.query("BEGIN");
  std::exception_ptr failure;
  if constexpr (std::is_void_v<T>) {
    try {
      co_await body(connection);
    } catch (...) {
      failure = std::current_exception();
    }
    if (!failure) {
      co_await connection.query("COMMIT");
      co_return;
    }
  } else {
    std::optional<T> value;
    try {
      value.emplace(co_await body(connection));
    } catch (...) {
      failure = std::current_exception();
    }
    if (!failure) {
      co_await connection.query("COMMIT");
      co_return std::move(*value);
    }
  }
  if (!connection.broken()) {
    try {
      co_await connection.query("ROLLBACK");
    } catch (...) {
      // The original failure matters more; a connection that cannot roll back
      // is not idle and will be discarded by its pool.
    }
  }
  std::rethrow_exception(failure);
}

}  // namespace dbot::db
