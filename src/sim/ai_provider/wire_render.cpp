#include "sim/ai_provider/wire_render.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace dbot::sim::ai {
namespace {

namespace json = boost::json;

std::string event(const json::value& data) { return "data: " + json::serialize(data) + "\n\n"; }

std::string named_event(std::string_view name, const json::value& data) {
  return "event: " + std::string(name) + "\ndata: " + json::serialize(data) + "\n\n";
}

json::value arguments_object(const std::string& arguments) {
  boost::system::error_code ec;
  json::value value = json::parse(arguments, ec);
  if (ec || !value.is_object()) return json::object{};
  return value;
}

std::string tool_id(const ScriptedToolCall& call, std::size_t index, const RenderContext& context,
                    std::string_view prefix) {
  if (!call.id.empty()) return call.id;
  return std::string(prefix) + std::to_string(context.sequence) + "_" + std::to_string(index);
}

std::string openai_finish(const ScriptedReply& reply) {
  if (!reply.finish_reason.empty()) return reply.finish_reason;
  return reply.tool_calls.empty() ? "stop" : "tool_calls";
}

std::string anthropic_stop(const ScriptedReply& reply) {
  if (!reply.finish_reason.empty()) return reply.finish_reason;
  return reply.tool_calls.empty() ? "end_turn" : "tool_use";
}

json::object openai_usage(const ScriptedReply& reply) {
  return json::object{{"prompt_tokens", reply.input_tokens},
                      {"completion_tokens", reply.output_tokens},
                      {"total_tokens", reply.input_tokens + reply.output_tokens}};
}

}  // namespace

std::vector<std::string> stream_pieces(const ScriptedReply& reply) {
  if (!reply.chunks.empty()) return reply.chunks;
  std::vector<std::string> pieces;
  constexpr std::size_t kPiece = 5;
  std::size_t at = 0;
  while (at < reply.text.size()) {
    std::size_t end = std::min(reply.text.size(), at + kPiece);
    // Never cut inside a UTF-8 character.
    while (end < reply.text.size() && (static_cast<unsigned char>(reply.text[end]) & 0xC0) == 0x80) ++end;
    pieces.push_back(reply.text.substr(at, end - at));
    at = end;
  }
  return pieces;
}

std::string render_openai_response(const ScriptedReply& reply, const RenderContext& context) {
  json::object message{{"role", "assistant"}};
  if (reply.text.empty() && !reply.tool_calls.empty()) {
    message["content"] = nullptr;
  } else {
    message["content"] = reply.text;
  }
  if (!reply.tool_calls.empty()) {
    json::array calls;
    for (std::size_t i = 0; i < reply.tool_calls.size(); ++i) {
      const auto& call = reply.tool_calls[i];
      calls.push_back(
          json::object{{"id", tool_id(call, i, context, "call_fake_")},
                       {"type", "function"},
                       {"function", json::object{{"name", call.name}, {"arguments", call.arguments_json}}}});
    }
    message["tool_calls"] = std::move(calls);
  }
  const json::object body{
      {"id", "chatcmpl-fake-" + std::to_string(context.sequence)},
      {"object", "chat.completion"},
      {"created", 0},
      {"model", context.model},
      {"choices",
       json::array{json::object{{"index", 0}, {"message", message}, {"finish_reason", openai_finish(reply)}}}},
      {"usage", openai_usage(reply)}};
  return json::serialize(body);
}

