#pragma once
// The seam between AI chat and the model providers: a provider-neutral
// conversation in, one assistant turn out. The chat feature builds requests
// and never sees a wire format; the provider layer (OpenAI-compatible and
// Anthropic encoders, retries, circuit breakers, routing and fallback) turns
// them into HTTP calls and never sees Discord.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/error.hpp"

namespace dbot::features::ai {

enum class Role { user, assistant, tool };

// A tool call as the model asked for it. `arguments_json` is the model's raw
// JSON text: the tool layer parses and validates it against the tool's
// schema, so a malformed call becomes an error result fed back to the model.
struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments_json;
};

struct ChatMessage {
  Role role = Role::user;
  std::string text;
  std::vector<std::string> image_urls;  // user turns: images for a vision route
  std::vector<ToolCall> tool_calls;     // assistant turns that called tools
  std::string tool_call_id;             // tool turns: the call this answers
};

// A tool offered to the model; `parameters_schema_json` is a JSON Schema
// object (as both wire formats carry it verbatim).
struct ToolSpec {
  std::string name;
  std::string description;
  std::string parameters_schema_json;
};

// Which configured route answers: `[ai.routing]` chat, vision or reasoner.
enum class Route { chat, vision, reasoner };

struct ChatRequest {
  Route route = Route::chat;
  std::string system;  // the system prompt
  std::vector<ChatMessage> messages;
  std::vector<ToolSpec> tools;  // empty: no tools offered
  std::optional<std::uint32_t> max_tokens;
};

struct Usage {
  std::uint32_t input_tokens = 0;
  std::uint32_t output_tokens = 0;
};

enum class FinishReason { stop, length, tool_calls, stopped_by_user, other };

struct ChatResult {
  std::string text;
  std::vector<ToolCall> tool_calls;
  Usage usage;
  FinishReason finish = FinishReason::stop;
  std::string provider;  // the provider that answered (after any fallback)
  std::string model;
};

// Progressive output. `on_text` receives text deltas as they arrive (never
// called by a non-streaming provider); `stop_requested` is polled between
// deltas and ends the generation early (FinishReason::stopped_by_user).
struct StreamSink {
  std::function<void(std::string_view delta)> on_text;
  std::function<bool()> stop_requested;
};

// Why no answer came. The user message of the thrown ModelError is a plain
// sentence fit for the channel ("The AI provider is busy right now, try again
// in a minute."); the operator detail names provider and status, never a key.
enum class ModelFailure { not_configured, timeout, rate_limited, refused, server_error, bad_response, unavailable };

class ModelError : public Error {
 public:
  ModelError(ModelFailure failure, std::string user_message, std::string operator_detail)
      : Error(std::move(user_message), std::move(operator_detail)), failure_(failure) {}
  ModelFailure failure() const noexcept { return failure_; }

 private:
  ModelFailure failure_;
};

class ChatModel {
 public:
  virtual ~ChatModel() = default;
  // One assistant turn: text and/or tool calls. Throws ModelError when every
  // provider on the route (and its fallbacks) failed. `sink` may be null.
  virtual boost::asio::awaitable<ChatResult> complete(const ChatRequest& request, const StreamSink* sink) = 0;
};

}  // namespace dbot::features::ai
