#pragma once
// The simulator without sockets: the world, the gateway logic, the rate
// limiter and the fault list, and one function that answers any HTTP request
// (REST under /api[/vN]/..., the control API under /_sim/...). Not thread
// safe: the socket layer serialises calls with `mutex`.

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/http.hpp"
#include "sim/gateway.hpp"
#include "sim/rate_limits.hpp"
#include "sim/world.hpp"

namespace dbot::sim {

struct RestFault {
  std::string route;    // "POST /channels/{channel_id}/messages", or a method + literal path; empty: any
  unsigned status = 0;  // 429 or 500 (0: only delay)
  std::chrono::milliseconds delay{0};
  unsigned remaining = 1;  // how many more requests it applies to
  // The request is carried out first and its answer replaced by `status`:
  // Discord did the work but the client sees a failure (a 5xx from the edge
  // after the write, or an answer that never arrives).
  bool after_processing = false;
};

class Service {
 public:
  struct Options {
    GatewayConfig gateway;
    RateLimitConfig rate_limits;
    unsigned recommended_shards = 1;
    std::string gateway_url = "ws://127.0.0.1";  // what /gateway/bot returns
  };

  Service(World world, Options options);

  // Answers one HTTP request. Also dispatches the gateway events it causes.
  net::HttpResponse handle(const net::HttpRequest& request, Clock::time_point now = Clock::now());
  // The delay a REST fault asks for this request (consumes that fault's use
  // when it has no status of its own). Call before handle().
  std::chrono::milliseconds take_delay(const net::HttpRequest& request);

  void set_base_url(const std::string& http_base, const std::string& ws_url);

  World& world() { return world_; }
  Gateway& gateway() { return gateway_; }
  RateLimiter& rate_limiter() { return rate_limiter_; }
  std::deque<RestFault>& rest_faults() { return rest_faults_; }
  // /_sim/state as JSON text.
  std::string state_json();

  std::mutex mutex;

 private:
  net::HttpResponse rest(const net::HttpRequest& request, std::string_view path, Clock::time_point now);
  // The status of an `after_processing` fault matching this (handled) request, consumed.
  std::optional<unsigned> take_after_processing_fault(const net::HttpRequest& request, std::string_view path);
  net::HttpResponse control(const net::HttpRequest& request, std::string_view path);

  World world_;
  Options options_;
  Gateway gateway_;
  RateLimiter rate_limiter_;
  std::deque<RestFault> rest_faults_;
  // REST requests received per route ("PUT /guilds/{guild_id}/bans/{id}"),
  // faulted ones included: lets tests check how often the bot called.
  std::map<std::string, std::uint64_t> request_counts_;
  std::string http_base_ = "http://127.0.0.1";
};

}  // namespace dbot::sim
