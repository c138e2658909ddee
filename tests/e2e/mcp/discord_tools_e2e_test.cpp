// The real Discord tools, through the real MCP endpoint and the real REST
// client, against the Discord simulator's REST service in-process (no
// sockets: the REST client's transport hands requests to sim::Service).

#include <gtest/gtest.h>

#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "discord/rest_client.hpp"
#include "mcp/discord/discord_tools.hpp"
#include "mcp/tool_server.hpp"
#include "mcp/transport/http_endpoint.hpp"
#include "sim/service.hpp"
#include "sim/world.hpp"

namespace json = boost::json;
namespace net = dbot::net;
using namespace dbot;

namespace {

constexpr const char* kToken = "e2e-mcp-token-0123456789abcdef0123456789";

class McpOnSimulator : public ::testing::Test {
 protected:
  void SetUp() override {
    service = std::make_shared<sim::Service>(sim::World::make_default(), sim::Service::Options{});
    names = service->world().names;
    guild = names.guilds.at("Sandbox");
    auto svc = service;
    discord::HttpTransport transport = [svc](net::HttpRequest request,
                                             std::chrono::milliseconds) -> boost::asio::awaitable<net::HttpResponse> {
      // Absolute URL -> origin-form, as a server would see it.
      auto scheme = request.target.find("://");
      auto slash = request.target.find('/', scheme == std::string::npos ? 0 : scheme + 3);
      request.target = slash == std::string::npos ? "/" : request.target.substr(slash);
      std::lock_guard lock(svc->mutex);
      co_return svc->handle(request);
    };
    discord::RestOptions options;
    options.api_base = "http://sim.invalid/api";
    options.token = "sim-bot-token";
    options.retry_base = std::chrono::milliseconds(1);
    rest = std::make_shared<discord::RestClient>(io.get_executor(), options, transport);
    auto context = std::make_shared<mcp::DiscordToolsContext>();
    context->rest = rest;
    context->default_guild = Snowflake{guild};
    registry = std::make_shared<mcp::ToolRegistry>();
    mcp::register_discord_tools(*registry, context);
    recorder = std::make_shared<mcp::MemoryCallRecorder>();
    endpoint = std::make_shared<mcp::McpHttpEndpoint>(mcp::McpEndpointOptions{},
                                                      std::make_shared<mcp::StaticTokenAuthenticator>(kToken),
                                                      std::make_shared<mcp::ToolServer>(registry, recorder));
    session = initialize();
  }

  net::HttpResponse send(std::string body, bool with_session = true) {
    net::HttpRequest request;
    request.method = "POST";
    request.target = "/mcp";
    request.headers.set("Host", "127.0.0.1:9090");
    request.headers.set("Authorization", std::string("Bearer ") + kToken);
    request.headers.set("Content-Type", "application/json");
    request.headers.set("Accept", "application/json, text/event-stream");
    if (with_session) {
      request.headers.set("Mcp-Session-Id", session);
      request.headers.set("MCP-Protocol-Version", "2025-11-25");
    }
    request.body = std::move(body);
    std::optional<net::HttpResponse> out;
    std::exception_ptr failure;
    boost::asio::co_spawn(io, endpoint->handle(std::move(request)), [&](std::exception_ptr e, net::HttpResponse r) {
      failure = e;
      if (!e) out = std::move(r);
    });
    io.restart();
    io.run();
    if (failure) std::rethrow_exception(failure);
    return std::move(*out);
  }

  std::string initialize() {
    auto response = send(
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}})",
        false);
    EXPECT_EQ(response.status, 200u);
    return std::string(response.headers.get("Mcp-Session-Id").value_or(""));
  }

  // The JSON-RPC response object of a tools/call.
  json::object call(std::string tool, json::object args) {
    json::object params{{"name", tool}, {"arguments", std::move(args)}};
    json::object message{{"jsonrpc", "2.0"}, {"id", ++next_id}, {"method", "tools/call"}, {"params", params}};
    auto response = send(json::serialize(message));
    EXPECT_EQ(response.status, 200u) << response.body;
    return json::parse(response.body).as_object();
  }
  static std::string text(const json::object& response) {
    return std::string(response.at("result").at("content").at(0).at("text").as_string());
  }
  static bool is_error(const json::object& response) { return response.at("result").at("isError").as_bool(); }

  boost::asio::io_context io;
  std::shared_ptr<sim::Service> service;
  sim::SeedNames names;
  sim::Id guild = 0;
  std::shared_ptr<discord::RestClient> rest;
  std::shared_ptr<mcp::ToolRegistry> registry;
  std::shared_ptr<mcp::MemoryCallRecorder> recorder;
  std::shared_ptr<mcp::McpHttpEndpoint> endpoint;
  std::string session;
  int next_id = 0;
};

