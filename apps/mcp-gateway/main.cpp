// mcp-gateway: one authenticated MCP endpoint in front of many bot instances
// (SPEC.md §8, docs/mcp.md). Configured by environment variables; a bad
// configuration is one line on stderr and exit code 2.

#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>

#include "core/env.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/shutdown.hpp"
#include "gateway/client_keys.hpp"
#include "gateway/config.hpp"
#include "gateway/gateway_server.hpp"
#include "gateway/http_transport.hpp"
#include "mcp/transport/http_endpoint.hpp"
#include "net/http_client.hpp"
#include "net/http_router.hpp"
#include "net/http_server.hpp"

namespace {

boost::asio::awaitable<dbot::net::HttpResponse> plain(unsigned status, std::string body) {
  auto response = dbot::net::HttpResponse::text(status, std::move(body));
  response.headers.set("Cache-Control", "no-store");
  co_return response;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mcp-gateway: one authenticated MCP endpoint in front of many bot instances (version " DBOT_VERSION
               ").\nConfigured by GATEWAY_PORT, GATEWAY_BIND_ADDR, INSTANCES, MCP_AUTH_TOKEN, BACKEND_AUTH_TOKEN, "
               "MCP_CLIENT_KEYS_FILE, MCP_ALLOWED_HOSTS, MCP_ALLOWED_ORIGINS, GATEWAY_CALL_TIMEOUT_MS, "
               "GATEWAY_REFRESH_SECONDS; see docs/mcp.md."};
  app.set_version_flag("--version", DBOT_VERSION);
  CLI11_PARSE(app, argc, argv);

  std::string log_problems;
  dbot::log::init(dbot::log::options_from_env(&log_problems));
  if (!log_problems.empty()) std::cerr << log_problems;

  dbot::gateway::GatewayConfig config;
  std::vector<dbot::gateway::ClientKey> keys;
  try {
    config = dbot::gateway::load_gateway_config(dbot::Env::from_map(dbot::process_environment()));
    if (!config.client_keys_file.empty()) keys = dbot::gateway::load_client_keys(config.client_keys_file);
  } catch (const std::exception& e) {
    std::cerr << "mcp-gateway: " << e.what() << "\n";
    return 2;
  }

  try {
    boost::asio::io_context io;
    auto client = std::make_shared<dbot::net::HttpClient>(io.get_executor(), dbot::net::HttpClient::Options{
                                                                                 .user_agent = "mcp-gateway",
                                                                                 .timeout = config.call_timeout,
                                                                             });
    auto transport = std::make_shared<dbot::gateway::HttpClientTransport>(client);
    std::vector<std::shared_ptr<dbot::gateway::Backend>> backends;
    for (const auto& backend : config.backends) {
      backends.push_back(std::make_shared<dbot::gateway::Backend>(backend, config.backend_token, transport));
    }
    auto gateway = std::make_shared<dbot::gateway::GatewayServer>(
        io.get_executor(), backends, dbot::gateway::GatewayOptions{config.call_timeout, config.refresh_interval});

    dbot::mcp::McpEndpointOptions endpoint_options;
    endpoint_options.allowed_hosts = config.allowed_hosts;
    endpoint_options.allowed_origins = config.allowed_origins;
    auto authenticator = std::make_shared<dbot::gateway::ClientKeyAuthenticator>(keys, config.auth_token);
    auto endpoint = std::make_shared<dbot::mcp::McpHttpEndpoint>(endpoint_options, authenticator, gateway);

    dbot::net::HttpRouter router;
    router.add(endpoint->path(),
               [endpoint](dbot::net::HttpRequest request) { return endpoint->handle(std::move(request)); });
    router.add("/healthz", [](dbot::net::HttpRequest) { return plain(200, "ok\n"); });
    router.add("/readyz", [gateway](dbot::net::HttpRequest) {
      return gateway->ready() ? plain(200, "ready\n") : plain(503, "no instance is reachable\n");
    });
    router.add("/metrics", [gateway](dbot::net::HttpRequest) -> boost::asio::awaitable<dbot::net::HttpResponse> {
      auto response = dbot::net::HttpResponse::text(200, gateway->metrics_text());
      response.headers.set("Content-Type", "text/plain; version=0.0.4");
      co_return response;
    });

    dbot::net::HttpServer::Options server_options;
    server_options.bind_address = config.bind_address;
    server_options.port = config.port;
    server_options.max_body_bytes = 64 * 1024;
    dbot::net::HttpServer server(io.get_executor(), server_options, router.handler());
    server.start();
    gateway->start();
    spdlog::info("MCP gateway listening on {}:{} in front of {} instance(s){}", config.bind_address, server.port(),
                 backends.size(), keys.empty() ? "" : fmt::format(", {} client key(s)", keys.size()));

    dbot::ShutdownCoordinator shutdown(io, dbot::kGatewayShutdownDeadline);
    shutdown.on_shutdown([&server, gateway] {
      gateway->stop();
      server.stop();
    });
    io.run();
  } catch (const dbot::Error& e) {
    std::cerr << "mcp-gateway: " << e.user_message() << "\n";
    spdlog::debug("{}", e.operator_detail());
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "mcp-gateway: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
