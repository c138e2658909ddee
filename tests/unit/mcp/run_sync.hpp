#pragma once
// Runs an awaitable to completion on a private io_context (unit tests only).

#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace dbot::test {

template <class T>
T run_sync(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  std::optional<T> out;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    failure = e;
    if (!e) out.emplace(std::move(value));
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*out);
}

}  // namespace dbot::test
