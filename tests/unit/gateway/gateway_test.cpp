#include <gtest/gtest.h>

#include <map>

#include "gateway/backend.hpp"
#include "gateway/client_keys.hpp"
#include "gateway/config.hpp"
#include "gateway/gateway_server.hpp"
#include "mcp/tool_server.hpp"
#include "unit/mcp/run_sync.hpp"

namespace json = boost::json;
namespace net = dbot::net;
using namespace dbot::gateway;
using dbot::test::run_sync;

namespace {

constexpr const char* kBackendToken = "backend-token-0123456789abcdef0123456789";

// A backend instance in-process: a ToolServer with list_guilds (structured
// guild ids), whoami (echoes the instance) and ban_member (moderate).
std::shared_ptr<dbot::mcp::McpHttpEndpoint> make_instance(std::string name, std::vector<std::string> guilds) {
  auto registry = std::make_shared<dbot::mcp::ToolRegistry>();
  dbot::mcp::ToolSpec list;
  list.name = "list_guilds";
  list.description = "guilds";
  list.annotations.read_only = true;
  list.handler = [guilds](const json::object&,
                          dbot::mcp::ToolContext&) -> boost::asio::awaitable<dbot::mcp::ToolResult> {
    json::array ids;
    for (const auto& g : guilds) ids.push_back(json::object{{"id", g}, {"name", "g" + g}});
    co_return dbot::mcp::ToolResult::ok("guilds", json::object{{"guilds", ids}});
  };
  registry->add(list);
  dbot::mcp::ToolSpec who;
  who.name = "whoami";
  who.description = "which instance";
  who.annotations.read_only = true;
  who.params = {{"guild_id", dbot::mcp::ParamType::string, "guild"}};
  who.handler = [name](const json::object& args,
                       dbot::mcp::ToolContext&) -> boost::asio::awaitable<dbot::mcp::ToolResult> {
    dbot::mcp::ToolArgs a(args);
    co_return dbot::mcp::ToolResult::ok(name + ":" + a.str("guild_id"));
  };
  registry->add(who);
  dbot::mcp::ToolSpec ban;
  ban.name = "ban_member";
  ban.description = "ban";
  ban.scope = dbot::mcp::Scope::moderate;
  ban.annotations.destructive = true;
  ban.handler = [](const json::object&, dbot::mcp::ToolContext&) -> boost::asio::awaitable<dbot::mcp::ToolResult> {
    co_return dbot::mcp::ToolResult::ok("User banned");
  };
  registry->add(ban);
  auto server = std::make_shared<dbot::mcp::ToolServer>(registry, std::make_shared<dbot::mcp::NullCallRecorder>());
  return std::make_shared<dbot::mcp::McpHttpEndpoint>(
      dbot::mcp::McpEndpointOptions{}, std::make_shared<dbot::mcp::StaticTokenAuthenticator>(kBackendToken), server);
}

// Routes requests by URL to in-process endpoints; an absent URL is "down".
class FakeTransport : public BackendTransport {
 public:
  boost::asio::awaitable<net::HttpResponse> send(net::HttpRequest request, std::chrono::milliseconds) override {
    ++requests;
    auto it = endpoints.find(request.target);
    if (it == endpoints.end()) throw dbot::Error("connection refused", "connect(" + request.target + ") refused");
    request.target = "/mcp";
    request.headers.set("Host", "127.0.0.1");
    co_return co_await it->second->handle(std::move(request));
  }
  std::map<std::string, std::shared_ptr<dbot::mcp::McpHttpEndpoint>> endpoints;
  int requests = 0;
};

struct Fixture {
  Fixture() {
    transport->endpoints["http://a/mcp"] = make_instance("a", {"100", "101"});
    transport->endpoints["http://b/mcp"] = make_instance("b", {"200"});
    backends = {std::make_shared<Backend>(BackendConfig{"a", "http://a/mcp"}, kBackendToken, transport),
                std::make_shared<Backend>(BackendConfig{"b", "http://b/mcp"}, kBackendToken, transport),
                std::make_shared<Backend>(BackendConfig{"down", "http://down/mcp"}, kBackendToken, transport)};
    gateway = std::make_shared<GatewayServer>(io.get_executor(), backends, GatewayOptions{});
  }
  template <class T>
  T run(boost::asio::awaitable<T> task) {
    std::optional<T> out;
    std::exception_ptr failure;
    boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T v) {
      failure = e;
      if (!e) out.emplace(std::move(v));
    });
    io.restart();
    io.run();
    if (failure) std::rethrow_exception(failure);
    return std::move(*out);
  }
  void refresh() {
    run([this]() -> boost::asio::awaitable<int> {
      co_await gateway->refresh_all();
      co_return 0;
    }());
  }
  json::object call(std::string name, json::object args, dbot::mcp::ClientIdentity client = {}) {
    return run(gateway->call_tool(json::object{{"name", name}, {"arguments", args}}, client));
  }
  static std::string text(const json::object& result) {
    return std::string(result.at("content").at(0).at("text").as_string());
  }

  boost::asio::io_context io;
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
  std::vector<std::shared_ptr<Backend>> backends;
  std::shared_ptr<GatewayServer> gateway;
};

