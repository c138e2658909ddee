#include "features/ai/provider/anthropic_wire.hpp"

#include <boost/json/serialize.hpp>

#include "features/ai/provider/json_util.hpp"

namespace dbot::features::ai::anthropic_wire {
namespace {

namespace json = boost::json;
using namespace wire_json;

// "data:image/png;base64,AAAA" becomes a base64 source; anything else a URL source.
json::object image_block(const std::string& url) {
  constexpr std::string_view kData = "data:";
  constexpr std::string_view kBase64 = ";base64,";
  if (url.starts_with(kData)) {
    const auto marker = url.find(kBase64);
    if (marker != std::string::npos) {
      return json::object{{"type", "image"},
                          {"source", json::object{{"type", "base64"},
                                                  {"media_type", url.substr(kData.size(), marker - kData.size())},
                                                  {"data", url.substr(marker + kBase64.size())}}}};
    }
  }
  return json::object{{"type", "image"}, {"source", json::object{{"type", "url"}, {"url", url}}}};
}

json::value input_value(const std::string& arguments_json) {
  bool ok = false;
  json::object input = parse_object(arguments_json, ok);
  return input;  // an unparseable call is replayed with empty input
}

std::string_view wire_role(Role role) { return role == Role::assistant ? "assistant" : "user"; }

void append_blocks(const ChatMessage& message, const WireOptions& options, json::array& blocks) {
  switch (message.role) {
    case Role::user:
      if (options.send_images) {
        for (const auto& url : message.image_urls) blocks.push_back(image_block(url));
      }
      if (!message.text.empty()) blocks.push_back(json::object{{"type", "text"}, {"text", message.text}});
      break;
    case Role::assistant:
      if (!message.text.empty()) blocks.push_back(json::object{{"type", "text"}, {"text", message.text}});
      for (const auto& call : message.tool_calls) {
        blocks.push_back(json::object{
            {"type", "tool_use"}, {"id", call.id}, {"name", call.name}, {"input", input_value(call.arguments_json)}});
      }
      break;
    case Role::tool:
      blocks.push_back(
          json::object{{"type", "tool_result"}, {"tool_use_id", message.tool_call_id}, {"content", message.text}});
      break;
  }
}

FinishReason finish_of(std::string_view reason) {
  if (reason == "end_turn" || reason == "stop_sequence") return FinishReason::stop;
  if (reason == "max_tokens") return FinishReason::length;
  if (reason == "tool_use") return FinishReason::tool_calls;
  return FinishReason::other;
}

[[noreturn]] void throw_refused() {
  throw WireError(ModelFailure::refused, "the model refused to answer (stop_reason refusal)");
}

// Anthropic's error types, as they arrive in a 2xx stream.
ModelFailure failure_of(std::string_view type) {
  if (type == "overloaded_error" || type == "rate_limit_error") return ModelFailure::rate_limited;
  if (type == "api_error") return ModelFailure::server_error;
  return ModelFailure::bad_response;
}

}  // namespace

std::string encode_request(const ChatRequest& request, const WireOptions& options) {
  // Tool results travel as user turns, and the API wants roles to alternate,
  // so consecutive turns of one wire role merge into one message.
  json::array messages;
  std::string_view last_role;
  for (const auto& message : request.messages) {
    const std::string_view role = wire_role(message.role);
    if (messages.empty() || role != last_role) {
      messages.push_back(json::object{{"role", role}, {"content", json::array{}}});
      last_role = role;
    }
    append_blocks(message, options, messages.back().as_object()["content"].as_array());
  }
  for (auto& message : messages) {
    auto& content = message.as_object()["content"].as_array();
    // An empty content list is rejected outright.
    if (content.empty()) content.push_back(json::object{{"type", "text"}, {"text", "(no text)"}});
  }
  json::object body{{"model", options.model},
                    {"max_tokens", options.max_tokens > 0 ? options.max_tokens : kDefaultMaxTokens},
                    {"messages", std::move(messages)}};
  if (!request.system.empty()) body["system"] = request.system;
  if (options.send_tools && !request.tools.empty()) {
    json::array tools;
    for (const auto& tool : request.tools) {
      tools.push_back(json::object{{"name", tool.name},
                                   {"description", tool.description},
                                   {"input_schema", schema_value(tool.name, tool.parameters_schema_json)}});
    }
    body["tools"] = std::move(tools);
  }
  if (options.stream) body["stream"] = true;
  return json::serialize(body);
}

ChatResult decode_response(std::string_view body) {
  bool ok = false;
  const json::object root = parse_object(body, ok);
  if (!ok) throw WireError(ModelFailure::bad_response, "the response is not a JSON object");
  if (string_at(root, "type") == "error") {
    const auto* error = object_at(root, "error");
    throw WireError(error ? failure_of(string_at(*error, "type")) : ModelFailure::bad_response,
                    "the response is an error: " + error_message(body));
  }
  const auto* content = array_at(root, "content");
  if (content == nullptr) throw WireError(ModelFailure::bad_response, "the response has no content");
  ChatResult result;
  result.model = string_at(root, "model");
  const std::string reason = string_at(root, "stop_reason");
  result.finish = finish_of(reason);
  if (const auto* usage = object_at(root, "usage")) {
    result.usage.input_tokens = count_at(usage, "input_tokens");
    result.usage.output_tokens = count_at(usage, "output_tokens");
  }
  for (const auto& entry : *content) {
    const auto* block = entry.if_object();
    if (block == nullptr) continue;
    const std::string type = string_at(*block, "type");
    if (type == "text") {
      result.text += string_at(*block, "text");
    } else if (type == "tool_use") {
      const auto* input = block->if_contains("input");
      result.tool_calls.push_back(ToolCall{string_at(*block, "id"), string_at(*block, "name"),
                                           input ? json::serialize(*input) : std::string("{}")});
    }
  }
  if (reason == "refusal" && result.text.empty() && result.tool_calls.empty()) throw_refused();
  settle_finish(result);
  return result;
}

std::string StreamAccumulator::take(const SseEvent& event) {
  bool ok = false;
  const json::object data = parse_object(event.data, ok);
  if (!ok) throw WireError(ModelFailure::bad_response, "a stream event is not a JSON object");
  std::string type = string_at(data, "type");
  if (type.empty()) type = event.event;
  const auto index_of = [&data] {
    const auto* i = data.if_contains("index");
    return i && i->is_int64() ? i->get_int64() : 0;
  };
  if (type == "message_start") {
    if (const auto* message = object_at(data, "message")) {
      result_.model = string_at(*message, "model");
      const auto* usage = object_at(*message, "usage");
      result_.usage.input_tokens = count_at(usage, "input_tokens");
      result_.usage.output_tokens = count_at(usage, "output_tokens");
    }
  } else if (type == "content_block_start") {
    auto& block = blocks_[index_of()];
    if (const auto* start = object_at(data, "content_block"); start && string_at(*start, "type") == "tool_use") {
      block.tool = true;
      block.id = string_at(*start, "id");
      block.name = string_at(*start, "name");
      if (const auto* input = start->if_contains("input")) block.initial_input = json::serialize(*input);
    } else if (start) {
      const std::string text = string_at(*start, "text");
      result_.text += text;
      return text;
    }
  } else if (type == "content_block_delta") {
    const auto* delta = object_at(data, "delta");
    if (delta == nullptr) return {};
    const std::string delta_type = string_at(*delta, "type");
    if (delta_type == "text_delta") {
      std::string text = string_at(*delta, "text");
      result_.text += text;
      return text;
    }
    if (delta_type == "input_json_delta") blocks_[index_of()].input_json += string_at(*delta, "partial_json");
    // thinking and signature deltas are not part of the answer.
  } else if (type == "message_delta") {
    if (const auto* delta = object_at(data, "delta")) {
      if (auto reason = string_at(*delta, "stop_reason"); !reason.empty()) {
        result_.finish = finish_of(reason);
        refused_ = reason == "refusal";
      }
    }
    // message_delta's usage is cumulative.
    if (const auto* usage = object_at(data, "usage")) {
      if (const auto output = count_at(usage, "output_tokens"); output > 0) result_.usage.output_tokens = output;
      if (const auto input = count_at(usage, "input_tokens"); input > 0) result_.usage.input_tokens = input;
    }
  } else if (type == "message_stop") {
    done_ = true;
  } else if (type == "error") {
    const auto* error = object_at(data, "error");
    throw WireError(error ? failure_of(string_at(*error, "type")) : ModelFailure::server_error,
                    "the stream ended with an error: " + error_message(event.data));
  }
  return {};
}

ChatResult StreamAccumulator::result() const {
  ChatResult out = result_;
  for (const auto& [index, block] : blocks_) {
    if (!block.tool) continue;
    std::string input = block.input_json;
    if (input.empty()) input = block.initial_input.empty() ? "{}" : block.initial_input;
    out.tool_calls.push_back(ToolCall{block.id, block.name, std::move(input)});
  }
  if (refused_ && out.text.empty() && out.tool_calls.empty()) throw_refused();
  settle_finish(out);
  return out;
}

}  // namespace dbot::features::ai::anthropic_wire
