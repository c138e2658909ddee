#include "features/ai/provider/openai_wire.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace dbot::features::ai {
namespace {

namespace json = boost::json;

ChatRequest conversation() {
  ChatRequest request;
  request.system = "You are a test bot.";
  request.messages.push_back({.role = Role::user, .text = "what is this?", .image_urls = {"https://cdn/x.png"}});
  request.messages.push_back(
      {.role = Role::assistant, .tool_calls = {{.id = "call_1", .name = "stock_buy", .arguments_json = R"({"n":2})"}}});
  request.messages.push_back({.role = Role::tool, .text = "bought", .tool_call_id = "call_1"});
  request.tools.push_back({.name = "stock_buy",
                           .description = "Buy shares",
                           .parameters_schema_json = R"({"type":"object","properties":{"n":{"type":"integer"}}})"});
  return request;
}

TEST(OpenAiWire, EncodesTheConversationToolsAndStreamFlag) {
  const auto body =
      json::parse(openai_wire::encode_request(
                      conversation(),
                      {.model = "m1", .max_tokens = 99, .send_tools = true, .send_images = true, .stream = true}))
          .as_object();
  EXPECT_EQ(body.at("model"), "m1");
  EXPECT_EQ(body.at("max_tokens"), 99);
  EXPECT_EQ(body.at("stream"), true);
  EXPECT_EQ(body.at("stream_options").at("include_usage"), true);
  const auto& messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[0].at("role"), "system");
  EXPECT_EQ(messages[0].at("content"), "You are a test bot.");
  const auto& parts = messages[1].at("content").as_array();
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].at("type"), "image_url");
  EXPECT_EQ(parts[0].at("image_url").at("url"), "https://cdn/x.png");
  EXPECT_EQ(parts[1].at("text"), "what is this?");
  EXPECT_TRUE(messages[2].at("content").is_null());
  const auto& call = messages[2].at("tool_calls").as_array().at(0);
  EXPECT_EQ(call.at("id"), "call_1");
  EXPECT_EQ(call.at("type"), "function");
  EXPECT_EQ(call.at("function").at("name"), "stock_buy");
  EXPECT_EQ(call.at("function").at("arguments"), R"({"n":2})");
  EXPECT_EQ(messages[3].at("role"), "tool");
  EXPECT_EQ(messages[3].at("tool_call_id"), "call_1");
  EXPECT_EQ(messages[3].at("content"), "bought");
  const auto& tool = body.at("tools").as_array().at(0);
  EXPECT_EQ(tool.at("type"), "function");
  EXPECT_EQ(tool.at("function").at("parameters").at("properties").at("n").at("type"), "integer");
}

TEST(OpenAiWire, LeavesOutToolsAndImagesTheProviderCannotTake) {
  const auto body =
      json::parse(openai_wire::encode_request(conversation(), {.model = "m", .send_tools = false})).as_object();
  EXPECT_FALSE(body.contains("tools"));
  EXPECT_FALSE(body.contains("stream"));
  EXPECT_FALSE(body.contains("max_tokens"));
  EXPECT_EQ(body.at("messages").as_array()[1].at("content"), "what is this?");
}

TEST(OpenAiWire, DecodesTextToolCallsFinishAndUsage) {
  const auto result = openai_wire::decode_response(R"({
    "model": "served-model",
    "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": "On it.",
      "tool_calls": [{"id": "call_9", "type": "function", "function": {"name": "wordle_start", "arguments": "{}"}},
                     {"id": "broken", "type": "function"}]}}],
    "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}})");
  EXPECT_EQ(result.text, "On it.");
  ASSERT_EQ(result.tool_calls.size(), 1u);
  EXPECT_EQ(result.tool_calls[0].id, "call_9");
  EXPECT_EQ(result.tool_calls[0].name, "wordle_start");
  EXPECT_EQ(result.tool_calls[0].arguments_json, "{}");
  EXPECT_EQ(result.finish, FinishReason::tool_calls);
  EXPECT_EQ(result.usage.input_tokens, 12u);
  EXPECT_EQ(result.usage.output_tokens, 5u);
}

TEST(OpenAiWire, ABodyWithoutChoicesIsABadResponse) {
  try {
    openai_wire::decode_response(R"({"error": {"message": "model overloaded"}})");
    FAIL() << "expected a WireError";
  } catch (const WireError& e) {
    EXPECT_EQ(e.failure(), ModelFailure::bad_response);
    EXPECT_NE(std::string(e.what()).find("model overloaded"), std::string::npos);
  }
  EXPECT_THROW(openai_wire::decode_response("not json"), WireError);
}

TEST(OpenAiWire, AContentFilterWithNothingSaidIsARefusal) {
  try {
    openai_wire::decode_response(R"({"choices":[{"finish_reason":"content_filter","message":{"content":null}}]})");
    FAIL() << "expected a WireError";
  } catch (const WireError& e) {
    EXPECT_EQ(e.failure(), ModelFailure::refused);
  }
}

TEST(OpenAiWire, StreamAccumulatesTextToolCallFragmentsAndUsage) {
  openai_wire::StreamAccumulator stream;
  std::string text;
  for (
      const char* data : {
          R"({"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})",
          R"({"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]})",
          R"({"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]})",
          R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"ban","arguments":""}}]}}]})",
          R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"c2","type":"function","function":{"name":"kick","arguments":"{}"}}]}}]})",
          R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"user\":"}}]}}]})",
          R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"bob\"}"}}]}}]})",
          R"({"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})",
          R"({"choices":[],"usage":{"prompt_tokens":30,"completion_tokens":9}})",
      }) {
    text += stream.take({.data = data});
    EXPECT_FALSE(stream.done());
  }
  EXPECT_TRUE(stream.take({.data = "[DONE]"}).empty());
  EXPECT_TRUE(stream.done());
  EXPECT_EQ(text, "Hello");
  const auto result = stream.result();
  EXPECT_EQ(result.text, "Hello");
  ASSERT_EQ(result.tool_calls.size(), 2u);
  EXPECT_EQ(result.tool_calls[0].id, "c1");
  EXPECT_EQ(result.tool_calls[0].name, "ban");
  EXPECT_EQ(result.tool_calls[0].arguments_json, R"({"user":"bob"})");
  EXPECT_EQ(result.tool_calls[1].name, "kick");
  EXPECT_EQ(result.finish, FinishReason::tool_calls);
  EXPECT_EQ(result.usage.input_tokens, 30u);
  EXPECT_EQ(result.usage.output_tokens, 9u);
}

TEST(OpenAiWire, AnErrorEventInTheStreamThrows) {
  openai_wire::StreamAccumulator stream;
  EXPECT_THROW(stream.take({.data = R"({"error":{"message":"boom"}})"}), WireError);
}

}  // namespace
}  // namespace dbot::features::ai
