#include "bot/runtime/bot_process.hpp"

#include <map>
#include <set>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

#include "bot/instance.hpp"
#include "bot/runtime/database_host.hpp"
#include "core/shutdown.hpp"
#include "net/health_server.hpp"
#include "net/http_client.hpp"

namespace dbot::bot {
namespace asio = boost::asio;

struct BotProcess::Impl {
  DatabaseHost databases;
  std::unique_ptr<ShutdownCoordinator> shutdown;
  std::unique_ptr<net::HealthServer> health;
  std::vector<std::unique_ptr<Instance>> instances;
  std::size_t running = 0;
  bool failed = false;
};

BotProcess::BotProcess(ProcessOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {}

BotProcess::~BotProcess() = default;

std::vector<Instance*> BotProcess::instances() {
  std::vector<Instance*> out;
  for (auto& instance : impl_->instances) out.push_back(instance.get());
  return out;
}

std::vector<std::string> BotProcess::cross_instance_problems(const std::vector<config::InstanceConfig>& configs) {
  std::vector<std::string> problems;
  std::map<std::string, std::string> tokens;                           // token -> dir
  std::map<std::pair<std::string, std::string>, std::string> schemas;  // (database, schema) -> dir
  for (const auto& config : configs) {
    const auto dir = config.dir.string();
    if (auto [it, inserted] = tokens.emplace(config.env.discord_token, dir); !inserted) {
      problems.push_back(dir + " uses the same DISCORD_TOKEN as " + it->second + ": one token can run only one bot");
    }
    const auto database =
        config.env.database_url ? *config.env.database_url : DatabaseHost::embedded_directory(config).string();
    if (auto [it, inserted] = schemas.emplace(std::pair{database, config.env.db_schema}, dir); !inserted) {
      problems.push_back(dir + " uses DB_SCHEMA '" + config.env.db_schema + "' like " + it->second +
                         ": each instance needs its own schema");
    }
  }
  return problems;
}

void BotProcess::request_stop() {
  asio::post(io_, [this] {
    if (impl_->shutdown) impl_->shutdown->request("stop requested");
  });
}

int BotProcess::run(std::vector<config::InstanceConfig> configs) {
  for (const auto& problem : cross_instance_problems(configs)) spdlog::error("{}", problem);
  if (!cross_instance_problems(configs).empty()) return 1;
  if (configs.empty()) return 0;

  impl_->shutdown = std::make_unique<ShutdownCoordinator>(io_, options_.shutdown_deadline);
  auto http = std::make_shared<net::HttpClient>(io_.get_executor(), net::HttpClient::Options{});

  // One health listener per process, configured by the first instance.
  const auto first = configs.front().env;  // a copy: the configs are moved below
  impl_->health = std::make_unique<net::HealthServer>(
      io_.get_executor(),
      net::HealthServer::Options{.bind_address = first.health_bind_addr, .port = first.health_port});

  for (auto& config : configs) {
    std::string url;
    try {
      url = impl_->databases.url_for(config);
    } catch (const std::exception& e) {
      spdlog::error("{}: the database is not available: {}", config.dir.string(), e.what());
      return 1;
    }
    impl_->instances.push_back(std::make_unique<Instance>(
        io_.get_executor(), std::move(config),
        InstanceOptions{.register_slash_commands = options_.register_slash_commands, .database_url = url}, http,
        options_.modules));
  }

  for (auto& instance : impl_->instances) {
    auto* raw = instance.get();
    impl_->health->add_readiness_check("database:" + raw->name(),
                                       [raw]() -> asio::awaitable<bool> { co_return co_await raw->database_ready(); });
    impl_->health->add_readiness_check("shards:" + raw->name(),
                                       [raw]() -> asio::awaitable<bool> { co_return raw->shards_ready(); });
    impl_->health->add_readiness_check("schema_lease:" + raw->name(),
                                       [raw]() -> asio::awaitable<bool> { co_return raw->lease_ready(); });
  }
  try {
    impl_->health->start();
    spdlog::info("Health endpoints on http://{}:{}/healthz, /readyz, /metrics", first.health_bind_addr,
                 impl_->health->port());
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }

  // Handlers run last-registered first: instances stop before the caller's hook.
  if (options_.on_shutdown) impl_->shutdown->on_shutdown(options_.on_shutdown);
  impl_->shutdown->on_shutdown([this] {
    for (auto& instance : impl_->instances) instance->stop();
    impl_->health->stop();
  });

  impl_->running = impl_->instances.size();
  for (auto& instance : impl_->instances) {
    asio::co_spawn(io_, instance->run(), [this, raw = instance.get()](std::exception_ptr error) {
      if (error) {
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          spdlog::error("[{}] stopped: {}", raw->name(), e.what());
        }
        impl_->failed = true;
      }
      // The process lives while any instance does; the last one out stops
      // the shared services so the event loop can drain.
      if (--impl_->running == 0) {
        impl_->health->stop();
        impl_->shutdown->request("every instance has stopped");
      }
    });
  }

  io_.run();
  bool refused = false;
  for (const auto& instance : impl_->instances) {
    if (instance->discord_refusal().empty()) continue;
    refused = true;
    spdlog::error("[{}] Discord refused this bot, so the process exits with code {} (restarting will not help): {}",
                  instance->name(), kExitDiscordRefused, instance->discord_refusal());
  }
  bool fenced = false;
  for (const auto& instance : impl_->instances) {
    if (instance->lease_lost().empty()) continue;
    fenced = true;
    spdlog::error("[{}] Another instance took this instance's schema, so the process exits with code {}: {}",
                  instance->name(), kExitSchemaLeaseLost, instance->lease_lost());
  }
  impl_->instances.clear();
  impl_->databases.stop_all();
  if (refused) return kExitDiscordRefused;
  if (fenced) return kExitSchemaLeaseLost;
  return impl_->failed ? 1 : 0;
}

}  // namespace dbot::bot
