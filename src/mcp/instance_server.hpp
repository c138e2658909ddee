#pragma once
// The MCP server of one bot instance: the boot rule, and the /mcp endpoint
// with the Discord tools behind the bearer check. It is a route on the
// instance's HTTP listener (bot/http_listener.hpp), which the runtime owns
// and binds at MCP_BIND_ADDR:MCP_PORT.

#include <memory>
#include <string>
#include <vector>

#include "mcp/call_log.hpp"
#include "mcp/discord/discord_tools.hpp"
#include "mcp/transport/http_endpoint.hpp"
#include "net/http_router.hpp"

namespace dbot::mcp {

struct McpServerSettings {
  std::string bind_address = "127.0.0.1";
  std::string auth_token;  // empty: no authentication (loopback only)
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> allowed_origins;
};

// The boot rule: a non-loopback bind needs a token of at least 32
// characters. Returns the one-line refusal, or "" when the settings are fine.
std::string mcp_boot_problem(const McpServerSettings& settings);

class McpInstanceServer {
 public:
  // Throws dbot::Error with mcp_boot_problem() when the boot rule fails.
  McpInstanceServer(McpServerSettings settings, std::shared_ptr<DiscordToolsContext> discord,
                    std::shared_ptr<CallRecorder> recorder);

  const std::string& path() const { return endpoint_->path(); }
  // The route handler for the instance's listener.
  net::HttpRouter::Handler handler() const;
  const ToolRegistry& registry() const { return *registry_; }
  McpHttpEndpoint& endpoint() { return *endpoint_; }

 private:
  std::shared_ptr<ToolRegistry> registry_;
  std::shared_ptr<McpHttpEndpoint> endpoint_;
};

}  // namespace dbot::mcp
