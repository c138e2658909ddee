#include "discord/gateway_limits.hpp"

#include <algorithm>

namespace dbot::discord {

std::chrono::milliseconds ReconnectBackoff::ceiling() const {
  const auto shift = std::min(attempt_, 20u);
  auto ceiling = options_.base * (std::int64_t{1} << shift);
  return std::clamp(ceiling, options_.floor, options_.cap);
}

std::chrono::milliseconds ReconnectBackoff::next(std::mt19937_64& rng) {
  const auto hi = ceiling();
  ++attempt_;
  std::uniform_int_distribution<std::int64_t> pick(options_.floor.count(), hi.count());
  return std::chrono::milliseconds(pick(rng));
}

IdentifyLimiter::IdentifyLimiter(unsigned max_concurrency, std::chrono::milliseconds window) : window_(window) {
  next_free_.assign(std::max(1u, max_concurrency), Clock::time_point{});
}

void IdentifyLimiter::set_max_concurrency(unsigned max_concurrency) {
  std::lock_guard lock(mutex_);
  const auto latest = *std::max_element(next_free_.begin(), next_free_.end());
  // Buckets change meaning: start every new bucket after the latest reservation.
  next_free_.assign(std::max(1u, max_concurrency), latest);
}

unsigned IdentifyLimiter::max_concurrency() const {
  std::lock_guard lock(mutex_);
  return static_cast<unsigned>(next_free_.size());
}

IdentifyLimiter::Clock::duration IdentifyLimiter::reserve(unsigned shard_id, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& slot = next_free_[shard_id % next_free_.size()];
  const auto at = std::max(slot, now);
  slot = at + window_;
  return at - now;
}

GatewaySendLimiter::GatewaySendLimiter(unsigned limit, unsigned reserved, std::chrono::milliseconds window)
    : limit_(limit), reserved_(std::min(reserved, limit)), window_(window) {}

std::optional<GatewaySendLimiter::Clock::duration> GatewaySendLimiter::try_send(bool heartbeat, Clock::time_point now) {
  while (!sent_.empty() && now - sent_.front() >= window_) sent_.pop_front();
  const std::size_t allowed = heartbeat ? limit_ : limit_ - reserved_;
  if (sent_.size() < allowed) {
    sent_.push_back(now);
    return std::nullopt;
  }
  // Wait until enough old sends leave the window.
  const auto& oldest_needed = sent_[sent_.size() - allowed];
  return oldest_needed + window_ - now;
}

}  // namespace dbot::discord
