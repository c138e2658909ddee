#include "db/pool.hpp"

#include <algorithm>
#include <deque>

#include <fmt/format.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "db/identifiers.hpp"

namespace dbot::db {

namespace asio = boost::asio;
using asio::awaitable;

struct PooledConnection::Home {
  asio::any_io_executor executor;
  PoolOptions options;
  std::deque<std::unique_ptr<Connection>> idle;
  std::deque<std::shared_ptr<asio::steady_timer>> waiters;
  std::size_t open = 0;  // idle + lent out + being connected
  bool closed = false;

  void wake_one() {
    if (waiters.empty()) return;
    auto waiter = std::move(waiters.front());
    waiters.pop_front();
    waiter->cancel();
  }

  bool capacity_available() const { return !idle.empty() || open < options.size; }

  void take_back(std::unique_ptr<Connection> connection) noexcept {
    if (closed || connection->broken() || !connection->idle()) {
      --open;  // dropping it closes the socket; a fresh one is made on demand
    } else {
      idle.push_back(std::move(connection));
    }
    wake_one();
  }
};

PooledConnection::PooledConnection(std::shared_ptr<Home> home, std::unique_ptr<Connection> connection)
    : home_(std::move(home)), connection_(std::move(connection)) {}

PooledConnection::PooledConnection(PooledConnection&& other) noexcept
    : home_(std::move(other.home_)), connection_(std::move(other.connection_)) {}

PooledConnection& PooledConnection::operator=(PooledConnection&& other) noexcept {
  if (this != &other) {
    give_back();
    home_ = std::move(other.home_);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

PooledConnection::~PooledConnection() { give_back(); }

void PooledConnection::give_back() noexcept {
  if (home_ && connection_) home_->take_back(std::move(connection_));
  home_.reset();
  connection_.reset();
}

Pool::Pool(asio::any_io_executor executor, PoolOptions options) : home_(std::make_shared<PooledConnection::Home>()) {
  require_valid_identifier(options.schema, "schema");
  if (options.size == 0) options.size = 1;
  home_->executor = std::move(executor);
  home_->options = std::move(options);
}

Pool::~Pool() { close(); }

awaitable<PooledConnection> Pool::acquire() {
  auto home = home_;
  auto deadline = std::chrono::steady_clock::now() + home->options.acquire_timeout;
  for (;;) {
    if (home->closed) throw DatabaseError("", "database pool is closed");
    while (!home->idle.empty()) {
      auto connection = std::move(home->idle.back());
      home->idle.pop_back();
      if (connection->idle()) co_return PooledConnection(home, std::move(connection));
      --home->open;
    }
    if (home->open < home->options.size) {
      ++home->open;
      std::unique_ptr<Connection> connection;
      try {
        connection = co_await Connection::connect(ConnectOptions{
            home->options.url, home->options.schema, home->options.connect_timeout, home->options.application_name});
      } catch (...) {
        --home->open;
        home->wake_one();
        throw;
      }
      co_return PooledConnection(home, std::move(connection));
    }

    auto timer = std::make_shared<asio::steady_timer>(home->executor, deadline);
    home->waiters.push_back(timer);
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    auto it = std::find(home->waiters.begin(), home->waiters.end(), timer);
    if (it != home->waiters.end()) home->waiters.erase(it);
    if (!ec) {
      // Pass on a wake-up this waiter may have swallowed while timing out.
      if (home->capacity_available()) home->wake_one();
      throw DatabaseError("",
                          fmt::format("timed out after {} ms waiting for a database connection (pool size {}, "
                                      "schema {})",
                                      home->options.acquire_timeout.count(), home->options.size, home->options.schema));
    }
  }
}

awaitable<Result> Pool::query(std::string_view sql, std::vector<Param> params) {
  auto connection = co_await acquire();
  co_return co_await connection->query(sql, std::move(params));
}

void Pool::close() {
  if (!home_ || home_->closed) return;
  home_->closed = true;
  home_->open -= home_->idle.size();
  home_->idle.clear();
  while (!home_->waiters.empty()) home_->wake_one();
}

const std::string& Pool::schema() const noexcept { return home_->options.schema; }
std::size_t Pool::size() const noexcept { return home_->options.size; }
std::size_t Pool::open_connections() const noexcept { return home_->open; }
std::size_t Pool::idle_connections() const noexcept { return home_->idle.size(); }

}  // namespace dbot::db
