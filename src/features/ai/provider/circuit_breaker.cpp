#include "features/ai/provider/circuit_breaker.hpp"

#include <algorithm>

namespace dbot::features::ai {

CircuitBreaker::CircuitBreaker(Settings settings, std::function<Clock::time_point()> now)
    : settings_(settings), now_(std::move(now)) {
  settings_.failure_threshold = std::max<std::uint32_t>(settings_.failure_threshold, 1);
}

bool CircuitBreaker::allow() {
  std::lock_guard lock(mutex_);
  switch (state_) {
    case State::closed: return true;
    case State::open:
      if (now_() - opened_at_ < settings_.cooldown) return false;
      state_ = State::half_open;
      probe_in_flight_ = true;
      return true;
    case State::half_open:
      if (probe_in_flight_) return false;
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::record_success() {
  std::lock_guard lock(mutex_);
  state_ = State::closed;
  consecutive_failures_ = 0;
  probe_in_flight_ = false;
}

void CircuitBreaker::record_failure() {
  std::lock_guard lock(mutex_);
  probe_in_flight_ = false;
  if (state_ == State::half_open) {
    // The probe failed: another full cooldown before the next one.
    state_ = State::open;
    opened_at_ = now_();
    return;
  }
  if (state_ == State::closed && ++consecutive_failures_ >= settings_.failure_threshold) {
    state_ = State::open;
    opened_at_ = now_();
  }
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

}  // namespace dbot::features::ai
