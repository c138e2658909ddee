#pragma once
// Renders a scripted reply in a provider's real wire format: the JSON of a
// whole response, or the Server-Sent Events of a streamed one.

#include <string>
#include <vector>

#include "sim/ai_provider/script.hpp"

namespace dbot::sim::ai {

// The model name echoed back, and whether the client asked for the usage chunk.
struct RenderContext {
  std::string model;
  bool include_usage = false;
  unsigned sequence = 0;  // makes ids unique per response
};

std::string render_openai_response(const ScriptedReply& reply, const RenderContext& context);
// Each element is one complete SSE event ("data: ...\n\n"), comments included.
std::vector<std::string> render_openai_stream(const ScriptedReply& reply, const RenderContext& context);
std::string render_openai_error(const ScriptedReply& reply);

std::string render_anthropic_response(const ScriptedReply& reply, const RenderContext& context);
std::vector<std::string> render_anthropic_stream(const ScriptedReply& reply, const RenderContext& context);
std::string render_anthropic_error(const ScriptedReply& reply);

// The reply's stream pieces: its chunks, or its text cut into short pieces.
std::vector<std::string> stream_pieces(const ScriptedReply& reply);

}  // namespace dbot::sim::ai
