#pragma once
// What the two wire formats (OpenAI-compatible chat completions, Anthropic
// Messages) share: the per-provider encoding options, the error a decoder
// raises for a body that says "no answer", and the streaming decoder seam.

#include <cstdint>
#include <stdexcept>
#include <string>

#include "features/ai/model/chat_model.hpp"
#include "features/ai/provider/sse.hpp"

namespace dbot::features::ai {

struct WireOptions {
  std::string model;
  std::uint32_t max_tokens = 0;  // already clamped to the provider's cap
  bool send_tools = true;        // the provider takes tools (and is no reasoner)
  bool send_images = false;      // the provider is vision-capable; otherwise images are left out
  bool stream = false;
};

// A response (or a stream event) that carries a failure instead of an
// answer. `detail` is for the operator log; the provider client turns it
// into a ModelError with a user-safe sentence.
class WireError : public std::runtime_error {
 public:
  WireError(ModelFailure failure, const std::string& detail) : std::runtime_error(detail), failure_(failure) {}
  ModelFailure failure() const noexcept { return failure_; }

 private:
  ModelFailure failure_;
};

// Accumulates one streamed answer event by event.
class StreamDecoder {
 public:
  virtual ~StreamDecoder() = default;
  // Takes the next event; returns the text delta it carried (often empty).
  // Throws WireError for an error event or an unparseable one.
  virtual std::string take(const SseEvent& event) = 0;
  // The stream said it is complete ([DONE] / message_stop).
  virtual bool done() const = 0;
  // The answer so far (text, tool calls with their assembled arguments, usage).
  virtual ChatResult result() const = 0;
};

// When a provider reports tool calls but a plain "stop", the calls are what
// the caller has to act on.
inline void settle_finish(ChatResult& result) {
  if (!result.tool_calls.empty() && result.finish == FinishReason::stop) result.finish = FinishReason::tool_calls;
}

}  // namespace dbot::features::ai
