// The mcp-gateway binary's startup refusals: one clear line, exit code 2,
// never a crash.

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

namespace {

struct Run {
  int exit_code = -1;
  std::string output;
};

Run run_gateway(const std::string& env) {
  std::string command = "env -i " + env + " timeout 20 " + DBOT_BIN_DIR "/mcp-gateway 2>&1";
  Run run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) run.output += buffer.data();
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

const std::string kToken = "MCP_AUTH_TOKEN=gateway-token-0123456789abcdef0123456789";

TEST(McpGatewayBinary, RefusesToStartWithoutAToken) {
  auto run = run_gateway("INSTANCES=a=http://127.0.0.1:1");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("MCP_AUTH_TOKEN"), std::string::npos) << run.output;
}

TEST(McpGatewayBinary, MalformedInstancesAreOneLineAndExitCode2) {
  for (const char* instances : {"INSTANCES=main", "INSTANCES=a=http://x,", "INSTANCES=a=ftp://x", "INSTANCES="}) {
    auto run = run_gateway(kToken + " '" + instances + "'");
    EXPECT_EQ(run.exit_code, 2) << instances << ": " << run.output;
    EXPECT_NE(run.output.find("INSTANCES"), std::string::npos) << run.output;
    EXPECT_EQ(std::count(run.output.begin(), run.output.end(), '\n'), 1) << run.output;
    EXPECT_EQ(run.output.find("gateway-token-0123"), std::string::npos);
  }
}

TEST(McpGatewayBinary, RefusesAShortTokenOnANonLoopbackBind) {
  auto run = run_gateway("INSTANCES=a=http://127.0.0.1:1 MCP_AUTH_TOKEN=short GATEWAY_BIND_ADDR=0.0.0.0");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("shorter than 32"), std::string::npos) << run.output;
}

}  // namespace
