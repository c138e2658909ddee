#pragma once
// How long to wait before retrying a provider: exponential backoff with
// jitter, raised to what the provider asked for in Retry-After.

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

#include "net/http.hpp"

namespace dbot::features::ai {

struct RetryPolicy {
  std::uint32_t retries = 2;  // attempts after the first
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_delay{8'000};

  // The wait before retry number `retry` (0 = the first retry): a random
  // point in [half, all] of min(max_delay, base_delay * 2^retry), so
  // clients that failed together do not retry together. Never below
  // `retry_after`.
  std::chrono::milliseconds delay(std::uint32_t retry, std::optional<std::chrono::milliseconds> retry_after,
                                  std::mt19937_64& random) const;
};

// Retry-After as delta-seconds (RFC 9110; also the `retry-after-ms` some
// OpenAI-compatible servers send). HTTP-date values are not honoured: they
// read as absent and the backoff applies.
std::optional<std::chrono::milliseconds> retry_after(const net::Headers& headers);

}  // namespace dbot::features::ai
