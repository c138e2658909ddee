#include "discord/rest_ratelimit.hpp"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

namespace dbot::discord {

namespace {

using Ms = std::chrono::milliseconds;

// Rounds up so that a wait never ends a hair before the reset.
Ms ceil_ms(std::chrono::steady_clock::duration d) {
  auto ms = std::chrono::ceil<Ms>(d);
  return ms < Ms(1) ? Ms(1) : ms;
}

std::chrono::steady_clock::duration seconds_f(double s) {
  if (!(s > 0)) return {};
  s = std::min(s, 24.0 * 3600);
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(s));
}

// While a route's limit is unknown, callers poll at this interval.
constexpr Ms kUnknownBucketPoll{20};

}  // namespace

InvalidRequestGuard::InvalidRequestGuard(Options options) : options_(options) {}

void InvalidRequestGuard::expire(Clock::time_point now) {
  while (!events_.empty() && now - events_.front() >= options_.window) events_.pop_front();
  if (events_.size() < options_.warn_at) warned_ = false;
  if (events_.size() < options_.stop_at) stopped_logged_ = false;
}

void InvalidRequestGuard::record(unsigned status, std::string_view scope, Clock::time_point now) {
  const bool invalid = status == 401 || status == 403 || (status == 429 && scope != "shared");
  if (!invalid) return;
  expire(now);
  events_.push_back(now);
  if (events_.size() >= options_.warn_at && !warned_) {
    warned_ = true;
    spdlog::error(
        "Discord REST: {} invalid responses (401/403/429) in the last 10 minutes; at {} this bot stops calling "
        "Discord to avoid a Cloudflare ban. Check the token and the bot's permissions.",
        events_.size(), options_.stop_at);
  }
}

bool InvalidRequestGuard::allows(Clock::time_point now) {
  expire(now);
  if (events_.size() < options_.stop_at) return true;
  if (!stopped_logged_) {
    stopped_logged_ = true;
    spdlog::critical(
        "Discord REST: refusing to send requests: {} invalid responses (401/403/429) in 10 minutes would soon get "
        "this IP banned by Discord. Requests resume when the count falls below {}.",
        events_.size(), options_.stop_at);
  }
  return false;
}

std::size_t InvalidRequestGuard::count(Clock::time_point now) {
  expire(now);
  return events_.size();
}

RestRateLimiter::RestRateLimiter(Options options) : options_(options), guard_(options.invalid) {}

std::string RestRateLimiter::state_key(const Route& route) const {
  auto it = route_bucket_.find(route.template_key());
  const std::string& base = it != route_bucket_.end() ? it->second : route.template_key();
  std::string key;
  key.reserve(base.size() + route.major().size() + 1);
  key += base;
  key += '|';
  key += route.major();
  return key;
}

RestRateLimiter::Bucket& RestRateLimiter::bucket_for(const Route& route) { return buckets_[state_key(route)]; }

RestRateLimiter::Decision RestRateLimiter::acquire(const Route& route, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (++acquisitions_ % 1024 == 0) prune(now);
  if (!guard_.allows(now)) return {Decision::Kind::refuse, Ms(0)};
  if (now < global_blocked_until_) return {Decision::Kind::wait, ceil_ms(global_blocked_until_ - now)};

  auto& bucket = bucket_for(route);
  if (bucket.limit < 0) {
    // Unknown limit: one request at a time until the first answer tells us.
    if (bucket.in_flight > 0) return {Decision::Kind::wait, kUnknownBucketPoll};
  } else if (bucket.limit > 0) {
    if (bucket.remaining <= 0) {
      if (now < bucket.reset_at) return {Decision::Kind::wait, ceil_ms(bucket.reset_at - now)};
      // A new window whose timing we have not seen yet: one request probes
      // it, the rest follow once its answer says how many are left.
      if (bucket.probing) return {Decision::Kind::wait, kUnknownBucketPoll};
      bucket.probing = true;
      bucket.remaining = 1;
    }
  }

  if (!route.global_exempt() && options_.global_per_second > 0) {
    while (!global_window_.empty() && now - global_window_.front() >= std::chrono::seconds(1)) {
      global_window_.pop_front();
    }
    if (global_window_.size() + global_in_flight_ >= options_.global_per_second) {
      // Every slot is taken by a request in flight: poll until one answers.
      if (global_window_.empty()) return {Decision::Kind::wait, kUnknownBucketPoll};
      return {Decision::Kind::wait, ceil_ms(global_window_.front() + std::chrono::seconds(1) - now)};
    }
    ++global_in_flight_;
  }
  if (bucket.limit != 0) --bucket.remaining;
  ++bucket.in_flight;
  bucket.last_used = now;
  return {};
}

