#pragma once
// Helpers for the net tests: run one coroutine on a fresh io_context with a
// safety bound, and a raw TCP client for bytes the HTTP client would never send.

#include <chrono>
#include <exception>
#include <string>

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace dbot::net::test {

inline constexpr auto nothrow = boost::asio::as_tuple(boost::asio::use_awaitable);

// Runs `body(io)` to completion; fails the test when it throws or when it has
// not finished within `bound` (a safety net, not a timing assertion).
template <class Body>
void run_test(Body&& body, std::chrono::seconds bound = std::chrono::seconds(20)) {
  boost::asio::io_context io;
  bool finished = false;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, body(io), [&](std::exception_ptr e) {
    failure = e;
    finished = true;
    io.stop();
  });
  io.run_for(bound);
  ASSERT_TRUE(finished) << "test coroutine did not finish";
  if (failure) std::rethrow_exception(failure);
}

inline boost::asio::awaitable<boost::asio::ip::tcp::socket> raw_connect(std::uint16_t port) {
  auto executor = co_await boost::asio::this_coro::executor;
  boost::asio::ip::tcp::socket socket(executor);
  co_await socket.async_connect({boost::asio::ip::make_address("127.0.0.1"), port}, boost::asio::use_awaitable);
  co_return socket;
}

// Reads until the peer closes or `limit` passes; returns what arrived.
inline boost::asio::awaitable<std::string> read_until_closed(
    boost::asio::ip::tcp::socket& socket, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  auto executor = co_await boost::asio::this_coro::executor;
  boost::asio::steady_timer guard(executor, limit);
  guard.async_wait([&socket](boost::system::error_code ec) {
    if (!ec) socket.close();
  });
  std::string data;
  char chunk[4096];
  while (true) {
    auto [ec, n] = co_await socket.async_read_some(boost::asio::buffer(chunk), nothrow);
    data.append(chunk, n);
    if (ec) break;
  }
  guard.cancel();
  co_return data;
}

// Sends `bytes` on a fresh connection and returns everything until close.
inline boost::asio::awaitable<std::string> raw_exchange(std::uint16_t port, std::string bytes) {
  auto socket = co_await raw_connect(port);
  co_await boost::asio::async_write(socket, boost::asio::buffer(bytes), boost::asio::use_awaitable);
  co_return co_await read_until_closed(socket);
}

}  // namespace dbot::net::test
