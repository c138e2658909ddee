#pragma once
// Starting a coroutine that nobody awaits. `co_spawn(..., detached)` drops an
// escaped exception without a word; spawn() logs it with what the task was,
// so a failing background task is never silent.

#include <exception>
#include <string>
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>

namespace dbot {

namespace detail {
// Logs an exception that escaped the task named `what` (nothing when null).
void log_escaped(const std::string& what, std::exception_ptr error) noexcept;
}  // namespace detail

// `task` is an awaitable, or a callable returning one (kept alive for the
// whole run, so a coroutine lambda's captures stay valid).
template <typename Executor, typename Task>
void spawn(const Executor& executor, Task&& task, std::string what) {
  boost::asio::co_spawn(executor, std::forward<Task>(task),
                        [what = std::move(what)](std::exception_ptr error) { detail::log_escaped(what, error); });
}

}  // namespace dbot
