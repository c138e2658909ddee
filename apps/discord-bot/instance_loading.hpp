#pragma once
// Shared by the subcommands that take instance directories: load each one
// and print its problems the way check-config does.

#include <filesystem>
#include <optional>
#include <vector>

#include "core/config/load.hpp"

namespace dbot::app {

// Loads `dir`; prints every diagnostic to stderr. Returns the config only when
// there are no errors.
std::optional<config::InstanceConfig> load_or_report(const std::filesystem::path& dir,
                                                     const config::LoadOptions& options = {});

// Runs a coroutine to completion on a private io_context (for one-shot
// commands such as migrate). Exceptions propagate.
template <class T, class Fn>
T run_blocking(Fn&& fn);

}  // namespace dbot::app

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace dbot::app {

template <class T, class Fn>
T run_blocking(Fn&& fn) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, std::forward<Fn>(fn)(), boost::asio::use_future);
  io.run();
  return future.get();
}

}  // namespace dbot::app
