#include "mcp/instance_server.hpp"

#include <charconv>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/address.hpp"
#include "mcp/tool_server.hpp"
#include "net/http_server.hpp"

namespace dbot::mcp {

namespace {

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

McpServerSettings mcp_settings_from_env(const Env& env) {
  McpServerSettings settings;
  settings.bind_address = env.get_or("MCP_BIND_ADDR", "127.0.0.1");
  if (!is_valid_bind_address(settings.bind_address)) {
    throw Error("MCP_BIND_ADDR must be an IPv4 or IPv6 address (or localhost)");
  }
  if (auto port = env.get("MCP_PORT"); port && !port->empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port->data(), port->data() + port->size(), value);
    if (ec != std::errc() || end != port->data() + port->size() || value == 0 || value > 65535) {
      throw Error("MCP_PORT must be a number from 1 to 65535");
    }
    settings.port = static_cast<std::uint16_t>(value);
  }
  auto token = env.lookup("MCP_AUTH_TOKEN");
  if (!token.error.empty()) throw Error(token.error);
  settings.auth_token = token.value.value_or("");
  settings.allowed_hosts = split_list(env.get_or("MCP_ALLOWED_HOSTS", ""));
  settings.allowed_origins = split_list(env.get_or("MCP_ALLOWED_ORIGINS", ""));
  return settings;
}

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

McpInstanceServer::McpInstanceServer(boost::asio::any_io_executor executor, McpServerSettings settings,
                                     std::shared_ptr<DiscordToolsContext> discord,
                                     std::shared_ptr<CallRecorder> recorder)
    : executor_(std::move(executor)), settings_(std::move(settings)), registry_(std::make_shared<ToolRegistry>()) {
  if (auto problem = mcp_boot_problem(settings_); !problem.empty()) throw Error(problem);
  register_discord_tools(*registry_, std::move(discord));
  auto server = std::make_shared<ToolServer>(registry_, std::move(recorder));
  McpEndpointOptions options;
  options.allowed_hosts = settings_.allowed_hosts;
  options.allowed_origins = settings_.allowed_origins;
  endpoint_ = std::make_shared<McpHttpEndpoint>(
      options, std::make_shared<StaticTokenAuthenticator>(settings_.auth_token), std::move(server));
  router_.add(endpoint_);
}

McpInstanceServer::~McpInstanceServer() {
  if (server_) server_->stop();
}

void McpInstanceServer::add_route(std::string path, HttpRouter::Handler handler) {
  router_.add(std::move(path), std::move(handler));
}

void McpInstanceServer::start() {
  net::HttpServer::Options options;
  options.bind_address = settings_.bind_address;
  options.port = settings_.port;
  // The webhook route may need more than MCP's cap; the endpoint enforces 64 KiB itself.
  options.max_body_bytes = 256 * 1024;
  server_ = std::make_unique<net::HttpServer>(executor_, options, router_.handler());
  try {
    server_->start();
  } catch (const Error& e) {
    server_.reset();
    throw Error(fmt::format("MCP server failed to bind {}:{}: {}. Is the port already in use?", settings_.bind_address,
                            settings_.port, e.user_message()),
                e.operator_detail());
  }
  if (settings_.auth_token.empty()) {
    spdlog::warn("MCP server on {} has no authentication (MCP_AUTH_TOKEN is empty); loopback only",
                 settings_.bind_address);
  }
  spdlog::info("MCP server listening on {}:{}", settings_.bind_address, server_->port());
}

void McpInstanceServer::stop() {
  if (server_) server_->stop();
}

std::uint16_t McpInstanceServer::port() const { return server_ ? server_->port() : 0; }

}  // namespace dbot::mcp
