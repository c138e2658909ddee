#pragma once
// Timing policy of the gateway, free of I/O (tests pass the clock and the
// random source): reconnect backoff, the IDENTIFY concurrency buckets, and
// the 120-per-60-s outbound limit with room reserved for heartbeats.

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <vector>

namespace dbot::discord {

// Exponential backoff with full jitter: attempt n waits a uniformly random
// time in [floor, min(cap, base * 2^n)]. reset() after a stable session.
class ReconnectBackoff {
 public:
  struct Options {
    std::chrono::milliseconds base{1000};
    std::chrono::milliseconds cap{60000};
    std::chrono::milliseconds floor{100};
  };
  explicit ReconnectBackoff(Options options) : options_(options) {}
  ReconnectBackoff() : ReconnectBackoff(Options{}) {}

  std::chrono::milliseconds next(std::mt19937_64& rng);
  // The upper bound the next call will draw from.
  std::chrono::milliseconds ceiling() const;
  void reset() { attempt_ = 0; }
  unsigned attempt() const { return attempt_; }

 private:
  Options options_;
  unsigned attempt_ = 0;
};

// IDENTIFY pacing shared by every shard of a process: each bucket
// (shard_id % max_concurrency) allows one IDENTIFY per `window`.
class IdentifyLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit IdentifyLimiter(unsigned max_concurrency, std::chrono::milliseconds window = std::chrono::seconds(5));

  // Reserves the next slot of the shard's bucket and returns how long to wait
  // from `now` before identifying.
  Clock::duration reserve(unsigned shard_id, Clock::time_point now);
  void set_max_concurrency(unsigned max_concurrency);
  unsigned max_concurrency() const;

 private:
  mutable std::mutex mutex_;
  std::chrono::milliseconds window_;
  std::vector<Clock::time_point> next_free_;
};

// Outbound gateway sends: at most `limit` per `window` on one connection;
// the last `reserved` slots are only for heartbeats.
class GatewaySendLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit GatewaySendLimiter(unsigned limit = 120, unsigned reserved = 5,
                              std::chrono::milliseconds window = std::chrono::seconds(60));

  // Counts the send and returns nullopt when allowed; otherwise how long to wait.
  std::optional<Clock::duration> try_send(bool heartbeat, Clock::time_point now);
  void reset() { sent_.clear(); }

 private:
  unsigned limit_;
  unsigned reserved_;
  std::chrono::milliseconds window_;
  std::deque<Clock::time_point> sent_;
};

}  // namespace dbot::discord
