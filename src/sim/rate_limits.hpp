#pragma once
// Discord-style REST rate limiting: per-route buckets (per major parameter:
// channel, guild or webhook), a global per-second limit, and the headers
// Discord sends (X-RateLimit-Limit/-Remaining/-Reset/-Reset-After/-Bucket,
// and on 429 X-RateLimit-Scope, X-RateLimit-Global, Retry-After).

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "net/http.hpp"

namespace dbot::sim {

// A route reduced to its template: "POST /channels/{channel_id}/messages",
// plus the major parameter's value ("123..."; empty when none).
struct RouteKey {
  std::string method;
  std::string route;  // template with placeholders, "/channels/{channel_id}/messages"
  std::string major;

  std::string name() const { return method + " " + route; }
};

// `path` is without the /api/vN prefix and the query ("/channels/1/messages").
RouteKey route_key(std::string_view method, std::string_view path);

struct RateLimitConfig {
  struct Limit {
    unsigned limit = 50;
    std::chrono::milliseconds window{1000};
  };
  Limit default_limit{50, std::chrono::milliseconds(1000)};
  std::map<std::string, Limit> per_route;  // key: RouteKey::name()
  unsigned global_per_second = 50;         // 0 disables the global limit
};

class RateLimiter {
 public:
  using Clock = std::chrono::system_clock;

  struct Decision {
    bool allowed = true;
    bool global = false;
    double retry_after = 0;  // seconds
    net::Headers headers;    // to add to the response (either way)
  };

  explicit RateLimiter(RateLimitConfig config = {}) : config_(std::move(config)) {}
  RateLimitConfig& config() { return config_; }

  // Counts a request; `exempt_global` for interaction endpoints.
  Decision check(const RouteKey& key, bool exempt_global, Clock::time_point now = Clock::now());

  // The 429 body for a refused decision.
  static std::string body_for(const Decision& decision);

 private:
  struct Window {
    Clock::time_point reset_at{};
    unsigned used = 0;
  };
  RateLimitConfig config_;
  std::map<std::string, Window> buckets_;  // bucket id + major
  Window global_;
};

}  // namespace dbot::sim
