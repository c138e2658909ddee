#pragma once
// The operations endpoints (SPEC §9): GET /healthz (alive), GET /readyz (every
// registered readiness check passes) and GET /metrics (Prometheus text), on
// their own port, unauthenticated and revealing nothing secret.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "core/metrics.hpp"
#include "net/http.hpp"

namespace dbot::net {

class HealthServer {
 public:
  // True when the dependency is usable. A check that throws or outlives
  // Options::check_timeout counts as failing.
  using Check = std::function<boost::asio::awaitable<bool>()>;

  struct Options {
    std::string bind_address = "127.0.0.1";
    std::uint16_t port = 9091;  // 0 picks a free port (tests)
    std::chrono::milliseconds check_timeout{2000};
  };

  HealthServer(boost::asio::any_io_executor executor, Options options,
               metrics::Registry& registry = metrics::default_registry());
  ~HealthServer();
  HealthServer(const HealthServer&) = delete;
  HealthServer& operator=(const HealthServer&) = delete;

  // Registers (or replaces) the readiness check called `name`, e.g. "database", "shards".
  void add_readiness_check(std::string name, Check check);

  // Throws dbot::Error naming the address when the port cannot be bound.
  void start();
  void stop();
  std::uint16_t port() const;

  // Answers one request exactly as the listener does.
  boost::asio::awaitable<HttpResponse> handle(HttpRequest request);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Resident set size of this process in bytes (0 when /proc is unavailable).
std::uint64_t resident_memory_bytes();

}  // namespace dbot::net
