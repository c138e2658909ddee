#pragma once
// One process running one or more instances on one event loop: shared HTTP
// client, shared embedded Postgres (per data directory), one health listener,
// graceful shutdown on SIGINT/SIGTERM. Start-up order: every instance's local
// configuration is validated first (by the caller), then cross-instance rules,
// then databases, then Discord.

#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bot/feature.hpp"
#include "core/config/instance_config.hpp"
#include "core/shutdown.hpp"

namespace dbot::bot {

class Instance;

struct ProcessOptions {
  bool register_slash_commands = true;
  // The feature modules every instance runs (features::all_modules()).
  std::span<const FeatureModule> modules;
  std::chrono::milliseconds shutdown_deadline{kBotShutdownDeadline};
  // Runs when shutdown begins, after the instances were told to stop: lets a
  // caller stop what it put on the same event loop (the sandbox's simulator).
  std::function<void()> on_shutdown;
};

// `discord-bot run`'s exit code when Discord refused an instance for good
// (close codes 4004, 4010-4014: bad token, shard settings, API version or
// intents). 78 is EX_CONFIG: restarting cannot help until the configuration
// changes, so the systemd unit lists it in RestartPreventExitStatus.
inline constexpr int kExitDiscordRefused = 78;
// `discord-bot run`'s exit code when an instance lost its schema lease to
// another running instance (after a database blip) and stopped itself so the
// two never act on one schema together. 75 is EX_TEMPFAIL: a restart waits
// for the lease like any start (and fails while the other instance runs).
inline constexpr int kExitSchemaLeaseLost = 75;

class BotProcess {
 public:
  explicit BotProcess(ProcessOptions options);
  ~BotProcess();

  boost::asio::io_context& io() { return io_; }

  // Problems that only show across instances: the same token twice, the
  // same schema twice in one database. Empty when all is well.
  static std::vector<std::string> cross_instance_problems(const std::vector<config::InstanceConfig>& configs);

  // Starts databases (blocking for an embedded cluster), the health listener
  // and every instance, then runs the event loop until shutdown. Returns the
  // process exit code: 0 after a clean shutdown, 1 when start-up failed or
  // an instance crashed, kExitDiscordRefused after a fatal Discord close,
  // kExitSchemaLeaseLost when another instance took a schema.
  int run(std::vector<config::InstanceConfig> configs);

  // Asks everything to stop (as SIGTERM does). Safe from any thread.
  void request_stop();

  std::vector<Instance*> instances();

 private:
  struct Impl;
  ProcessOptions options_;
  boost::asio::io_context io_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dbot::bot