TEST(GatewayConfig, ParsesInstances) {
  auto list = parse_instances(" main=http://127.0.0.1:9090 , second=https://bot.internal:9091/mcp/");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "main");
  EXPECT_EQ(list[0].mcp_url, "http://127.0.0.1:9090/mcp");
  EXPECT_EQ(list[1].mcp_url, "https://bot.internal:9091/mcp");
}

TEST(GatewayConfig, MalformedInstancesAreClearErrors) {
  for (const char* text : {"", "main", "main=", "=http://x", "main=ftp://x", "a=http://x,", "a=http://x,a=http://y",
                           "bad name=http://x", "a=http://", ",,,"}) {
    try {
      parse_instances(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("INSTANCES"), std::string::npos) << text;
    }
  }
}

TEST(GatewayConfig, TokenRules) {
  auto env = [](dbot::EnvMap m) { return dbot::Env::from_map(std::move(m)); };
  EXPECT_THROW(load_gateway_config(env({{"INSTANCES", "a=http://x"}})), ConfigError);
  EXPECT_THROW(load_gateway_config(
                   env({{"INSTANCES", "a=http://x"}, {"MCP_AUTH_TOKEN", "short"}, {"GATEWAY_BIND_ADDR", "0.0.0.0"}})),
               ConfigError);
  EXPECT_THROW(load_gateway_config(
                   env({{"INSTANCES", "a=http://x"}, {"MCP_AUTH_TOKEN", kBackendToken}, {"GATEWAY_PORT", "70000"}})),
               ConfigError);
  auto config = load_gateway_config(env({{"INSTANCES", "a=http://x"}, {"MCP_AUTH_TOKEN", kBackendToken}}));
  EXPECT_EQ(config.port, 9100);
  EXPECT_EQ(config.bind_address, "127.0.0.1");
  EXPECT_EQ(config.backend_token, kBackendToken);
  auto separate = load_gateway_config(
      env({{"INSTANCES", "a=http://x"}, {"MCP_AUTH_TOKEN", kBackendToken}, {"BACKEND_AUTH_TOKEN", "other-secret"}}));
  EXPECT_EQ(separate.backend_token, "other-secret");
  try {
    load_gateway_config(
        env({{"INSTANCES", "a=http://x"}, {"MCP_AUTH_TOKEN", "short-secret-value"}, {"GATEWAY_BIND_ADDR", "0.0.0.0"}}));
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).find("short-secret-value"), std::string::npos);
  }
}

