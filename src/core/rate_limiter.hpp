#pragma once
// Per-user sliding-window rate limiters. Each limiter allows `max_events` per
// `window` for every key (a Discord user id); expired entries are dropped by
// cleanup(), which a supervised background task calls periodically.

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace dbot {

class SlidingWindowLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  SlidingWindowLimiter(std::string name, std::size_t max_events, std::chrono::milliseconds window);

  // Records an event for `key` when allowed and returns nullopt; otherwise
  // returns how long until the next event would be allowed.
  std::optional<std::chrono::milliseconds> try_acquire(std::uint64_t key, Clock::time_point now = Clock::now());

  // Drops keys whose newest event is older than the window. Returns how many.
  std::size_t cleanup(Clock::time_point now = Clock::now());

  std::size_t tracked_keys() const;
  const std::string& name() const { return name_; }
  std::size_t max_events() const { return max_events_; }
  std::chrono::milliseconds window() const { return window_; }

 private:
  std::string name_;
  std::size_t max_events_;
  std::chrono::milliseconds window_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::deque<Clock::time_point>> events_;
};

// The five limiters of the seed, with its limits.
struct RateLimiters {
  SlidingWindowLimiter ai{"ai", 10, std::chrono::seconds(60)};
  SlidingWindowLimiter music{"music", 15, std::chrono::seconds(30)};
  SlidingWindowLimiter moderation{"moderation", 5, std::chrono::seconds(60)};
  SlidingWindowLimiter stocks{"stocks", 10, std::chrono::seconds(30)};
  SlidingWindowLimiter welcome{"welcome", 1, std::chrono::seconds(5)};

  // Looks a limiter up by its name; nullptr when there is none.
  SlidingWindowLimiter* find(std::string_view name);
  std::size_t cleanup_all(SlidingWindowLimiter::Clock::time_point now = SlidingWindowLimiter::Clock::now());
};

}  // namespace dbot
