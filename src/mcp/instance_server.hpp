#pragma once
// The MCP server of one bot instance: settings from the instance's env
// (MCP_PORT, MCP_BIND_ADDR, MCP_AUTH_TOKEN, MCP_ALLOWED_HOSTS,
// MCP_ALLOWED_ORIGINS), the boot rule, and a listener that serves /mcp with
// the Discord tools plus any extra routes (the chargeback webhook) outside
// the bearer check.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "core/env.hpp"
#include "mcp/call_log.hpp"
#include "mcp/discord/discord_tools.hpp"
#include "mcp/transport/http_endpoint.hpp"

namespace dbot::net {
class HttpServer;
}

namespace dbot::mcp {

struct McpServerSettings {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 9090;
  std::string auth_token;  // empty: no authentication (loopback only)
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> allowed_origins;
};

// Reads the settings; throws dbot::Error with one line naming the variable.
McpServerSettings mcp_settings_from_env(const Env& env);

// The boot rule: a non-loopback bind needs a token of at least 32
// characters. Returns the one-line refusal, or "" when the settings are fine.
std::string mcp_boot_problem(const McpServerSettings& settings);

class McpInstanceServer {
 public:
  // Throws dbot::Error with mcp_boot_problem() when the boot rule fails.
  McpInstanceServer(boost::asio::any_io_executor executor, McpServerSettings settings,
                    std::shared_ptr<DiscordToolsContext> discord, std::shared_ptr<CallRecorder> recorder);
  ~McpInstanceServer();

  // Adds a route on the same listener, outside the MCP bearer check. Call
  // before start().
  void add_route(std::string path, HttpRouter::Handler handler);
  // Binds; throws dbot::Error "MCP server failed to bind ...".
  void start();
  void stop();
  std::uint16_t port() const;
  const ToolRegistry& registry() const { return *registry_; }
  McpHttpEndpoint& endpoint() { return *endpoint_; }

 private:
  boost::asio::any_io_executor executor_;
  McpServerSettings settings_;
  std::shared_ptr<ToolRegistry> registry_;
  std::shared_ptr<McpHttpEndpoint> endpoint_;
  HttpRouter router_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace dbot::mcp
