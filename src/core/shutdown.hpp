#pragma once
// Graceful shutdown: on SIGINT or SIGTERM every registered handler runs once
// (stop accepting work, close shards, stop the embedded database...). If the
// io_context has not drained by the deadline, it is stopped outright.

#include <chrono>
#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>

namespace dbot {

// How long each process gives its handlers before stopping outright. A
// supervisor (Compose's stop_grace_period, systemd's TimeoutStopSec) must
// wait longer than this before it sends SIGKILL; `doctor --compose` checks.
inline constexpr std::chrono::seconds kBotShutdownDeadline{20};
inline constexpr std::chrono::seconds kGatewayShutdownDeadline{10};

class ShutdownCoordinator {
 public:
  ShutdownCoordinator(boost::asio::io_context& io, std::chrono::milliseconds deadline);
  ~ShutdownCoordinator();

  // Handlers run in reverse order of registration (last started, first stopped).
  void on_shutdown(std::function<void()> handler);
  // Starts the shutdown as if a signal had arrived (tests, fatal errors).
  void request(const char* reason);
  bool requested() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dbot
