// A running bot's MCP server takes its Host and Origin allowlists from the
// instance's .env: the Compose gateway reaches it as `Host: bot-<name>:9090`
// (MCP_ALLOWED_HOSTS), and a browser client's Origin is accepted only when
// MCP_ALLOWED_ORIGINS lists it. Anything else is 403 before authentication.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "e2e/support/bot_harness.hpp"
#include "e2e/support/http.hpp"

namespace dbot::test {
namespace {

constexpr const char* kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",)"
    R"("capabilities":{},"clientInfo":{"name":"host-origin-test","version":"1"}}})";

std::string mcp_port_of(const std::filesystem::path& instance) {
  std::ifstream in(instance / ".env");
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::smatch match;
  if (!std::regex_search(text, match, std::regex("\\nMCP_PORT=(\\d+)\\n"))) return {};
  return match[1];
}

unsigned initialize(const std::string& port, const std::string& host, const std::string& origin = {}) {
  net::Headers headers;
  headers.set("Content-Type", "application/json");
  headers.set("Accept", "application/json, text/event-stream");
  headers.set("Host", host);
  if (!origin.empty()) headers.set("Origin", origin);
  return static_cast<unsigned>(http_request("POST", "http://127.0.0.1:" + port + "/mcp", kInitialize, headers).status);
}

TEST(McpInstanceAllowlists, HostAndOriginFollowTheInstanceEnv) {
  SimProcess sim;
  TempDir dir;
  const auto instance = write_instance(
      sim, dir.path(), "example",
      {.schema = unique_schema("e2e_mcp_allow"),
       .extra_env = {{"MCP_ALLOWED_HOSTS", "bot-example"}, {"MCP_ALLOWED_ORIGINS", "https://app.example.com"}}});
  const auto port = mcp_port_of(instance);
  ASSERT_FALSE(port.empty());
  BotProcess bot({instance});
  ASSERT_TRUE(bot.wait_until_connected()) << bot.output();

  // What the Compose gateway sends.
  EXPECT_EQ(initialize(port, "bot-example:9090"), 200u);
  EXPECT_EQ(initialize(port, "bot-example"), 200u);
  EXPECT_EQ(initialize(port, "bot-other:9090"), 403u);
  // Loopback names are always fine.
  EXPECT_EQ(initialize(port, "127.0.0.1:" + port), 200u);

  EXPECT_EQ(initialize(port, "127.0.0.1:" + port, "https://app.example.com"), 200u);
  EXPECT_EQ(initialize(port, "127.0.0.1:" + port, "https://evil.example.com"), 403u);
  EXPECT_EQ(initialize(port, "127.0.0.1:" + port, "http://127.0.0.1:3000"), 200u);
}

TEST(McpInstanceAllowlists, AMalformedOriginListStopsTheInstance) {
  SimProcess sim;
  TempDir dir;
  const auto instance = write_instance(
      sim, dir.path(), "example",
      {.schema = unique_schema("e2e_mcp_allow"), .extra_env = {{"MCP_ALLOWED_ORIGINS", "app.example.com/path"}}});
  BotProcess bot({instance});
  const auto code = bot.process().wait(std::chrono::seconds(30));
  ASSERT_TRUE(code.has_value()) << bot.output();
  EXPECT_NE(*code, 0);
  EXPECT_NE(bot.output().find("MCP_ALLOWED_ORIGINS"), std::string::npos) << bot.output();
}

}  // namespace
}  // namespace dbot::test