TEST_F(McpOnSimulator, ListsThe51SeedTools) {
  auto response = json::parse(send(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})").body);
  const auto& tools = response.at("result").at("tools").as_array();
  std::set<std::string> names_seen;
  for (const auto& t : tools) {
    names_seen.insert(std::string(t.at("name").as_string()));
    EXPECT_TRUE(t.at("annotations").as_object().contains("destructiveHint"));
    EXPECT_EQ(t.at("inputSchema").at("type"), json::value("object"));
  }
  const std::set<std::string> expected = {"list_guilds",
                                          "get_guild_info",
                                          "send_message",
                                          "delete_messages",
                                          "get_recent_messages",
                                          "search_messages",
                                          "add_reaction",
                                          "remove_reaction",
                                          "list_channels",
                                          "create_channel",
                                          "delete_channel",
                                          "edit_channel",
                                          "move_channel",
                                          "set_channel_permissions",
                                          "create_voice_channel",
                                          "create_stage_channel",
                                          "edit_voice_channel",
                                          "list_roles",
                                          "create_role",
                                          "delete_role",
                                          "edit_role",
                                          "list_members",
                                          "get_member",
                                          "assign_role",
                                          "remove_role",
                                          "ban_member",
                                          "unban_member",
                                          "kick_member",
                                          "timeout_member",
                                          "remove_timeout",
                                          "set_nickname",
                                          "get_bans",
                                          "move_voice_member",
                                          "disconnect_voice_member",
                                          "modify_voice_state",
                                          "send_private_message",
                                          "read_private_messages",
                                          "edit_private_message",
                                          "delete_private_message",
                                          "list_webhooks",
                                          "create_webhook",
                                          "delete_webhook",
                                          "send_webhook_message",
                                          "list_invites",
                                          "create_invite",
                                          "delete_invite",
                                          "get_invite_details",
                                          "list_emojis",
                                          "create_emoji",
                                          "edit_emoji",
                                          "delete_emoji"};
  EXPECT_EQ(tools.size(), 51u);
  EXPECT_EQ(names_seen, expected);
}

TEST_F(McpOnSimulator, ListGuildsCarriesStructuredGuildIds) {
  auto r = call("list_guilds", {});
  ASSERT_FALSE(is_error(r)) << text(r);
  EXPECT_NE(text(r).find("Sandbox | ID: " + std::to_string(guild)), std::string::npos);
  const auto& guilds = r.at("result").at("structuredContent").at("guilds").as_array();
  ASSERT_FALSE(guilds.empty());
  EXPECT_EQ(guilds[0].at("id"), json::value(std::to_string(guild)));
}

TEST_F(McpOnSimulator, SendMessageAppearsInTheSimulatorAndCanBeRead) {
  auto general = names.channels.at("general");
  auto r = call("send_message", {{"channel_id", std::to_string(general)}, {"content", "hello from mcp @everyone"}});
  ASSERT_FALSE(is_error(r)) << text(r);
  EXPECT_EQ(text(r).rfind("Message sent (ID: ", 0), 0u);
  bool found = false;
  {
    std::lock_guard lock(service->mutex);
    for (const auto& [id, m] : *service->world().channel_messages(general)) {
      if (m.content == "hello from mcp @everyone") found = true;
    }
  }
  EXPECT_TRUE(found);
  auto read = call("get_recent_messages", {{"channel_id", std::to_string(general)}, {"limit", 5}});
  EXPECT_NE(text(read).find("hello from mcp @everyone"), std::string::npos);
  auto search = call("search_messages", {{"channel_id", std::to_string(general)}, {"content", "FROM MCP"}});
  EXPECT_NE(text(search).find("found 1 match(es)"), std::string::npos) << text(search);
}

