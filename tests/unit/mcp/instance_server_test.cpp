#include "mcp/instance_server.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

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
  McpServerSettings settings;
  settings.bind_address = "192.0.2.10";
  EXPECT_THROW(
      McpInstanceServer(settings, std::make_shared<DiscordToolsContext>(), std::make_shared<NullCallRecorder>()),
      dbot::Error);
}

}  // namespace
