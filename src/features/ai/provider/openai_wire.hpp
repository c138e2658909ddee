#pragma once
// The OpenAI-compatible chat-completions wire format (OpenAI, DeepSeek,
// Gemini's OpenAI endpoint, Grok, Ollama, llama.cpp server, vLLM): the
// request body, the non-streaming response and the streamed deltas.

#include <map>
#include <string>
#include <string_view>

#include "features/ai/provider/wire.hpp"

namespace dbot::features::ai::openai_wire {

// The request body: system message first, then the turns; images as vision
// content parts, tools as function tools; with `stream`, also asks for the
// usage chunk at the end.
std::string encode_request(const ChatRequest& request, const WireOptions& options);

// A 2xx response body. Throws WireError when it carries no answer.
ChatResult decode_response(std::string_view body);

class StreamAccumulator final : public StreamDecoder {
 public:
  std::string take(const SseEvent& event) override;
  bool done() const override { return done_; }
  ChatResult result() const override;

 private:
  struct PartialCall {
    std::string id;
    std::string name;
    std::string arguments;
  };
  ChatResult result_;
  std::map<std::int64_t, PartialCall> calls_;  // by the delta's `index`, in index order
  bool done_ = false;
  bool refused_ = false;
};

}  // namespace dbot::features::ai::openai_wire
