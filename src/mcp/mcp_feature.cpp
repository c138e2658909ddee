#include "mcp/mcp_feature.hpp"

#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "mcp/instance_server.hpp"

namespace dbot::mcp {
namespace {

class McpFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "mcp"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    const auto& env = instance.config().env;
    McpServerSettings settings;
    settings.bind_address = env.mcp_bind_addr;
    settings.auth_token = env.mcp_auth_token;
    settings.allowed_hosts = env.mcp_allowed_hosts;
    settings.allowed_origins = env.mcp_allowed_origins;
    auto discord = std::make_shared<DiscordToolsContext>();
    discord->rest = instance.rest_shared();
    discord->default_guild = env.guild_id;
    // Throws the boot rule's refusal (a non-loopback bind without a strong token).
    server_ = std::make_unique<McpInstanceServer>(std::move(settings), discord,
                                                  std::make_shared<DbCallRecorder>(instance.db_shared()));
    registry.add_http_endpoint(server_->path(), server_->handler());
    if (env.mcp_auth_token.empty()) {
      spdlog::warn("[{}] MCP server on {} has no authentication (MCP_AUTH_TOKEN is empty); loopback only",
                   instance.name(), env.mcp_bind_addr);
    }
    spdlog::info("[{}] MCP server at {}:{}{}", instance.name(), env.mcp_bind_addr, env.mcp_port, server_->path());
  }

 private:
  std::unique_ptr<McpInstanceServer> server_;
};

}  // namespace

std::unique_ptr<bot::Feature> make_mcp_feature() { return std::make_unique<McpFeature>(); }

}  // namespace dbot::mcp