std::vector<std::string> render_openai_stream(const ScriptedReply& reply, const RenderContext& context) {
  const std::string id = "chatcmpl-fake-" + std::to_string(context.sequence);
  const auto chunk = [&](json::object delta, json::value finish) {
    return event(json::object{
        {"id", id},
        {"object", "chat.completion.chunk"},
        {"created", 0},
        {"model", context.model},
        {"choices", json::array{json::object{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", finish}}}}});
  };
  std::vector<std::string> events;
  events.push_back(": the loopback AI provider\n\n");  // a comment, as real servers send keep-alives
  events.push_back(chunk(json::object{{"role", "assistant"}, {"content", ""}}, nullptr));
  for (const auto& piece : stream_pieces(reply)) events.push_back(chunk(json::object{{"content", piece}}, nullptr));
  if (!reply.stream_error.empty()) {
    events.push_back(
        event(json::object{{"error", json::object{{"message", reply.stream_error}, {"type", "server_error"}}}}));
    return events;
  }
  for (std::size_t i = 0; i < reply.tool_calls.size(); ++i) {
    const auto& call = reply.tool_calls[i];
    // Name and id first, then the arguments in two fragments, as OpenAI does.
    events.push_back(chunk(
        json::object{{"tool_calls",
                      json::array{json::object{{"index", i},
                                               {"id", tool_id(call, i, context, "call_fake_")},
                                               {"type", "function"},
                                               {"function", json::object{{"name", call.name}, {"arguments", ""}}}}}}},
        nullptr));
    const std::size_t half = call.arguments_json.size() / 2;
    for (const auto& fragment : {call.arguments_json.substr(0, half), call.arguments_json.substr(half)}) {
      events.push_back(chunk(
          json::object{{"tool_calls",
                        json::array{json::object{{"index", i}, {"function", json::object{{"arguments", fragment}}}}}}},
          nullptr));
    }
  }
  events.push_back(chunk(json::object{}, json::string(openai_finish(reply))));
  if (context.include_usage) {
    events.push_back(event(json::object{{"id", id},
                                        {"object", "chat.completion.chunk"},
                                        {"created", 0},
                                        {"model", context.model},
                                        {"choices", json::array{}},
                                        {"usage", openai_usage(reply)}}));
  }
  events.push_back("data: [DONE]\n\n");
  return events;
}

std::string render_openai_error(const ScriptedReply& reply) {
  if (!reply.error_body.empty()) return reply.error_body;
  return json::serialize(
      json::object{{"error", json::object{{"message", "scripted failure (HTTP " + std::to_string(reply.status) + ")"},
                                          {"type", reply.status == 429 ? "rate_limit_exceeded" : "server_error"}}}});
}

std::string render_anthropic_response(const ScriptedReply& reply, const RenderContext& context) {
  json::array content;
  if (!reply.text.empty()) content.push_back(json::object{{"type", "text"}, {"text", reply.text}});
  for (std::size_t i = 0; i < reply.tool_calls.size(); ++i) {
    const auto& call = reply.tool_calls[i];
    content.push_back(json::object{{"type", "tool_use"},
                                   {"id", tool_id(call, i, context, "toolu_fake_")},
                                   {"name", call.name},
                                   {"input", arguments_object(call.arguments_json)}});
  }
  const json::object body{
      {"id", "msg_fake_" + std::to_string(context.sequence)},
      {"type", "message"},
      {"role", "assistant"},
      {"model", context.model},
      {"content", std::move(content)},
      {"stop_reason", anthropic_stop(reply)},
      {"stop_sequence", nullptr},
      {"usage", json::object{{"input_tokens", reply.input_tokens}, {"output_tokens", reply.output_tokens}}}};
  return json::serialize(body);
}

std::vector<std::string> render_anthropic_stream(const ScriptedReply& reply, const RenderContext& context) {
  std::vector<std::string> events;
  events.push_back(
      named_event("message_start",
                  json::object{{"type", "message_start"},
                               {"message", json::object{{"id", "msg_fake_" + std::to_string(context.sequence)},
                                                        {"type", "message"},
                                                        {"role", "assistant"},
                                                        {"model", context.model},
                                                        {"content", json::array{}},
                                                        {"stop_reason", nullptr},
                                                        {"usage", json::object{{"input_tokens", reply.input_tokens},
                                                                               {"output_tokens", 1}}}}}}));
  std::size_t index = 0;
  if (!reply.text.empty() || !reply.chunks.empty()) {
    events.push_back(named_event("content_block_start",
                                 json::object{{"type", "content_block_start"},
                                              {"index", index},
                                              {"content_block", json::object{{"type", "text"}, {"text", ""}}}}));
    events.push_back(named_event("ping", json::object{{"type", "ping"}}));
    for (const auto& piece : stream_pieces(reply)) {
      events.push_back(named_event("content_block_delta",
                                   json::object{{"type", "content_block_delta"},
                                                {"index", index},
                                                {"delta", json::object{{"type", "text_delta"}, {"text", piece}}}}));
    }
    if (!reply.stream_error.empty()) {
      events.push_back(named_event("error", json::object{{"type", "error"},
                                                         {"error", json::object{{"type", "overloaded_error"},
                                                                                {"message", reply.stream_error}}}}));
      return events;
    }
    events.push_back(named_event("content_block_stop", json::object{{"type", "content_block_stop"}, {"index", index}}));
    ++index;
  }
  for (std::size_t i = 0; i < reply.tool_calls.size(); ++i, ++index) {
    const auto& call = reply.tool_calls[i];
    events.push_back(
        named_event("content_block_start",
                    json::object{{"type", "content_block_start"},
                                 {"index", index},
                                 {"content_block", json::object{{"type", "tool_use"},
                                                                {"id", tool_id(call, i, context, "toolu_fake_")},
                                                                {"name", call.name},
                                                                {"input", json::object{}}}}}));
    const std::string arguments = json::serialize(arguments_object(call.arguments_json));
    const std::size_t half = arguments.size() / 2;
    for (const auto& fragment : {arguments.substr(0, half), arguments.substr(half)}) {
      events.push_back(
          named_event("content_block_delta",
                      json::object{{"type", "content_block_delta"},
                                   {"index", index},
                                   {"delta", json::object{{"type", "input_json_delta"}, {"partial_json", fragment}}}}));
    }
    events.push_back(named_event("content_block_stop", json::object{{"type", "content_block_stop"}, {"index", index}}));
  }
  events.push_back(named_event(
      "message_delta",
      json::object{{"type", "message_delta"},
                   {"delta", json::object{{"stop_reason", anthropic_stop(reply)}, {"stop_sequence", nullptr}}},
                   {"usage", json::object{{"output_tokens", reply.output_tokens}}}}));
  events.push_back(named_event("message_stop", json::object{{"type", "message_stop"}}));
  return events;
}

std::string render_anthropic_error(const ScriptedReply& reply) {
  if (!reply.error_body.empty()) return reply.error_body;
  std::string type = "api_error";
  if (reply.status == 429) type = "rate_limit_error";
  if (reply.status == 529) type = "overloaded_error";
  return json::serialize(json::object{
      {"type", "error"},
      {"error",
       json::object{{"type", type}, {"message", "scripted failure (HTTP " + std::to_string(reply.status) + ")"}}}});
}

}  // namespace dbot::sim::ai
