#pragma once
// Runs database coroutines to completion from blocking code. The backup and
// restore steps alternate child processes (pg_dump, psql) with short
// database calls, so they are written as plain blocking code.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace dbot::ops {

// On `io`, which must outlive anything the coroutine returns that holds a
// connection (a SchemaLease, say).
template <class Awaitable>
auto run_on(boost::asio::io_context& io, Awaitable awaitable) {
  auto future = boost::asio::co_spawn(io, std::move(awaitable), boost::asio::use_future);
  io.restart();
  io.run();
  return future.get();
}

// On a private io_context, for coroutines whose results hold no connection.
template <class Awaitable>
auto run_sync(Awaitable awaitable) {
  boost::asio::io_context io;
  return run_on(io, std::move(awaitable));
}

}  // namespace dbot::ops
