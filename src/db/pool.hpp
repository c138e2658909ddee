#pragma once
// A small pool of Connections to one schema (search_path pinned on connect).
// Connections are created lazily up to `size`; a caller that finds them all
// busy waits up to `acquire_timeout`. Broken connections, and connections
// returned with a transaction still open, are discarded and replaced on
// demand. Use a Pool from one executor (thread or strand).

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "db/connection.hpp"

namespace dbot::db {

struct PoolOptions {
  std::string url;
  std::string schema;  // validated: [a-z_][a-z0-9_]{0,62}
  std::size_t size = 4;
  std::chrono::milliseconds acquire_timeout{10000};
  std::chrono::milliseconds connect_timeout{10000};
  std::string application_name = "discord-bot";
};

class Pool;

// A borrowed connection; going out of scope gives it back to the pool.
class PooledConnection {
 public:
  PooledConnection() = default;
  PooledConnection(PooledConnection&& other) noexcept;
  PooledConnection& operator=(PooledConnection&& other) noexcept;
  ~PooledConnection();

  Connection& operator*() const { return *connection_; }
  Connection* operator->() const { return connection_.get(); }
  explicit operator bool() const { return static_cast<bool>(connection_); }

 private:
  friend class Pool;
  struct Home;
  PooledConnection(std::shared_ptr<Home> home, std::unique_ptr<Connection> connection);
  void give_back() noexcept;

  std::shared_ptr<Home> home_;
  std::unique_ptr<Connection> connection_;
};

class Pool {
 public:
  Pool(boost::asio::any_io_executor executor, PoolOptions options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Throws dbot::Error (timed out, cannot connect, pool closed).
  boost::asio::awaitable<PooledConnection> acquire();

  // One statement on any free connection.
  boost::asio::awaitable<Result> query(std::string_view sql, std::vector<Param> params = {});
  template <class... Args>
  boost::asio::awaitable<Result> execute(std::string_view sql, const Args&... args) {
    return query(sql, std::vector<Param>{to_param(args)...});
  }

  // co_await pool.transaction([&](Connection& c) -> awaitable<T> { ... });
  // commits when the body returns, rolls back and rethrows when it throws.
  template <class F>
  auto transaction(F body) -> std::invoke_result_t<F&, Connection&> {
    auto connection = co_await acquire();
    co_return co_await with_transaction(*connection, std::move(body));
  }

  // Closes idle connections and fails waiters and later acquires.
  void close();

  const std::string& schema() const noexcept;
  std::size_t size() const noexcept;
  std::size_t open_connections() const noexcept;
  std::size_t idle_connections() const noexcept;

 private:
  std::shared_ptr<PooledConnection::Home> home_;
};

}  // namespace dbot::db
