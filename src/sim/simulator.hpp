#pragma once
// The Discord simulator on a socket: one HTTP server on one port serves REST
// under /api[/v9|/v10]/..., the gateway WebSocket on any path
// (/?v=10&encoding=json&compress=zlib-stream|zstd-stream) and the control
// API under /_sim/. Usable in-process by tests and the sandbox, and by
// `discord-bot sim`.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "sim/rate_limits.hpp"
#include "sim/service.hpp"
#include "sim/world.hpp"

namespace dbot::sim {

class Simulator {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  // 0 picks a free port
    // A JSON seed file (docs/simulator.md); empty: the default world.
    std::string seed_file;
    // Called on the world before start (tests add guilds, users...).
    std::function<void(World&)> customize;
    // Bot tokens accepted for REST and IDENTIFY; all map to the bot user.
    std::vector<std::string> tokens{"sim-bot-token"};
    std::uint64_t disallowed_intents = 0;
    std::chrono::milliseconds heartbeat_interval{41250};
    unsigned recommended_shards = 1;
    RateLimitConfig rate_limits;
    std::size_t gateway_receives_per_minute = 120;
  };

  Simulator(boost::asio::any_io_executor executor, Options options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Binds and serves; throws dbot::Error when the port cannot be bound.
  void start();
  // Stops accepting and closes every connection.
  void stop();
  std::uint16_t port() const;

  std::string http_url() const;     // http://HOST:PORT
  std::string api_url() const;      // http://HOST:PORT/api (discord.js `rest.api`)
  std::string gateway_url() const;  // ws://HOST:PORT

  // Runs `f` on the world under the simulator's lock (thread safe).
  template <class F>
  auto with_world(F&& f) {
    std::lock_guard lock(service_->mutex);
    return f(service_->world());
  }
  // The whole simulator core; lock `service().mutex` around any use.
  Service& service() { return *service_; }

 private:
  struct Impl;
  std::shared_ptr<Service> service_;
  std::shared_ptr<Impl> impl_;
};

}  // namespace dbot::sim
