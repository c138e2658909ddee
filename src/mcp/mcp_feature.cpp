#include "mcp/mcp_feature.hpp"

#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "core/error.hpp"
#include "mcp/instance_server.hpp"

namespace dbot::mcp {
namespace asio = boost::asio;
namespace {

// A plain function rather than a coroutine lambda: g++ 12 mishandles
// by-value parameters of coroutine lambdas.
asio::awaitable<net::HttpResponse> serve_feature_route(std::string method, bot::HttpHandler handler,
                                                       net::HttpRequest request) {
  if (request.method != method) {
    auto response = net::HttpResponse::json(405, R"({"error":"Method Not Allowed"})");
    response.headers.set("Allow", method);
    co_return response;
  }
  co_return co_await handler(std::move(request));
}

class McpFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "mcp"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    const auto& env = instance.config().env;
    McpServerSettings settings;
    settings.bind_address = env.mcp_bind_addr;
    settings.port = env.mcp_port;
    settings.auth_token = env.mcp_auth_token;
    settings.allowed_hosts = env.mcp_allowed_hosts;
    settings.allowed_origins = env.mcp_allowed_origins;
    if (const auto problem = mcp_boot_problem(settings); !problem.empty()) throw Error(problem);
    auto discord = std::make_shared<DiscordToolsContext>();
    discord->rest = instance.rest_shared();
    discord->default_guild = env.guild_id;
    server_ = std::make_unique<McpInstanceServer>(instance.executor(), settings, discord,
                                                  std::make_shared<DbCallRecorder>(instance.db_shared()));
    // Routes other features declared (webhooks): this feature is installed
    // last (apps/discord-bot/run.cpp), so they are all known by now.
    for (const auto& route : registry.http_routes()) {
      server_->add_route(route.path, [method = route.method, handler = route.handler](net::HttpRequest request) {
        return serve_feature_route(method, handler, std::move(request));
      });
    }
    server_->start();
    spdlog::info("[{}] MCP server listening on {}:{}", instance.name(), settings.bind_address, server_->port());
  }

  void stop() override {
    if (server_) server_->stop();
  }

 private:
  std::unique_ptr<McpInstanceServer> server_;
};

}  // namespace

std::unique_ptr<bot::Feature> make_mcp_feature() { return std::make_unique<McpFeature>(); }

}  // namespace dbot::mcp