void RestRateLimiter::release_global(const Route& route, Clock::time_point now) {
  if (route.global_exempt() || options_.global_per_second == 0 || global_in_flight_ == 0) return;
  --global_in_flight_;
  // The slot stays taken for a second after the answer.
  global_window_.insert(std::upper_bound(global_window_.begin(), global_window_.end(), now), now);
}

void RestRateLimiter::complete(const Route& route, const RateLimitHeaders& h, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  guard_.record(h.status, h.scope, now);
  release_global(route, now);

  Bucket* bucket = &bucket_for(route);
  if (bucket->in_flight > 0) --bucket->in_flight;
  // This answer ends the probe of the bucket the request was sent under,
  // even when it moves the route elsewhere: otherwise routes still on that
  // bucket would wait for the probe forever.
  const bool was_probing = bucket->probing;
  bucket->probing = false;

  if (h.bucket && !h.bucket->empty()) {
    auto it = route_bucket_.find(route.template_key());
    if (it == route_bucket_.end()) {
      // First answer for this route: the provisional state keyed by the
      // template goes away and the shared bucket takes over.
      const auto old_key = state_key(route);
      const int in_flight = bucket->in_flight;
      route_bucket_[route.template_key()] = *h.bucket;
      bucket_for(route).in_flight += in_flight;
      buckets_.erase(old_key);
      bucket = &bucket_for(route);
    } else if (it->second != *h.bucket) {
      // Discord moved the route to another bucket.
      it->second = *h.bucket;
      bucket = &bucket_for(route);
    }
  }
  bucket->last_used = now;

  if (h.status == 429) {
    const auto retry = seconds_f(h.retry_after.value_or(h.reset_after.value_or(1.0)));
    if (h.global || h.scope == "global") {
      global_blocked_until_ = std::max(global_blocked_until_, now + retry);
      spdlog::warn("Discord REST: global rate limit hit; pausing all requests for {} ms",
                   std::chrono::duration_cast<Ms>(retry).count());
    } else {
      bucket->remaining = 0;
      bucket->reset_at = std::max(bucket->reset_at, now + retry);
      if (bucket->limit < 0) bucket->limit = h.limit.value_or(1);
      if (h.scope != "shared") {
        spdlog::warn("Discord REST: 429 on {} ({}); waiting {} ms", route.template_key(),
                     h.scope.empty() ? "user" : h.scope, std::chrono::duration_cast<Ms>(retry).count());
      }
    }
    return;
  }

  if (h.limit && h.remaining && h.reset_after) {
    const auto reset_at = now + seconds_f(*h.reset_after);
    if (!was_probing && bucket->limit > 0 && now<bucket->reset_at&& * h.reset_after> 0 &&
        reset_at <= bucket->reset_at + std::chrono::milliseconds(500)) {
      // Same window: our own count already includes every request we sent,
      // answers may arrive out of order, so the count only goes down.
      bucket->remaining = std::min(bucket->remaining, *h.remaining);
      bucket->reset_at = std::max(bucket->reset_at, reset_at);
    } else {
      // A new window: requests still in flight may not be counted yet.
      bucket->remaining = std::max(0L, *h.remaining - bucket->in_flight);
      bucket->reset_at = reset_at;
    }
    bucket->limit = std::max(1L, *h.limit);
  } else if (bucket->limit < 0 && h.status < 500) {
    bucket->limit = 0;  // the route reports no limit
  }
}

void RestRateLimiter::abandon(const Route& route, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  release_global(route, now);
  auto& bucket = bucket_for(route);
  if (bucket.in_flight > 0) --bucket.in_flight;
  bucket.probing = false;
  // The request may or may not have counted; keep the slot spent.
  bucket.last_used = now;
}

void RestRateLimiter::prune(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const auto& b = it->second;
    if (b.in_flight == 0 && now >= b.reset_at && now - b.last_used > std::chrono::minutes(10)) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<std::string> RestRateLimiter::bucket_of(const Route& route) const {
  std::lock_guard lock(mutex_);
  auto it = route_bucket_.find(route.template_key());
  if (it == route_bucket_.end()) return std::nullopt;
  return it->second;
}

std::size_t RestRateLimiter::invalid_count(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  return guard_.count(now);
}

std::size_t RestRateLimiter::tracked_buckets() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace dbot::discord