TEST(ClientKeys, ParseAndAuthenticate) {
  std::string key = "client-key-for-claude-0123456789";
  std::string revoked = "revoked-key-0123456789abcdef";
  auto keys = parse_client_keys(R"({"clients":[
    {"id":"claude","key_sha256":")" +
                                dbot::mcp::sha256_hex(key) + R"(","scopes":["read","write"],"instances":["a"]},
    {"id":"old","key_sha256":")" +
                                dbot::mcp::sha256_hex(revoked) + R"(","scopes":["admin"],"disabled":true}]})");
  ASSERT_EQ(keys.size(), 2u);
  ClientKeyAuthenticator auth(keys, kBackendToken);
  auto request = [](std::string token) {
    net::HttpRequest r;
    if (!token.empty()) r.headers.set("Authorization", "Bearer " + token);
    return r;
  };
  auto claude = auth.authenticate(request(key));
  ASSERT_TRUE(claude);
  EXPECT_EQ(claude->client_id, "claude");
  EXPECT_TRUE(claude->has_scope(dbot::mcp::Scope::read));
  EXPECT_FALSE(claude->has_scope(dbot::mcp::Scope::moderate));
  EXPECT_TRUE(claude->may_use_instance("a"));
  EXPECT_FALSE(claude->may_use_instance("b"));
  EXPECT_FALSE(auth.authenticate(request(revoked)));
  EXPECT_FALSE(auth.authenticate(request("nope")));
  EXPECT_FALSE(auth.authenticate(request("")));
  auto op = auth.authenticate(request(kBackendToken));
  ASSERT_TRUE(op);
  EXPECT_EQ(op->client_id, "operator");
  EXPECT_TRUE(op->has_scope(dbot::mcp::Scope::admin));
}

TEST(ClientKeys, RejectsBadFiles) {
  for (
      const char* text :
      {"", "[]", R"({"clients":{}})", R"({"clients":[{"id":"x"}]})",
       R"({"clients":[{"id":"x","key_sha256":"abc","scopes":["read"]}]})",
       R"({"clients":[{"id":"operator","key_sha256":"0000000000000000000000000000000000000000000000000000000000000000","scopes":["read"]}]})",
       R"({"clients":[{"id":"x","key_sha256":"0000000000000000000000000000000000000000000000000000000000000000","scopes":["root"]}]})"}) {
    EXPECT_THROW(parse_client_keys(text), ConfigError) << text;
  }
}

TEST(Gateway, UnionListWithInstanceArgumentAndListInstances) {
  Fixture f;
  f.refresh();
  EXPECT_TRUE(f.gateway->ready());
  auto list = f.gateway->list_tools({});
  auto& tools = list.at("tools").as_array();
  ASSERT_EQ(tools.size(), 4u);  // list_guilds, whoami, ban_member, list_instances
  auto& whoami = tools[1].as_object();
  EXPECT_EQ(whoami.at("name"), json::value("whoami"));
  auto& instance = whoami.at("inputSchema").at("properties").at("instance");
  EXPECT_EQ(instance.at("enum"), json::value(json::array{"a", "b"}));
  EXPECT_EQ(tools[3].at("name"), json::value("list_instances"));

  auto instances = f.call("list_instances", {});
  EXPECT_EQ(Fixture::text(instances),
            "a | online | guilds: 100, 101\nb | online | guilds: 200\ndown | offline | guilds: none");
  EXPECT_EQ(instances.at("structuredContent").at("instances").at(2).at("online"), json::value(false));
}

TEST(Gateway, RoutesByInstanceThenGuild) {
  Fixture f;
  f.refresh();
  EXPECT_EQ(Fixture::text(f.call("whoami", {{"instance", "b"}})), "b:");
  EXPECT_EQ(Fixture::text(f.call("whoami", {{"guild_id", "101"}})), "a:101");
  EXPECT_EQ(Fixture::text(f.call("whoami", {{"guild_id", "200"}})), "b:200");
  // An explicit instance beats guild_id; guild_id stays in the arguments.
  EXPECT_EQ(Fixture::text(f.call("whoami", {{"guild_id", "200"}, {"instance", "a"}})), "a:200");

  auto none = f.call("whoami", {});
  EXPECT_EQ(none.at("isError"), json::value(true));
  EXPECT_EQ(Fixture::text(none), "Gateway error: No instance or guild_id specified. Available instances: a, b, down");
  auto unknown_guild = f.call("whoami", {{"guild_id", "999"}});
  EXPECT_EQ(unknown_guild.at("isError"), json::value(true));
  auto unknown_instance = f.call("whoami", {{"instance", "zzz"}});
  EXPECT_NE(Fixture::text(unknown_instance).find("instance 'zzz' not found"), std::string::npos);
  EXPECT_THROW(f.call("no_such_tool", {{"instance", "a"}}), dbot::mcp::jsonrpc::RpcException);
}

