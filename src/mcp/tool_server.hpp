#pragma once
// The per-instance MCP application: tools/list and tools/call over a
// ToolRegistry, filtered by the caller's scopes, with every call recorded.

#include <cstddef>
#include <memory>
#include <string>

#include "mcp/call_log.hpp"
#include "mcp/tool_registry.hpp"
#include "mcp/transport/http_endpoint.hpp"

namespace dbot::mcp {

struct ToolServerOptions {
  std::string name = "discord-bot";
  std::string version = DBOT_VERSION;
  std::string instructions;
  std::size_t page_size = 100;  // tools per tools/list page
};

class ToolServer : public McpMethodHandler {
 public:
  ToolServer(std::shared_ptr<const ToolRegistry> registry, std::shared_ptr<CallRecorder> recorder,
             ToolServerOptions options = {});

  json::object server_info() const override;
  json::object capabilities() const override;
  std::string instructions() const override { return options_.instructions; }
  boost::asio::awaitable<json::value> handle_request(const std::string& method, const json::object& params,
                                                     const RequestContext& context) override;

  // tools/list and tools/call without the transport (used by tests).
  json::object list_tools(const json::object& params, const ClientIdentity& client) const;
  boost::asio::awaitable<json::object> call_tool(const json::object& params, const RequestContext& context);

 private:
  std::shared_ptr<const ToolRegistry> registry_;
  std::shared_ptr<CallRecorder> recorder_;
  ToolServerOptions options_;
};

}  // namespace dbot::mcp
