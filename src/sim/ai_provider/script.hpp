#pragma once
// What the loopback AI provider answers: one scripted reply per request
// (text, streamed pieces, tool calls, an error status with retry-after, a
// delay, token usage), and what it recorded of each request it got.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/http.hpp"

namespace dbot::sim::ai {

enum class WireFormat { openai, anthropic };

struct ScriptedToolCall {
  std::string id;
  std::string name;
  std::string arguments_json = "{}";  // a JSON object
};

struct ScriptedReply {
  unsigned status = 200;
  std::string text;
  // Streamed as these pieces (one event each) when the request asks for a
  // stream; empty: the text in pieces of a few characters.
  std::vector<std::string> chunks;
  std::vector<ScriptedToolCall> tool_calls;
  std::optional<std::string> retry_after;  // the Retry-After header, verbatim
  std::chrono::milliseconds delay{0};      // before the response starts
  std::uint32_t input_tokens = 11;
  std::uint32_t output_tokens = 7;
  // An error status's body; empty: the format's usual error JSON. A 4xx or
  // 5xx body containing "Content Exists Risk" is DeepSeek's censorship error.
  std::string error_body;
  // A stop/finish reason overriding the one derived from the content
  // (e.g. "content_filter", "refusal", "length").
  std::string finish_reason;
  // Streamed replies only: after the text pieces, an error event with this
  // message instead of the finish (a provider failing mid-answer).
  std::string stream_error;
};

struct RecordedRequest {
  WireFormat format = WireFormat::openai;
  std::string path;
  net::Headers headers;
  std::string body;  // the JSON the client sent
  bool stream = false;
};

}  // namespace dbot::sim::ai
