#pragma once
// A circuit breaker for one provider: after `failure_threshold` failures in
// a row it opens and requests skip the provider (straight to the fallback)
// instead of waiting out its timeouts; after `cooldown` one probe request
// is let through (half-open), and its outcome closes or re-opens it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>

namespace dbot::features::ai {

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  enum class State { closed, open, half_open };

  struct Settings {
    std::uint32_t failure_threshold = 5;
    std::chrono::milliseconds cooldown{30'000};
  };

  // `now` is injectable so tests step time instead of sleeping.
  explicit CircuitBreaker(Settings settings, std::function<Clock::time_point()> now = &Clock::now);

  // Whether a request may go to the provider now. In half-open state only
  // the first caller gets true (the probe) until its outcome is recorded.
  bool allow();
  void record_success();
  void record_failure();
  State state() const;

 private:
  Settings settings_;
  std::function<Clock::time_point()> now_;
  mutable std::mutex mutex_;
  State state_ = State::closed;
  std::uint32_t consecutive_failures_ = 0;
  Clock::time_point opened_at_{};
  bool probe_in_flight_ = false;
};

}  // namespace dbot::features::ai
