#include "core/rate_limiter.hpp"

#include <stdexcept>

namespace dbot {

SlidingWindowLimiter::SlidingWindowLimiter(std::string name, std::size_t max_events, std::chrono::milliseconds window)
    : name_(std::move(name)), max_events_(max_events), window_(window) {}

std::optional<std::chrono::milliseconds> SlidingWindowLimiter::try_acquire(std::uint64_t key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto& times = events_[key];
  while (!times.empty() && now - times.front() >= window_) times.pop_front();
  if (times.size() >= max_events_) {
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(times.front() + window_ - now);
    return wait.count() > 0 ? wait : std::chrono::milliseconds(1);
  }
  times.push_back(now);
  return std::nullopt;
}

std::size_t SlidingWindowLimiter::cleanup(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::size_t removed = 0;
  for (auto it = events_.begin(); it != events_.end();) {
    if (it->second.empty() || now - it->second.back() >= window_) {
      it = events_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  return removed;
}

std::size_t SlidingWindowLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return events_.size();
}

RateLimiterRegistry::RateLimiterRegistry(std::span<const LimiterDef* const> defs) {
  for (const auto* def : defs) {
    limiters_.try_emplace(def,
                          std::make_unique<SlidingWindowLimiter>(std::string(def->name), def->max_events, def->window));
  }
}

SlidingWindowLimiter& RateLimiterRegistry::operator[](const LimiterDef& def) {
  const auto it = limiters_.find(&def);
  if (it == limiters_.end()) {
    throw std::logic_error("rate limiter '" + std::string(def.name) + "' is used but no feature module declares it");
  }
  return *it->second;
}

std::size_t RateLimiterRegistry::cleanup_all(SlidingWindowLimiter::Clock::time_point now) {
  std::size_t removed = 0;
  for (auto& [def, limiter] : limiters_) removed += limiter->cleanup(now);
  return removed;
}

}  // namespace dbot
