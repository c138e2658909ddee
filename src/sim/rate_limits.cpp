#include "sim/rate_limits.hpp"

#include "sim/detail/api_support.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <vector>

#include <fmt/format.h>

namespace dbot::sim {
namespace {

bool is_id(std::string_view s) {
  return !s.empty() && s.size() <= 20 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

double seconds(std::chrono::system_clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

RouteKey route_key(std::string_view method, std::string_view path) {
  RouteKey key;
  key.method = std::string(method);
  const auto parts = detail::split_path(path);
  std::string route;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    const std::string_view prev = i > 0 ? parts[i - 1] : std::string_view{};
    route += '/';
    if (i == 1 && (prev == "channels" || prev == "guilds" || prev == "webhooks") && is_id(part)) {
      key.major = std::string(part);
      route += prev == "channels" ? "{channel_id}" : prev == "guilds" ? "{guild_id}" : "{webhook_id}";
    } else if (i == 2 && parts[0] == "webhooks") {
      key.major += "/" + std::string(part);  // webhook id + token
      route += "{webhook_token}";
    } else if (prev == "reactions") {
      route += "{emoji}";
    } else if (prev == "invites") {
      route += "{code}";
    } else if (i == 2 && parts[0] == "interactions") {
      route += "{interaction_token}";
    } else if (is_id(part)) {
      route += "{id}";
    } else {
      route += std::string(part);
    }
  }
  key.route = route.empty() ? "/" : route;
  return key;
}

RateLimiter::Decision RateLimiter::check(const RouteKey& key, bool exempt_global, Clock::time_point now) {
  Decision d;
  const std::string name = key.name();
  const auto limit_it = config_.per_route.find(name);
  const RateLimitConfig::Limit limit = limit_it != config_.per_route.end() ? limit_it->second : config_.default_limit;
  const std::string bucket = fmt::format("{:016x}", std::hash<std::string>{}(name));

  if (!exempt_global && config_.global_per_second > 0) {
    if (now >= global_.reset_at) {
      global_.reset_at = now + std::chrono::seconds(1);
      global_.used = 0;
    }
    if (global_.used >= config_.global_per_second) {
      d.allowed = false;
      d.global = true;
      d.retry_after = std::max(0.001, seconds(global_.reset_at - now));
      d.headers.set("X-RateLimit-Global", "true");
      d.headers.set("X-RateLimit-Scope", "global");
      d.headers.set("Retry-After", fmt::format("{}", static_cast<long>(std::ceil(d.retry_after))));
      return d;
    }
  }

  auto& w = buckets_[bucket + ":" + key.major];
  if (now >= w.reset_at) {
    w.reset_at = now + limit.window;
    w.used = 0;
  }
  const double reset_after = std::max(0.0, seconds(w.reset_at - now));
  const double reset_epoch = seconds(w.reset_at.time_since_epoch());
  d.headers.set("X-RateLimit-Limit", std::to_string(limit.limit));
  d.headers.set("X-RateLimit-Reset", fmt::format("{:.3f}", reset_epoch));
  d.headers.set("X-RateLimit-Reset-After", fmt::format("{:.3f}", reset_after));
  d.headers.set("X-RateLimit-Bucket", bucket);
  if (w.used >= limit.limit) {
    d.allowed = false;
    d.retry_after = std::max(0.001, reset_after);
    d.headers.set("X-RateLimit-Remaining", "0");
    d.headers.set("X-RateLimit-Scope", "user");
    d.headers.set("Retry-After", fmt::format("{}", static_cast<long>(std::ceil(d.retry_after))));
    return d;
  }
  if (!exempt_global && config_.global_per_second > 0) ++global_.used;
  ++w.used;
  d.headers.set("X-RateLimit-Remaining", std::to_string(limit.limit - w.used));
  return d;
}

std::string RateLimiter::body_for(const Decision& decision) {
  return fmt::format(R"({{"message":"You are being rate limited.","retry_after":{:.3f},"global":{}}})",
                     decision.retry_after, decision.global ? "true" : "false");
}

}  // namespace dbot::sim
