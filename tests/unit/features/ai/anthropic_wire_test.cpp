#include "features/ai/provider/anthropic_wire.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace dbot::features::ai {
namespace {

namespace json = boost::json;

TEST(AnthropicWire, SystemOnTopToolBlocksAndAlternatingRoles) {
  ChatRequest request;
  request.system = "Be brief.";
  request.messages.push_back(
      {.role = Role::user, .text = "look", .image_urls = {"https://cdn/a.png", "data:image/jpeg;base64,QUJD"}});
  request.messages.push_back({.role = Role::assistant,
                              .text = "Checking.",
                              .tool_calls = {{.id = "toolu_1", .name = "web_search", .arguments_json = R"({"q":"x"})"},
                                             {.id = "toolu_2", .name = "web_search", .arguments_json = "{}"}}});
  request.messages.push_back({.role = Role::tool, .text = "result one", .tool_call_id = "toolu_1"});
  request.messages.push_back({.role = Role::tool, .text = "result two", .tool_call_id = "toolu_2"});
  request.messages.push_back({.role = Role::user, .text = "and?"});
  request.tools.push_back(
      {.name = "web_search", .description = "Search", .parameters_schema_json = R"({"type":"object"})"});
  const auto body =
      json::parse(anthropic_wire::encode_request(request, {.model = "claude", .send_tools = true, .send_images = true}))
          .as_object();
  EXPECT_EQ(body.at("system"), "Be brief.");
  EXPECT_EQ(body.at("max_tokens"), anthropic_wire::kDefaultMaxTokens);  // required, so defaulted
  EXPECT_FALSE(body.contains("stream"));
  const auto& tool = body.at("tools").as_array().at(0);
  EXPECT_EQ(tool.at("name"), "web_search");
  EXPECT_EQ(tool.at("input_schema").at("type"), "object");
  const auto& messages = body.at("messages").as_array();
  // user, assistant, then both tool results and the next user text merged into one user turn.
  ASSERT_EQ(messages.size(), 3u);
  const auto& first = messages[0].at("content").as_array();
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].at("source").at("type"), "url");
  EXPECT_EQ(first[0].at("source").at("url"), "https://cdn/a.png");
  EXPECT_EQ(first[1].at("source").at("type"), "base64");
  EXPECT_EQ(first[1].at("source").at("media_type"), "image/jpeg");
  EXPECT_EQ(first[1].at("source").at("data"), "QUJD");
  EXPECT_EQ(first[2].at("text"), "look");
  const auto& second = messages[1].at("content").as_array();
  EXPECT_EQ(messages[1].at("role"), "assistant");
  ASSERT_EQ(second.size(), 3u);
  EXPECT_EQ(second[1].at("type"), "tool_use");
  EXPECT_EQ(second[1].at("id"), "toolu_1");
  EXPECT_EQ(second[1].at("input").at("q"), "x");
  const auto& third = messages[2].at("content").as_array();
  EXPECT_EQ(messages[2].at("role"), "user");
  ASSERT_EQ(third.size(), 3u);
  EXPECT_EQ(third[0].at("type"), "tool_result");
  EXPECT_EQ(third[0].at("tool_use_id"), "toolu_1");
  EXPECT_EQ(third[1].at("content"), "result two");
  EXPECT_EQ(third[2].at("text"), "and?");
}

TEST(AnthropicWire, DecodesContentBlocks) {
  const auto result = anthropic_wire::decode_response(R"({
    "id": "msg_1", "type": "message", "role": "assistant", "model": "claude",
    "content": [{"type": "text", "text": "Banning."},
                {"type": "tool_use", "id": "toolu_7", "name": "tempban", "input": {"user": "bob", "minutes": 10}}],
    "stop_reason": "tool_use", "usage": {"input_tokens": 40, "output_tokens": 12}})");
  EXPECT_EQ(result.text, "Banning.");
  ASSERT_EQ(result.tool_calls.size(), 1u);
  EXPECT_EQ(result.tool_calls[0].id, "toolu_7");
  EXPECT_EQ(result.tool_calls[0].name, "tempban");
  EXPECT_EQ(json::parse(result.tool_calls[0].arguments_json).at("minutes"), 10);
  EXPECT_EQ(result.finish, FinishReason::tool_calls);
  EXPECT_EQ(result.usage.input_tokens, 40u);
  EXPECT_EQ(result.usage.output_tokens, 12u);
}

TEST(AnthropicWire, AnErrorBodyAndARefusalThrow) {
  try {
    anthropic_wire::decode_response(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
    FAIL() << "expected a WireError";
  } catch (const WireError& e) {
    EXPECT_EQ(e.failure(), ModelFailure::rate_limited);
  }
  try {
    anthropic_wire::decode_response(R"({"type":"message","content":[],"stop_reason":"refusal"})");
    FAIL() << "expected a WireError";
  } catch (const WireError& e) {
    EXPECT_EQ(e.failure(), ModelFailure::refused);
  }
}

TEST(AnthropicWire, StreamAssemblesTextAndToolInput) {
  anthropic_wire::StreamAccumulator stream;
  std::string text;
  const std::vector<SseEvent> events = {
      {"message_start",
       R"({"type":"message_start","message":{"model":"claude","usage":{"input_tokens":25,"output_tokens":1}}})"},
      {"content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"},
      {"ping", R"({"type":"ping"})"},
      {"content_block_delta",
       R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Let me "}})"},
      {"content_block_delta",
       R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"check."}})"},
      {"content_block_stop", R"({"type":"content_block_stop","index":0})"},
      {"content_block_start",
       R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_3","name":"stock_buy","input":{}}})"},
      {"content_block_delta",
       R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"symbol\": \"AA"}})"},
      {"content_block_delta",
       R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"PL\"}"}})"},
      {"content_block_stop", R"({"type":"content_block_stop","index":1})"},
      {"message_delta", R"({"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":33}})"},
  };
  for (const auto& event : events) text += stream.take(event);
  EXPECT_FALSE(stream.done());
  stream.take({"message_stop", R"({"type":"message_stop"})"});
  EXPECT_TRUE(stream.done());
  EXPECT_EQ(text, "Let me check.");
  const auto result = stream.result();
  EXPECT_EQ(result.text, "Let me check.");
  ASSERT_EQ(result.tool_calls.size(), 1u);
  EXPECT_EQ(result.tool_calls[0].id, "toolu_3");
  EXPECT_EQ(result.tool_calls[0].arguments_json, R"({"symbol": "AAPL"})");
  EXPECT_EQ(result.finish, FinishReason::tool_calls);
  EXPECT_EQ(result.usage.input_tokens, 25u);
  EXPECT_EQ(result.usage.output_tokens, 33u);
}

TEST(AnthropicWire, AStreamErrorEventThrowsWithItsKind) {
  anthropic_wire::StreamAccumulator stream;
  try {
    stream.take({"error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"});
    FAIL() << "expected a WireError";
  } catch (const WireError& e) {
    EXPECT_EQ(e.failure(), ModelFailure::rate_limited);
  }
}

}  // namespace
}  // namespace dbot::features::ai
