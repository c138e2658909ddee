#include "mcp/instance_server.hpp"

#include <fmt/format.h>

#include "core/address.hpp"
#include "core/error.hpp"
#include "mcp/tool_server.hpp"

namespace dbot::mcp {

std::string mcp_boot_problem(const McpServerSettings& settings) {
  if (is_loopback_address(settings.bind_address)) return {};
  if (settings.auth_token.empty()) {
    return fmt::format(
        "Refusing to start: MCP_AUTH_TOKEN is empty but MCP_BIND_ADDR={} is not loopback. This would expose "
        "destructive Discord tools (ban, delete-channel, send-message, ...) to the network with no auth. Set "
        "MCP_AUTH_TOKEN to a strong secret (openssl rand -hex 32), or set MCP_BIND_ADDR=127.0.0.1.",
        settings.bind_address);
  }
  if (settings.auth_token.size() < 32) {
    return fmt::format(
        "Refusing to start: MCP_AUTH_TOKEN is shorter than 32 characters and MCP_BIND_ADDR={} is not loopback. "
        "Use a strong secret (openssl rand -hex 32).",
        settings.bind_address);
  }
  return {};
}

McpInstanceServer::McpInstanceServer(McpServerSettings settings, std::shared_ptr<DiscordToolsContext> discord,
                                     std::shared_ptr<CallRecorder> recorder)
    : registry_(std::make_shared<ToolRegistry>()) {
  if (auto problem = mcp_boot_problem(settings); !problem.empty()) throw Error(problem);
  register_discord_tools(*registry_, std::move(discord));
  auto server = std::make_shared<ToolServer>(registry_, std::move(recorder));
  McpEndpointOptions options;
  options.allowed_hosts = std::move(settings.allowed_hosts);
  options.allowed_origins = std::move(settings.allowed_origins);
  endpoint_ = std::make_shared<McpHttpEndpoint>(
      options, std::make_shared<StaticTokenAuthenticator>(settings.auth_token), std::move(server));
}

net::HttpRouter::Handler McpInstanceServer::handler() const {
  return [endpoint = endpoint_](net::HttpRequest request) { return endpoint->handle(std::move(request)); };
}

}  // namespace dbot::mcp
