#include "features/ai/provider/openai_wire.hpp"

#include <boost/json/serialize.hpp>

#include "features/ai/provider/json_util.hpp"

namespace dbot::features::ai::openai_wire {
namespace {

namespace json = boost::json;
using namespace wire_json;

json::object tool_call_value(const ToolCall& call) {
  return json::object{
      {"id", call.id},
      {"type", "function"},
      {"function",
       json::object{{"name", call.name}, {"arguments", call.arguments_json.empty() ? "{}" : call.arguments_json}}}};
}

json::object message_value(const ChatMessage& message, const WireOptions& options) {
  switch (message.role) {
    case Role::user: {
      if (!options.send_images || message.image_urls.empty())
        return json::object{{"role", "user"}, {"content", message.text}};
      json::array parts;
      for (const auto& url : message.image_urls) {
        parts.push_back(json::object{{"type", "image_url"}, {"image_url", json::object{{"url", url}}}});
      }
      if (!message.text.empty()) parts.push_back(json::object{{"type", "text"}, {"text", message.text}});
      return json::object{{"role", "user"}, {"content", std::move(parts)}};
    }
    case Role::assistant: {
      json::object out{{"role", "assistant"}};
      if (message.text.empty() && !message.tool_calls.empty()) {
        out["content"] = nullptr;
      } else {
        out["content"] = message.text;
      }
      if (!message.tool_calls.empty()) {
        json::array calls;
        for (const auto& call : message.tool_calls) calls.push_back(tool_call_value(call));
        out["tool_calls"] = std::move(calls);
      }
      return out;
    }
    case Role::tool:
      return json::object{{"role", "tool"}, {"tool_call_id", message.tool_call_id}, {"content", message.text}};
  }
  return {};
}

FinishReason finish_of(std::string_view reason) {
  if (reason == "stop") return FinishReason::stop;
  if (reason == "length") return FinishReason::length;
  if (reason == "tool_calls" || reason == "function_call") return FinishReason::tool_calls;
  return FinishReason::other;
}

// Some servers send `content` as an array of text parts.
std::string content_text(const json::value* content) {
  if (content == nullptr) return {};
  if (content->is_string()) return std::string(content->get_string());
  std::string text;
  if (const auto* parts = content->if_array()) {
    for (const auto& part : *parts) {
      if (const auto* object = part.if_object()) text += string_at(*object, "text");
    }
  }
  return text;
}

// `arguments` is a JSON string by the spec; a few servers send the object itself.
std::string arguments_text(const json::object& function) {
  const auto* arguments = function.if_contains("arguments");
  if (arguments == nullptr || arguments->is_null()) return {};
  if (arguments->is_string()) return std::string(arguments->get_string());
  return json::serialize(*arguments);
}

void read_usage(const json::object& root, Usage& usage) {
  if (const auto* u = object_at(root, "usage")) {
    usage.input_tokens = count_at(u, "prompt_tokens");
    usage.output_tokens = count_at(u, "completion_tokens");
  }
}

[[noreturn]] void throw_refused(std::string_view why) {
  throw WireError(ModelFailure::refused,
                  std::string("the provider's content filter stopped the answer (") + std::string(why) + ")");
}

}  // namespace

std::string encode_request(const ChatRequest& request, const WireOptions& options) {
  json::array messages;
  if (!request.system.empty()) messages.push_back(json::object{{"role", "system"}, {"content", request.system}});
  for (const auto& message : request.messages) messages.push_back(message_value(message, options));
  json::object body{{"model", options.model}, {"messages", std::move(messages)}};
  if (options.max_tokens > 0) body["max_tokens"] = options.max_tokens;
  if (options.send_tools && !request.tools.empty()) {
    json::array tools;
    for (const auto& tool : request.tools) {
      tools.push_back(json::object{
          {"type", "function"},
          {"function", json::object{{"name", tool.name},
                                    {"description", tool.description},
                                    {"parameters", schema_value(tool.name, tool.parameters_schema_json)}}}});
    }
    body["tools"] = std::move(tools);
  }
  if (options.stream) {
    body["stream"] = true;
    body["stream_options"] = json::object{{"include_usage", true}};
  }
  return json::serialize(body);
}

ChatResult decode_response(std::string_view body) {
  bool ok = false;
  const json::object root = parse_object(body, ok);
  if (!ok) throw WireError(ModelFailure::bad_response, "the response is not a JSON object");
  const auto* choices = array_at(root, "choices");
  if (choices == nullptr || choices->empty() || !choices->front().is_object()) {
    const std::string said = error_message(body);
    throw WireError(ModelFailure::bad_response,
                    said.empty() ? "the response has no choices" : "the response has no choices: " + said);
  }
  const auto& choice = choices->front().get_object();
  ChatResult result;
  result.model = string_at(root, "model");
  read_usage(root, result.usage);
  const std::string reason = string_at(choice, "finish_reason");
  result.finish = finish_of(reason);
  if (const auto* message = object_at(choice, "message")) {
    result.text = content_text(message->if_contains("content"));
    if (const auto* calls = array_at(*message, "tool_calls")) {
      for (const auto& entry : *calls) {
        const auto* call = entry.if_object();
        const auto* function = call ? object_at(*call, "function") : nullptr;
        if (function == nullptr) continue;
        ToolCall tool{string_at(*call, "id"), string_at(*function, "name"), arguments_text(*function)};
        if (tool.name.empty()) continue;  // nothing to dispatch
        result.tool_calls.push_back(std::move(tool));
      }
    }
  }
  if (reason == "content_filter" && result.text.empty() && result.tool_calls.empty()) throw_refused(reason);
  settle_finish(result);
  return result;
}

std::string StreamAccumulator::take(const SseEvent& event) {
  if (event.data == "[DONE]") {
    done_ = true;
    return {};
  }
  bool ok = false;
  const json::object chunk = parse_object(event.data, ok);
  if (!ok) throw WireError(ModelFailure::bad_response, "a stream event is not a JSON object");
  if (chunk.contains("error")) {
    const std::string said = error_message(event.data);
    throw WireError(ModelFailure::server_error, "the stream ended with an error: " + said);
  }
  if (result_.model.empty()) result_.model = string_at(chunk, "model");
  read_usage(chunk, result_.usage);
  std::string delta_text;
  if (const auto* choices = array_at(chunk, "choices")) {
    for (const auto& entry : *choices) {
      const auto* choice = entry.if_object();
      if (choice == nullptr) continue;
      const std::string reason = string_at(*choice, "finish_reason");
      if (!reason.empty()) {
        result_.finish = finish_of(reason);
        refused_ = reason == "content_filter";
      }
      const auto* delta = object_at(*choice, "delta");
      if (delta == nullptr) continue;
      delta_text += content_text(delta->if_contains("content"));
      if (const auto* calls = array_at(*delta, "tool_calls")) {
        for (const auto& call_entry : *calls) {
          const auto* call = call_entry.if_object();
          if (call == nullptr) continue;
          // Fragments of one call share its index; id and name come first, arguments in pieces.
          std::int64_t index = static_cast<std::int64_t>(calls_.size());
          if (const auto* i = call->if_contains("index"); i && i->is_int64()) index = i->get_int64();
          auto& partial = calls_[index];
          if (auto id = string_at(*call, "id"); !id.empty()) partial.id = std::move(id);
          if (const auto* function = object_at(*call, "function")) {
            if (auto name = string_at(*function, "name"); !name.empty()) partial.name += name;
            partial.arguments += arguments_text(*function);
          }
        }
      }
    }
  }
  result_.text += delta_text;
  return delta_text;
}

ChatResult StreamAccumulator::result() const {
  ChatResult out = result_;
  for (const auto& [index, partial] : calls_) {
    if (partial.name.empty()) continue;
    out.tool_calls.push_back(ToolCall{partial.id, partial.name, partial.arguments});
  }
  if (refused_ && out.text.empty() && out.tool_calls.empty()) throw_refused("content_filter");
  settle_finish(out);
  return out;
}

}  // namespace dbot::features::ai::openai_wire