TEST_F(McpOnSimulator, BanRecordsTheAuditReasonAndShowsInGetBans) {
  auto bob = names.users.at("bob");
  auto r = call("ban_member", {{"user_id", std::to_string(bob)}, {"reason", "spamming links"}});
  ASSERT_FALSE(is_error(r)) << text(r);
  EXPECT_EQ(text(r), "User banned");
  {
    std::lock_guard lock(service->mutex);
    auto* g = service->world().guild(guild);
    ASSERT_TRUE(g->bans.count(bob));
    bool reason_seen = false;
    for (const auto& entry : g->audit_log) reason_seen = reason_seen || entry.reason == "spamming links";
    EXPECT_TRUE(reason_seen);
  }
  auto bans = call("get_bans", {});
  EXPECT_NE(text(bans).find("1 ban(s):"), std::string::npos) << text(bans);
}

TEST_F(McpOnSimulator, ValidationErrorsAreJsonRpcErrorsAndDiscordErrorsAreIsError) {
  auto bad_id = call("get_member", {{"user_id", "12abc"}});
  EXPECT_EQ(bad_id.at("error").at("code"), json::value(-32602));
  EXPECT_EQ(bad_id.at("error").at("message"), json::value("Invalid ID: 12abc"));

  auto missing = call("get_member", {{"user_id", "999999999999"}});
  ASSERT_TRUE(missing.contains("result")) << json::serialize(missing);
  EXPECT_TRUE(is_error(missing));
  EXPECT_NE(text(missing).find("Discord API error: HTTP 404"), std::string::npos) << text(missing);
  EXPECT_EQ(text(missing).find("sim-bot-token"), std::string::npos);
}

TEST_F(McpOnSimulator, ChannelMustBelongToTheGuild) {
  sim::Id other_channel = 0;
  {
    std::lock_guard lock(service->mutex);
    auto& w = service->world();
    auto other = w.add_guild("Other", names.users.at("owner"), 0);
    w.add_bot_to_guild(other, 1, 8);
    other_channel = w.add_channel(other, "elsewhere", 0);
  }
  auto r = call("send_message", {{"channel_id", std::to_string(other_channel)}, {"content", "x"}});
  ASSERT_TRUE(r.contains("error"));
  EXPECT_EQ(r.at("error").at("message"),
            json::value("Channel " + std::to_string(other_channel) + " is not in guild " + std::to_string(guild)));
}

TEST_F(McpOnSimulator, WebhookTokensNeverLeaveTheServer) {
  auto general = std::to_string(names.channels.at("general"));
  auto created = call("create_webhook", {{"channel_id", general}, {"name", "relay"}});
  ASSERT_FALSE(is_error(created)) << text(created);
  auto listed = call("list_webhooks", {{"channel_id", general}});
  std::string token;
  {
    std::lock_guard lock(service->mutex);
    for (const auto& [id, hook] : service->world().webhooks) token = hook.token;
  }
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(text(created).find(token), std::string::npos);
  EXPECT_EQ(text(listed).find(token), std::string::npos);
  EXPECT_NE(text(listed).find("relay (id="), std::string::npos);
  auto id = std::string(created.at("result").at("structuredContent").at("id").as_string());
  auto sent = call("send_webhook_message", {{"webhook_id", id}, {"content", "via hook"}});
  EXPECT_FALSE(is_error(sent)) << text(sent);
}

TEST_F(McpOnSimulator, TimeoutSendsTheReasonAndEveryCallIsRecorded) {
  auto alice = std::to_string(names.users.at("alice"));
  auto r = call("timeout_member", {{"user_id", alice}, {"duration", "10m"}, {"reason", "cool down"}});
  ASSERT_FALSE(is_error(r)) << text(r);
  EXPECT_EQ(text(r), "User timed out for 10m");
  auto too_long = call("timeout_member", {{"user_id", alice}, {"duration", "29d"}});
  EXPECT_TRUE(too_long.contains("error"));
  {
    std::lock_guard lock(service->mutex);
    bool reason_seen = false;
    for (const auto& entry : service->world().guild(guild)->audit_log) reason_seen |= entry.reason == "cool down";
    EXPECT_TRUE(reason_seen);
  }
  auto records = recorder->records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].tool, "timeout_member");
  EXPECT_EQ(records[0].outcome, "ok");
  EXPECT_EQ(records[1].outcome, "invalid");
}

}  // namespace
