#pragma once
// Anthropic's Messages API (`spec = "anthropic"`): system as a top-level
// field, strictly alternating user/assistant turns made of content blocks
// (text, image, tool_use, tool_result), max_tokens always present; the
// response's content blocks and the named event stream.

#include <map>
#include <string>
#include <string_view>

#include "features/ai/provider/wire.hpp"

namespace dbot::features::ai::anthropic_wire {

// The version header Anthropic requires; sent unless the provider's
// `headers` name another.
inline constexpr std::string_view kApiVersion = "2023-06-01";
// Used when neither the request nor the provider sets a cap (the API
// rejects a request without one).
inline constexpr std::uint32_t kDefaultMaxTokens = 4096;

std::string encode_request(const ChatRequest& request, const WireOptions& options);

// A 2xx response body. Throws WireError when it carries no answer.
ChatResult decode_response(std::string_view body);

class StreamAccumulator final : public StreamDecoder {
 public:
  std::string take(const SseEvent& event) override;
  bool done() const override { return done_; }
  ChatResult result() const override;

 private:
  struct Block {
    bool tool = false;
    std::string id;
    std::string name;
    std::string input_json;  // assembled from input_json_delta fragments
    std::string initial_input;
  };
  ChatResult result_;
  std::map<std::int64_t, Block> blocks_;  // by content block index
  bool done_ = false;
  bool refused_ = false;
};

}  // namespace dbot::features::ai::anthropic_wire
