#include "mcp/transport/jsonrpc.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <random>
#include <string>
#include <vector>

namespace rpc = dbot::mcp::jsonrpc;
namespace json = boost::json;

namespace {

TEST(JsonRpc, ParsesARequestWithIntegerId) {
  auto out = rpc::parse(R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":"x"}})");
  ASSERT_TRUE(out.message);
  auto* request = std::get_if<rpc::Request>(&*out.message);
  ASSERT_NE(request, nullptr);
  EXPECT_EQ(request->id, json::value(7));
  EXPECT_EQ(request->method, "tools/list");
  EXPECT_EQ(request->params.at("cursor"), json::value("x"));
}

TEST(JsonRpc, ParsesARequestWithStringIdAndNoParams) {
  auto out = rpc::parse(R"({"jsonrpc":"2.0","id":"abc","method":"ping"})");
  ASSERT_TRUE(out.message);
  auto& request = std::get<rpc::Request>(*out.message);
  EXPECT_EQ(request.id, json::value("abc"));
  EXPECT_TRUE(request.params.empty());
}

TEST(JsonRpc, ParsesANotification) {
  auto out = rpc::parse(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  ASSERT_TRUE(out.message);
  EXPECT_EQ(std::get<rpc::Notification>(*out.message).method, "notifications/initialized");
}

TEST(JsonRpc, ParsesResultAndErrorResponses) {
  auto ok = rpc::parse(R"({"jsonrpc":"2.0","id":1,"result":{}})");
  ASSERT_TRUE(ok.message);
  EXPECT_TRUE(std::get<rpc::Response>(*ok.message).result);
  auto bad = rpc::parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"nope","data":[1]}})");
  ASSERT_TRUE(bad.message);
  auto& response = std::get<rpc::Response>(*bad.message);
  ASSERT_TRUE(response.error);
  EXPECT_EQ(response.error->code, -32601);
  EXPECT_EQ(response.error->message, "nope");
  EXPECT_TRUE(response.error->data);
}

TEST(JsonRpc, MalformedJsonIsAParseError) {
  auto out = rpc::parse(R"({"jsonrpc":"2.0","id":1,"method":)");
  EXPECT_FALSE(out.message);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->code, rpc::kParseError);
  EXPECT_TRUE(out.error_id.is_null());
}

TEST(JsonRpc, BatchesAreRejected) {
  auto out = rpc::parse(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])");
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->code, rpc::kInvalidRequest);
  EXPECT_NE(out.error->message.find("batch"), std::string::npos);
  auto empty = rpc::parse("[]");
  ASSERT_TRUE(empty.error);
  EXPECT_EQ(empty.error->code, rpc::kInvalidRequest);
}

TEST(JsonRpc, InvalidRequests) {
  const char* cases[] = {
      R"("just a string")",
      R"(42)",
      R"(null)",
      R"({"id":1,"method":"ping"})",                          // no jsonrpc
      R"({"jsonrpc":"1.0","id":1,"method":"ping"})",          // wrong version
      R"({"jsonrpc":2.0,"id":1,"method":"ping"})",            // version not a string
      R"({"jsonrpc":"2.0","id":null,"method":"ping"})",       // null id
      R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})",        // fractional id
      R"({"jsonrpc":"2.0","id":{},"method":"ping"})",         // object id
      R"({"jsonrpc":"2.0","id":1,"method":5})",               // method not a string
      R"({"jsonrpc":"2.0","id":1,"method":"x","params":3})",  // scalar params
      R"({"jsonrpc":"2.0","id":1})",                          // neither method nor result
      R"({"jsonrpc":"2.0","id":1,"result":1,"error":{}})",    // both
      R"({"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}})",
      R"({"jsonrpc":"2.0","method":"x","result":1})",
  };
  for (const char* text : cases) {
    auto out = rpc::parse(text);
    EXPECT_FALSE(out.message) << text;
    ASSERT_TRUE(out.error) << text;
    EXPECT_EQ(out.error->code, rpc::kInvalidRequest) << text;
  }
}

TEST(JsonRpc, ArrayParamsAreInvalidParamsAnsweredWithTheId) {
  auto out = rpc::parse(R"({"jsonrpc":"2.0","id":"q","method":"tools/call","params":[1,2]})");
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->code, rpc::kInvalidParams);
  EXPECT_TRUE(out.answerable);
  EXPECT_EQ(out.error_id, json::value("q"));
}

