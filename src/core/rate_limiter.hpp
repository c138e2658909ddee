#pragma once
// Per-user sliding-window rate limiters. Each limiter allows `max_events` per
// `window` for every key (a Discord user id); expired entries are dropped by
// cleanup(), which a supervised background task calls periodically.

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
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

// A named limit a feature declares once (features/<name>/limits.hpp) and
// refers to by address: commands and buttons name it through a pointer, so a
// misspelt limiter does not compile.
struct LimiterDef {
  std::string_view name;  // shown in help ("Rate limit")
  std::size_t max_events;
  std::chrono::milliseconds window;
};

// One limiter per declared LimiterDef, for one instance.
class RateLimiterRegistry {
 public:
  RateLimiterRegistry() = default;
  explicit RateLimiterRegistry(std::span<const LimiterDef* const> defs);

  // The limiter of `def`; throws std::logic_error when no feature module
  // declared it (a programming error, found at start-up).
  SlidingWindowLimiter& operator[](const LimiterDef& def);
  bool contains(const LimiterDef& def) const { return limiters_.contains(&def); }
  std::size_t cleanup_all(SlidingWindowLimiter::Clock::time_point now = SlidingWindowLimiter::Clock::now());

 private:
  std::unordered_map<const LimiterDef*, std::unique_ptr<SlidingWindowLimiter>> limiters_;
};

}  // namespace dbot
