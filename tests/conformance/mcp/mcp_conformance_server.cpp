// Test-only: an in-process Discord simulator plus N instance MCP servers (the
// real McpInstanceServer with the real Discord tools and REST client, over
// sockets on 127.0.0.1), for the node conformance tests. Prints
//   SIM_URL=http://127.0.0.1:P
//   MCP_URL=http://127.0.0.1:Q/mcp        (one line per instance)
//   READY
// and runs until stdin closes (the test's child process ends) or SIGTERM.
// Usage: mcp_conformance_server TOKEN [INSTANCES]

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "core/log.hpp"
#include "discord/rest_client.hpp"
#include "mcp/call_log.hpp"
#include "mcp/instance_server.hpp"
#include "net/http_client.hpp"
#include "sim/simulator.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: mcp_conformance_server TOKEN [INSTANCES]\n";
    return 2;
  }
  dbot::log::Options log_options;
  log_options.level = spdlog::level::warn;
  dbot::log::init(log_options);
  std::string token = argv[1];
  int instances = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;

  boost::asio::io_context io;
  dbot::sim::Simulator simulator(io.get_executor(), {});
  simulator.start();
  dbot::sim::Id guild = simulator.with_world([](dbot::sim::World& w) { return w.names.guilds.at("Sandbox"); });

  auto client = std::make_shared<dbot::net::HttpClient>(io.get_executor(), dbot::net::HttpClient::Options{});
  dbot::discord::RestOptions rest_options;
  rest_options.api_base = simulator.api_url();
  rest_options.token = "sim-bot-token";
  auto rest = std::make_shared<dbot::discord::RestClient>(io.get_executor(), rest_options,
                                                          dbot::discord::make_http_transport(client));
  auto context = std::make_shared<dbot::mcp::DiscordToolsContext>();
  context->rest = rest;
  context->default_guild = dbot::Snowflake{guild};

  std::vector<std::unique_ptr<dbot::mcp::McpInstanceServer>> servers;
  std::cout << "SIM_URL=" << simulator.http_url() << "\n";
  for (int i = 0; i < instances; ++i) {
    dbot::mcp::McpServerSettings settings;
    settings.port = 0;
    settings.auth_token = token;
    servers.push_back(std::make_unique<dbot::mcp::McpInstanceServer>(
        io.get_executor(), settings, context, std::make_shared<dbot::mcp::MemoryCallRecorder>()));
    servers.back()->start();
    std::cout << "MCP_URL=http://127.0.0.1:" << servers.back()->port() << "/mcp\n";
  }
  std::cout << "READY" << std::endl;

  auto stop = [&] {
    for (auto& server : servers) server->stop();
    simulator.stop();
    io.stop();
  };
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) { stop(); });
  // Ends by itself when the parent goes away (stdin closes).
  std::thread watcher([&] {
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    boost::asio::post(io, stop);
  });
  watcher.detach();
  io.run();
  return 0;
}
