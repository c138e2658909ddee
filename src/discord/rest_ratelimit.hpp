#pragma once
// The REST rate-limit bookkeeping, free of I/O so that tests drive it with a
// fake clock. The client asks acquire() before every request and reports
// every outcome to complete(); acquire() says go, wait this long, or refuse.
//
// - Buckets are discovered from `X-RateLimit-Bucket` (route template → bucket
//   hash) and keyed by hash + top-level resource. Until a route's bucket is
//   known only one request of that route and resource is in flight.
// - `Remaining` is tracked locally (decremented on acquire) so a burst never
//   overruns a bucket; `Reset-After` is fractional.
// - A global limit (50/s by default) covers all but interaction routes; a
//   global 429 pauses everything for its retry_after. A request holds its
//   global slot from acquire() until one second after its answer: Discord
//   counts it somewhere in between, so counting from the send alone lets
//   network jitter squeeze N+1 arrivals into one of Discord's windows.
// - The invalid-request guard counts 401, 403 and 429 (except scope=shared)
//   over a sliding 10-minute window, warns loudly at one threshold and
//   refuses to send at a second, both far below Discord's 10,000.

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "discord/route.hpp"

namespace dbot::discord {

class InvalidRequestGuard {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    std::size_t warn_at = 5000;
    std::size_t stop_at = 8000;
    std::chrono::milliseconds window{std::chrono::minutes(10)};
  };

  explicit InvalidRequestGuard(Options options);
  InvalidRequestGuard() : InvalidRequestGuard(Options{}) {}

  // Records one response; counts it when it is an invalid request.
  void record(unsigned status, std::string_view scope, Clock::time_point now);
  // False once the window holds stop_at invalid requests.
  bool allows(Clock::time_point now);
  std::size_t count(Clock::time_point now);

 private:
  void expire(Clock::time_point now);

  Options options_;
  std::deque<Clock::time_point> events_;
  bool warned_ = false;
  bool stopped_logged_ = false;
};

// What a response told us about rate limits.
struct RateLimitHeaders {
  unsigned status = 0;
  std::optional<std::string> bucket;
  std::optional<long> limit;
  std::optional<long> remaining;
  std::optional<double> reset_after;  // seconds, fractional
  std::optional<double> retry_after;  // seconds, from a 429's body (or header)
  bool global = false;                // X-RateLimit-Global or the body's "global"
  std::string scope;                  // X-RateLimit-Scope: user, global, shared
};

class RestRateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    unsigned global_per_second = 50;
    InvalidRequestGuard::Options invalid{};
  };

  struct Decision {
    enum class Kind { go, wait, refuse } kind = Kind::go;
    std::chrono::milliseconds wait{0};
  };

  explicit RestRateLimiter(Options options);
  RestRateLimiter() : RestRateLimiter(Options{}) {}

  // On `go` the request is counted (bucket and global) and must be followed
  // by exactly one complete() or abandon().
  Decision acquire(const Route& route, Clock::time_point now);
  // The response arrived (any status).
  void complete(const Route& route, const RateLimitHeaders& headers, Clock::time_point now);
  // The request never got an answer (network error, timeout).
  void abandon(const Route& route, Clock::time_point now);

  // For tests and metrics.
  std::optional<std::string> bucket_of(const Route& route) const;
  std::size_t invalid_count(Clock::time_point now);
  std::size_t tracked_buckets() const;

 private:
  struct Bucket {
    long limit = -1;  // -1 unknown, 0 no limit reported
    long remaining = 1;
    Clock::time_point reset_at{};
    int in_flight = 0;
    bool probing = false;
    Clock::time_point last_used{};
  };

  std::string state_key(const Route& route) const;
  Bucket& bucket_for(const Route& route);
  void prune(Clock::time_point now);
  // A global slot of an answered (or abandoned) request: held one more second.
  void release_global(const Route& route, Clock::time_point now);

  Options options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> route_bucket_;  // template → hash
  std::unordered_map<std::string, Bucket> buckets_;            // (hash|template) + major
  std::deque<Clock::time_point> global_window_;                // answers of the last second, oldest first
  unsigned global_in_flight_ = 0;                              // acquired, not answered yet
  Clock::time_point global_blocked_until_{};
  InvalidRequestGuard guard_;
  std::uint64_t acquisitions_ = 0;
};

}  // namespace dbot::discord