TEST(JsonRpc, SerialisesResultsAndErrors) {
  auto ok = json::parse(rpc::serialize_result(3, json::object{{"a", 1}}));
  EXPECT_EQ(ok.at("jsonrpc"), json::value("2.0"));
  EXPECT_EQ(ok.at("id"), json::value(3));
  EXPECT_EQ(ok.at("result").at("a"), json::value(1));
  auto err = json::parse(rpc::serialize_error(nullptr, {rpc::kMethodNotFound, "Method not found", std::nullopt}));
  EXPECT_TRUE(err.at("id").is_null());
  EXPECT_EQ(err.at("error").at("code"), json::value(-32601));
  // Round trip through the parser.
  auto back = rpc::parse(rpc::serialize_request("id-1", "tools/call", json::object{{"name", "x"}}));
  ASSERT_TRUE(back.message);
  EXPECT_EQ(std::get<rpc::Request>(*back.message).params.at("name"), json::value("x"));
}

TEST(JsonRpc, FindsTheMessageInAnSseBody) {
  std::string body =
      "id: 0\nretry: 3000\ndata:\n\n"
      ": keep-alive\n\n"
      "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\n"
      "data: \"result\":{}}\n\n";
  auto message = rpc::message_from_body(body, "text/event-stream");
  ASSERT_TRUE(message);
  auto out = rpc::parse(*message);
  ASSERT_TRUE(out.message);
  EXPECT_TRUE(std::get<rpc::Response>(*out.message).result);
  EXPECT_FALSE(rpc::message_from_body("data: not json\n\n", "text/event-stream"));
  EXPECT_EQ(*rpc::message_from_body("{}", "application/json"), "{}");
}

// A corpus of hostile inputs: the parser must return (never throw or crash)
// and every outcome is either a message or an error.
TEST(JsonRpc, SurvivesNastyInputs) {
  std::vector<std::string> corpus = {
      "",
      " ",
      "\0",
      std::string("\0\0\0", 3),
      "{",
      "}",
      "[[[[",
      "\xff\xfe\xfd",
      R"({"jsonrpc":"2.0","id":1,"method":"\ud800"})",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xc3\x28\"}",
      R"({"jsonrpc":"2.0","id":99999999999999999999999999999,"method":"x"})",
      R"({"jsonrpc":"2.0","id":-9223372036854775808,"method":"x"})",
      R"({"jsonrpc":"2.0","id":1e400,"method":"x"})",
      R"({"jsonrpc":"2.0","id":1,"method":"x","params":{"a":1,"a":2}})",
      R"({"jsonrpc":"2.0","id":1,"method":"x"} trailing)",
      R"({"jsonrpc":"2.0","id":1,"method":"x"}{"jsonrpc":"2.0"})",
      R"(/* comment */ {"jsonrpc":"2.0","id":1,"method":"x"})",
      R"({'jsonrpc':'2.0'})",
      R"({"jsonrpc":"2.0","id":1,"error":{"code":99999999999,"message":"m"}})",
      R"({"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"m"}})",
  };
  corpus.push_back(std::string(100000, '['));
  corpus.push_back(std::string(100000, '{'));
  corpus.push_back("{\"a\":" + std::string(5000, '[') + std::string(5000, ']') + "}");
  corpus.push_back(R"({"jsonrpc":"2.0","id":1,"method":")" + std::string(200000, 'x') + "\"}");
  // Deterministic mutations of valid messages.
  const std::string seeds[] = {
      R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"send_message","arguments":{"content":"hi"}}})",
      R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
      R"({"jsonrpc":"2.0","id":"x","error":{"code":-1,"message":"m"}})"};
  std::mt19937 rng(1234);
  for (int i = 0; i < 3000; ++i) {
    std::string text = seeds[static_cast<std::size_t>(i) % 3];
    int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = static_cast<char>(rng() % 256); break;
        case 1: text.erase(at, 1 + rng() % 4); break;
        default: text.insert(at, 1, "{}[]\",:\\0\x80"[rng() % 11]); break;
      }
    }
    corpus.push_back(std::move(text));
  }
  std::size_t messages = 0;
  std::size_t errors = 0;
  for (const auto& text : corpus) {
    auto out = rpc::parse(text);
    EXPECT_NE(out.message.has_value(), out.error.has_value());
    if (out.message) ++messages;
    if (out.error) {
      ++errors;
      EXPECT_LE(out.error->code, -32600);
      EXPECT_GE(out.error->code, -32700);
      // Every error can be serialised into a valid response.
      auto reply = json::parse(rpc::serialize_error(out.error_id, *out.error));
      EXPECT_TRUE(reply.is_object());
    }
    (void)rpc::message_from_body(text, "text/event-stream");
  }
  EXPECT_GT(errors, 100u);
  EXPECT_EQ(messages + errors, corpus.size());
}

}  // namespace
