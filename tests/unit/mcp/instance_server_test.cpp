#include "mcp/instance_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

using namespace dbot::mcp;

namespace {

TEST(McpBootRule, NonLoopbackNeedsAStrongToken) {
  McpServerSettings settings;
  settings.bind_address = "0.0.0.0";
  auto problem = mcp_boot_problem(settings);
  EXPECT_NE(problem.find("Refusing to start"), std::string::npos);
  EXPECT_NE(problem.find("MCP_BIND_ADDR=0.0.0.0"), std::string::npos);
  settings.auth_token = "short-token";
  problem = mcp_boot_problem(settings);
  EXPECT_NE(problem.find("shorter than 32"), std::string::npos);
  EXPECT_EQ(problem.find("short-token"), std::string::npos);  // never echo the secret
  settings.auth_token = std::string(32, 'x');
  EXPECT_EQ(mcp_boot_problem(settings), "");
  settings.bind_address = "127.0.0.2";  // parsed, not string-matched: still loopback
  settings.auth_token.clear();
  EXPECT_EQ(mcp_boot_problem(settings), "");
  settings.bind_address = "[::1]";
  EXPECT_EQ(mcp_boot_problem(settings), "");
}

TEST(McpBootRule, TheServerRefusesToBeBuilt) {
  boost::asio::io_context io;
  McpServerSettings settings;
  settings.bind_address = "192.0.2.10";
  EXPECT_THROW(McpInstanceServer(io.get_executor(), settings, std::make_shared<DiscordToolsContext>(),
                                 std::make_shared<NullCallRecorder>()),
               dbot::Error);
}

TEST(McpSettings, FromEnv) {
  auto settings = mcp_settings_from_env(dbot::Env::from_map(
      {{"MCP_PORT", "9191"}, {"MCP_BIND_ADDR", "::1"}, {"MCP_ALLOWED_HOSTS", "bot, mcp.example.com"}}));
  EXPECT_EQ(settings.port, 9191);
  EXPECT_EQ(settings.bind_address, "::1");
  EXPECT_EQ(settings.allowed_hosts, (std::vector<std::string>{"bot", "mcp.example.com"}));
  EXPECT_THROW(mcp_settings_from_env(dbot::Env::from_map({{"MCP_PORT", "70000"}})), dbot::Error);
  EXPECT_THROW(mcp_settings_from_env(dbot::Env::from_map({{"MCP_BIND_ADDR", "not-an-ip"}})), dbot::Error);
}

}  // namespace
