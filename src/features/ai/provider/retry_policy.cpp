#include "features/ai/provider/retry_policy.hpp"

#include <algorithm>
#include <charconv>

namespace dbot::features::ai {
namespace {

std::optional<double> number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::chrono::milliseconds RetryPolicy::delay(std::uint32_t retry, std::optional<std::chrono::milliseconds> after,
                                             std::mt19937_64& random) const {
  const std::uint32_t doublings = std::min<std::uint32_t>(retry, 20);
  const auto ceiling = std::min<std::int64_t>(max_delay.count(), base_delay.count() << doublings);
  std::uniform_int_distribution<std::int64_t> pick(ceiling / 2, std::max<std::int64_t>(ceiling, 0));
  std::chrono::milliseconds wait{pick(random)};
  if (after && *after > wait) wait = *after;
  return wait;
}

std::optional<std::chrono::milliseconds> retry_after(const net::Headers& headers) {
  constexpr double kMaxSeconds = 24.0 * 3600;
  if (const auto ms = headers.get("retry-after-ms")) {
    if (const auto value = number(*ms); value && *value <= kMaxSeconds * 1000) {
      return std::chrono::milliseconds(static_cast<std::int64_t>(*value));
    }
  }
  if (const auto seconds = headers.get("retry-after")) {
    if (const auto value = number(*seconds); value && *value <= kMaxSeconds) {
      return std::chrono::milliseconds(static_cast<std::int64_t>(*value * 1000));
    }
  }
  return std::nullopt;
}

}  // namespace dbot::features::ai
