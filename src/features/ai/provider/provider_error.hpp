#pragma once
// The failure of one provider call, as the retry loop and the router see
// it: a ModelError (user sentence + operator detail) plus what decides the
// next step — retry here, fall back (and along which list), or stop.

#include <chrono>
#include <optional>
#include <string>

#include "features/ai/model/chat_model.hpp"

namespace dbot::features::ai {

// The user-facing sentence for each failure (seed §16 wording where the
// seed had one).
std::string failure_message(ModelFailure failure, bool censored = false);

// DeepSeek's moderation error: a non-2xx body containing this exact,
// case-sensitive text (seed §5.4).
inline constexpr std::string_view kCensoredSentinel = "Content Exists Risk";

class ProviderError : public ModelError {
 public:
  ProviderError(ModelFailure failure, std::string operator_detail, bool censored = false)
      : ModelError(failure, failure_message(failure, censored), std::move(operator_detail)), censored_(censored) {}

  // The seed's CENSORED: fall back along [ai.fallback] on_censored.
  bool censored() const noexcept { return censored_; }
  // Worth another attempt at the same provider (429, 5xx, timeouts, connection errors).
  bool retryable = false;
  // What the provider asked us to wait (Retry-After), when it said.
  std::optional<std::chrono::milliseconds> retry_after;
  // Text deltas already reached the sink: neither a retry nor a fallback
  // can take them back.
  bool streamed = false;

 private:
  bool censored_;
};

}  // namespace dbot::features::ai
