#pragma once
// The MCP gateway application behind an McpHttpEndpoint: the union of every
// backend's tools (each with an optional `instance` argument) plus
// `list_instances`, routing of tools/call by instance or by guild id (learned
// from list_guilds' structuredContent), per-client scopes and instance
// allowlists, an overall per-call deadline, and background refreshes that
// run for every backend in parallel.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "gateway/backend.hpp"
#include "mcp/transport/http_endpoint.hpp"

namespace dbot::gateway {

struct GatewayOptions {
  std::chrono::milliseconds call_timeout{60000};
  std::chrono::seconds refresh_interval{60};
};

// Counters for /metrics (Prometheus text).
struct GatewayCounters {
  std::map<std::string, std::uint64_t> calls;  // "instance|outcome" -> count
  std::uint64_t call_microseconds_total = 0;
  std::uint64_t call_count = 0;
};

class GatewayServer : public mcp::McpMethodHandler {
 public:
  GatewayServer(boost::asio::any_io_executor executor, std::vector<std::shared_ptr<Backend>> backends,
                GatewayOptions options);

  json::object server_info() const override;
  json::object capabilities() const override;
  std::string instructions() const override;
  boost::asio::awaitable<json::value> handle_request(const std::string& method, const json::object& params,
                                                     const mcp::RequestContext& context) override;

  // Refreshes every backend in parallel and returns when all are done.
  boost::asio::awaitable<void> refresh_all();
  // Starts the periodic background refresh (one loop per backend).
  void start();
  void stop();

  bool ready() const;  // at least one backend answered its last refresh
  std::string metrics_text() const;

  json::object list_tools(const mcp::ClientIdentity& client) const;
  boost::asio::awaitable<json::object> call_tool(const json::object& params, const mcp::ClientIdentity& client);

 private:
  std::shared_ptr<Backend> find(std::string_view name) const;
  json::object list_instances(const mcp::ClientIdentity& client) const;
  void count(const std::string& instance, const std::string& outcome, std::chrono::microseconds took);

  boost::asio::any_io_executor executor_;
  std::vector<std::shared_ptr<Backend>> backends_;
  GatewayOptions options_;
  std::shared_ptr<std::atomic<bool>> stopped_ = std::make_shared<std::atomic<bool>>(false);
  std::vector<std::shared_ptr<boost::asio::steady_timer>> timers_;
  GatewayCounters counters_;
};

// The scope a backend tool needs: the backend's own `_meta` declaration when
// present ("io.github.dbot/scope"), else derived from its annotations
// (read-only -> read, destructive -> moderate, otherwise write).
mcp::Scope scope_of_tool(const json::object& tool);

}  // namespace dbot::gateway
