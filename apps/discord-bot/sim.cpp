// `discord-bot sim`: runs the Discord simulator alone (docs/simulator.md).

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>

#include "commands.hpp"
#include "core/address.hpp"
#include "core/error.hpp"
#include "core/shutdown.hpp"
#include "sim/simulator.hpp"

namespace dbot::app {
namespace {

struct SimFlags {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string seed;
  std::vector<std::string> tokens;
  bool allow_non_loopback = false;
  int heartbeat_ms = 41250;
  std::uint64_t disallowed_intents = 0;
  unsigned shards = 1;
};

int run_sim(const SimFlags& flags) {
  if (!is_valid_bind_address(flags.host)) {
    std::cerr << "discord-bot sim: --host " << flags.host << " is not an IP address or localhost.\n";
    return 2;
  }
  if (!is_loopback_address(flags.host) && !flags.allow_non_loopback) {
    std::cerr << "discord-bot sim: refusing to listen on non-loopback address " << flags.host
              << " (the simulator has no real authentication); pass --allow-non-loopback to force it.\n";
    return 2;
  }
  if (flags.port < 0 || flags.port > 65535) {
    std::cerr << "discord-bot sim: --port must be between 0 and 65535.\n";
    return 2;
  }
  boost::asio::io_context io;
  sim::Simulator::Options options;
  options.host = flags.host == "localhost" ? "127.0.0.1" : flags.host;
  options.port = static_cast<std::uint16_t>(flags.port);
  options.seed_file = flags.seed;
  if (!flags.tokens.empty()) options.tokens = flags.tokens;
  options.heartbeat_interval = std::chrono::milliseconds(flags.heartbeat_ms);
  options.disallowed_intents = flags.disallowed_intents;
  options.recommended_shards = flags.shards;
  try {
    sim::Simulator simulator(io.get_executor(), options);
    simulator.start();
    ShutdownCoordinator shutdown(io, std::chrono::seconds(5));
    shutdown.on_shutdown([&] { simulator.stop(); });
    std::cout << "Discord simulator listening\n"
              << "  REST:     " << simulator.api_url() << "/v10\n"
              << "  gateway:  " << simulator.gateway_url() << "/?v=10&encoding=json\n"
              << "  control:  " << simulator.http_url() << "/_sim/state\n"
              << "  port:     " << simulator.port() << "\n"
              << "  bot tokens: " << options.tokens.size() << " accepted (default sim-bot-token)\n"
              << std::flush;
    io.run();
  } catch (const Error& e) {
    std::cerr << "discord-bot sim: " << e.user_message() << "\n";
    spdlog::error("sim: {}", e.operator_detail());
    return 1;
  }
  return 0;
}

}  // namespace

void register_sim(CLI::App& app) {
  auto flags = std::make_shared<SimFlags>();
  auto* sub = app.add_subcommand("sim", "Run the Discord simulator alone (REST, gateway and /_sim/ control API)");
  sub->add_option("--port", flags->port, "TCP port (0 picks a free one and prints it)");
  sub->add_option("--host", flags->host, "Address to bind (loopback only unless --allow-non-loopback)");
  sub->add_option("--seed", flags->seed, "JSON seed file describing the world (default: the Sandbox guild)");
  sub->add_option("--token", flags->tokens, "Bot token to accept (repeatable; default sim-bot-token)");
  sub->add_flag("--allow-non-loopback", flags->allow_non_loopback, "Allow binding a non-loopback address");
  sub->add_option("--heartbeat-ms", flags->heartbeat_ms, "Gateway heartbeat interval sent in HELLO")
      ->check(CLI::Range(100, 600000));
  sub->add_option("--disallowed-intents", flags->disallowed_intents,
                  "Intent bits that IDENTIFY may not request (close 4014)");
  sub->add_option("--shards", flags->shards, "Shard count that /gateway/bot recommends")->check(CLI::Range(1, 1024));
  sub->callback([flags] { exit_code() = run_sim(*flags); });
}

}  // namespace dbot::app