TEST(Gateway, DownBackendIsAnErrorResultAndOthersStillWork) {
  Fixture f;
  f.refresh();
  auto down = f.call("whoami", {{"instance", "down"}});
  EXPECT_EQ(down.at("isError"), json::value(true));
  EXPECT_NE(Fixture::text(down).find("unreachable"), std::string::npos);
  EXPECT_EQ(f.call("whoami", {{"instance", "a"}}).at("isError"), json::value(false));
}

TEST(Gateway, ReinitialisesOnceWhenTheBackendForgetsTheSession) {
  Fixture f;
  f.refresh();
  // The instance "restarts": a fresh endpoint knows no sessions.
  f.transport->endpoints["http://a/mcp"] = make_instance("a", {"100", "101"});
  EXPECT_EQ(Fixture::text(f.call("whoami", {{"instance", "a"}})), "a:");
  EXPECT_EQ(f.backends[0]->reinitialisations(), 1u);
}

TEST(Gateway, BackendCredentialMismatchIsAClearError) {
  Fixture f;
  auto wrong = std::make_shared<Backend>(BackendConfig{"a", "http://a/mcp"}, "wrong-token", f.transport);
  auto gateway = std::make_shared<GatewayServer>(f.io.get_executor(), std::vector{wrong}, GatewayOptions{});
  auto result = f.run(gateway->call_tool(json::object{{"name", "whoami"}, {"arguments", json::object{}}}, {}));
  EXPECT_EQ(result.at("isError"), json::value(true));
  EXPECT_NE(Fixture::text(result).find("HTTP 401"), std::string::npos);
  EXPECT_EQ(Fixture::text(result).find("wrong-token"), std::string::npos);
}

TEST(Gateway, ClientScopesAndInstancesFilterListAndCalls) {
  Fixture f;
  f.refresh();
  dbot::mcp::ClientIdentity reader;
  reader.client_id = "reader";
  reader.scopes =
      static_cast<std::uint8_t>(dbot::mcp::Scope::read) | static_cast<std::uint8_t>(dbot::mcp::Scope::write);
  reader.instances = std::vector<std::string>{"a"};
  auto list = f.gateway->list_tools(reader);
  for (const auto& tool : list.at("tools").as_array()) EXPECT_NE(tool.at("name"), json::value("ban_member"));
  EXPECT_EQ(list.at("tools").at(1).at("inputSchema").at("properties").at("instance").at("enum"),
            json::value(json::array{"a"}));
  EXPECT_THROW(f.call("ban_member", {{"instance", "a"}}, reader), dbot::mcp::jsonrpc::RpcException);
  // Only one allowed instance: no routing argument needed.
  EXPECT_EQ(Fixture::text(f.call("whoami", {}, reader)), "a:");
  EXPECT_EQ(f.call("whoami", {{"instance", "b"}}, reader).at("isError"), json::value(true));
  EXPECT_EQ(f.call("whoami", {{"guild_id", "200"}}, reader).at("isError"), json::value(true));
  auto instances = f.call("list_instances", {}, reader);
  EXPECT_EQ(Fixture::text(instances), "a | online | guilds: 100, 101");

  dbot::mcp::ClientIdentity moderator;
  EXPECT_EQ(Fixture::text(f.call("ban_member", {{"instance", "b"}}, moderator)), "User banned");
  auto metrics = f.gateway->metrics_text();
  EXPECT_NE(metrics.find("mcp_gateway_backend_up{instance=\"down\"} 0"), std::string::npos);
  EXPECT_NE(metrics.find("mcp_gateway_tool_calls_total{instance=\"b\",outcome=\"ok\"} 1"), std::string::npos);
}

}  // namespace
