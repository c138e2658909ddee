#include "mcp/tool_server.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

#include <boost/json.hpp>

#include "run_sync.hpp"

namespace json = boost::json;
using namespace dbot::mcp;
using dbot::test::run_sync;

namespace {

std::shared_ptr<ToolRegistry> make_registry() {
  auto registry = std::make_shared<ToolRegistry>();
  ToolSpec count;
  count.name = "count_things";
  count.description = "Counts";
  count.params = {
      {"channel_id", ParamType::string, "A channel", true},
      {"count", ParamType::integer, "How many", false, json::value(50), 0, 255, 1, 100},
      {"flag", ParamType::boolean, "A flag"},
  };
  count.annotations.read_only = true;
  count.scope = Scope::read;
  count.handler = [](const json::object& args, ToolContext&) -> boost::asio::awaitable<ToolResult> {
    ToolArgs a(args);
    co_return ToolResult::ok(std::to_string(a.integer("count")) + " in " + a.str("channel_id"),
                             json::object{{"count", a.integer("count")}});
  };
  registry->add(count);

  ToolSpec ban;
  ban.name = "ban_member";
  ban.description = "Bans";
  ban.annotations.destructive = true;
  ban.scope = Scope::moderate;
  ban.handler = [](const json::object&, ToolContext&) -> boost::asio::awaitable<ToolResult> {
    throw dbot::Error("Discord API error: HTTP 403 (code 50013): Missing Permissions", "operator detail Bot abc");
    co_return ToolResult::ok("unreachable");
  };
  registry->add(ban);

  ToolSpec bad;
  bad.name = "bad_args";
  bad.description = "Rejects";
  bad.handler = [](const json::object&, ToolContext&) -> boost::asio::awaitable<ToolResult> {
    throw InvalidToolArguments("Invalid ID: x");
    co_return ToolResult::ok("unreachable");
  };
  registry->add(bad);
  return registry;
}

RequestContext context(std::uint8_t scopes = 0xF) {
  RequestContext c;
  c.session_id = "session-secret";
  c.client.client_id = "alice";
  c.client.scopes = scopes;
  return c;
}

TEST(ToolRegistry, RejectsDuplicatesAndBadNames) {
  auto registry = make_registry();
  ToolSpec dup;
  dup.name = "ban_member";
  EXPECT_THROW(registry->add(dup), std::invalid_argument);
  ToolSpec bad;
  bad.name = "has space";
  EXPECT_THROW(registry->add(bad), std::invalid_argument);
}

TEST(ToolRegistry, SchemaAndAnnotations) {
  auto registry = make_registry();
  auto described = ToolRegistry::describe(*registry->find("count_things"));
  auto& schema = described.at("inputSchema").as_object();
  EXPECT_EQ(schema.at("type"), json::value("object"));
  EXPECT_EQ(schema.at("properties").at("count").at("type"), json::value("integer"));
  EXPECT_EQ(schema.at("properties").at("count").at("default"), json::value(50));
  EXPECT_EQ(schema.at("properties").at("count").at("maximum"), json::value(255));
  EXPECT_EQ(schema.at("required"), json::value(json::array{"channel_id"}));
  EXPECT_EQ(described.at("annotations").at("readOnlyHint"), json::value(true));
  auto ban = ToolRegistry::describe(*registry->find("ban_member"));
  EXPECT_EQ(ban.at("annotations").at("destructiveHint"), json::value(true));
}

TEST(ToolRegistry, NormalisesArguments) {
  auto registry = make_registry();
  const auto& spec = *registry->find("count_things");
  json::value args = json::object{{"channel_id", "1"}, {"count", 200}, {"unknown", 1}};
  auto out = ToolRegistry::normalise_arguments(spec, &args);
  EXPECT_EQ(out.at("count"), json::value(100));  // clamped
  EXPECT_FALSE(out.contains("unknown"));
  json::value zero = json::object{{"channel_id", "1"}, {"count", 0}};
  EXPECT_EQ(ToolRegistry::normalise_arguments(spec, &zero).at("count"), json::value(1));
  json::value missing = json::object{{"channel_id", "1"}};
  EXPECT_EQ(ToolRegistry::normalise_arguments(spec, &missing).at("count"), json::value(50));  // default
  json::value doubled = json::object{{"channel_id", "1"}, {"count", 5.0}};
  EXPECT_EQ(ToolRegistry::normalise_arguments(spec, &doubled).at("count"), json::value(5));

  for (const char* text :
       {R"({"count":5})", R"({"channel_id":5})", R"({"channel_id":"1","count":"5"})",
        R"({"channel_id":"1","count":256})", R"({"channel_id":"1","count":-1})", R"({"channel_id":"1","count":1.5})",
        R"({"channel_id":"1","flag":"yes"})", R"({"channel_id":"1","count":1e300})", R"([1])"}) {
    json::value v = json::parse(text);
    EXPECT_THROW(ToolRegistry::normalise_arguments(spec, &v), InvalidToolArguments) << text;
  }
}

TEST(ToolServer, ListsOnlyWhatTheClientMaySee) {
  auto recorder = std::make_shared<MemoryCallRecorder>();
  ToolServer server(make_registry(), recorder);
  auto all = server.list_tools({}, context().client);
  EXPECT_EQ(all.at("tools").as_array().size(), 3u);
  auto readers = server.list_tools({}, context(static_cast<std::uint8_t>(Scope::read)).client);
  for (const auto& tool : readers.at("tools").as_array()) {
    EXPECT_NE(tool.at("name"), json::value("ban_member"));
  }
  EXPECT_EQ(readers.at("tools").as_array().size(), 2u);
}

TEST(ToolServer, Paginates) {
  ToolServerOptions options;
  options.page_size = 2;
  ToolServer server(make_registry(), std::make_shared<NullCallRecorder>(), options);
  auto first = server.list_tools({}, context().client);
  ASSERT_EQ(first.at("tools").as_array().size(), 2u);
  ASSERT_TRUE(first.contains("nextCursor"));
  auto second = server.list_tools({{"cursor", first.at("nextCursor")}}, context().client);
  EXPECT_EQ(second.at("tools").as_array().size(), 1u);
  EXPECT_FALSE(second.contains("nextCursor"));
  EXPECT_THROW(server.list_tools({{"cursor", "zz"}}, context().client), jsonrpc::RpcException);
}

TEST(ToolServer, CallsRecordsAndMapsFailures) {
  auto recorder = std::make_shared<MemoryCallRecorder>();
  ToolServer server(make_registry(), recorder);
  auto ok = run_sync(server.call_tool(
      json::parse(R"({"name":"count_things","arguments":{"channel_id":"7","count":3,"token":"hunter2"}})").as_object(),
      context()));
  EXPECT_EQ(ok.at("isError"), json::value(false));
  EXPECT_EQ(ok.at("content").at(0).at("text"), json::value("3 in 7"));
  EXPECT_EQ(ok.at("structuredContent").at("count"), json::value(3));

  auto failed =
      run_sync(server.call_tool(json::parse(R"({"name":"ban_member","arguments":{}})").as_object(), context()));
  EXPECT_EQ(failed.at("isError"), json::value(true));
  auto text = std::string(failed.at("content").at(0).at("text").as_string());
  EXPECT_NE(text.find("403"), std::string::npos);
  EXPECT_NE(text.find("50013"), std::string::npos);
  EXPECT_EQ(text.find("operator detail"), std::string::npos);

  try {
    run_sync(server.call_tool(json::parse(R"({"name":"nope"})").as_object(), context()));
    FAIL() << "unknown tool must be a JSON-RPC error";
  } catch (const jsonrpc::RpcException& e) {
    EXPECT_EQ(e.error().code, jsonrpc::kInvalidParams);
  }
  EXPECT_THROW(run_sync(server.call_tool(json::parse(R"({"name":"bad_args"})").as_object(), context())),
               jsonrpc::RpcException);
  EXPECT_THROW(
      run_sync(server.call_tool(json::parse(R"({"name":"count_things","arguments":{}})").as_object(), context())),
      jsonrpc::RpcException);
  EXPECT_THROW(run_sync(server.call_tool(json::parse(R"({"name":"ban_member"})").as_object(),
                                         context(static_cast<std::uint8_t>(Scope::read)))),
               jsonrpc::RpcException);

  auto records = recorder->records();
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records[0].tool, "count_things");
  EXPECT_EQ(records[0].outcome, "ok");
  EXPECT_EQ(records[0].client_id, "alice");
  EXPECT_EQ(records[0].arguments_json.find("hunter2"), std::string::npos);
  EXPECT_NE(records[0].arguments_json.find("[redacted]"), std::string::npos);
  EXPECT_EQ(records[0].session_hash.find("session-secret"), std::string::npos);
  EXPECT_EQ(records[0].session_hash.size(), 16u);
  EXPECT_EQ(records[1].outcome, "tool_error");
  EXPECT_EQ(records[2].outcome, "invalid");
  EXPECT_EQ(records[3].outcome, "invalid");
  EXPECT_EQ(records[4].outcome, "invalid");
  EXPECT_EQ(records[5].outcome, "denied");
}

TEST(CallLog, RedactsNestedSecrets) {
  auto out = redact_arguments(json::parse(R"({"a":{"api_key":"x","list":[{"Password":"y"}]},"content":"ok"})"));
  auto text = json::serialize(out);
  EXPECT_EQ(text.find("\"x\""), std::string::npos);
  EXPECT_EQ(text.find("\"y\""), std::string::npos);
  EXPECT_NE(text.find("\"ok\""), std::string::npos);
}

}  // namespace
