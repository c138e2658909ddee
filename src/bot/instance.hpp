#pragma once
// One bot instance: one token, one instance directory, one schema. Owns its
// Discord connection, cache, database pool, rate limiters, features and
// background tasks; shares the event loop and HTTP client with the other
// instances of the process.

#include <atomic>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "bot/command/registry.hpp"
#include "bot/feature.hpp"
#include "bot/guild_settings.hpp"
#include "core/config/instance_config.hpp"
#include "core/rate_limiter.hpp"
#include "core/supervisor.hpp"
#include "discord/cache.hpp"
#include "discord/rest_client.hpp"

namespace dbot::net {
class HttpClient;
}
namespace dbot::db {
class Pool;
class SchemaLease;
}  // namespace dbot::db
namespace dbot::discord {
class GatewayClient;
struct Dispatch;
}  // namespace dbot::discord

namespace dbot::bot {

struct InstanceOptions {
  bool register_slash_commands = true;
  // Where the database is (DATABASE_URL or the embedded cluster's URL).
  std::string database_url;
};

struct InteractionState;
class CommandContext;

// Refusals (missing permission, "too often", server only) answered in a
// channel, per user: beyond this the refused command gets no answer, so a
// user cannot make the bot post one reply per command they spam.
inline constexpr LimiterDef kRefusalReplies{"refusal replies", 3, std::chrono::seconds(30)};

class HttpListener;

class Instance {
 public:
  Instance(boost::asio::any_io_executor executor, config::InstanceConfig config, InstanceOptions options,
           std::shared_ptr<net::HttpClient> http, std::span<const FeatureModule> modules);
  ~Instance();
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  // Database (migrations, schema lease), features, then Discord. Returns when
  // the instance has stopped. Throws dbot::Error when start-up fails.
  boost::asio::awaitable<void> run();
  void stop();

  const config::InstanceConfig& config() const { return config_; }
  const std::string& name() const { return name_; }
  boost::asio::any_io_executor executor() const { return executor_; }
  discord::RestClient& rest() { return *rest_; }
  std::shared_ptr<discord::RestClient> rest_shared() { return rest_; }
  discord::Cache& cache() { return cache_; }
  db::Pool& db();
  std::shared_ptr<db::Pool> db_shared() { return pool_; }
  RateLimiterRegistry& limiters() { return limiters_; }
  GuildSettingsStore& settings() { return *settings_; }
  const CommandRegistry& commands() const { return commands_; }
  const FeatureRegistry& registry() const { return registry_; }
  Snowflake self_id() const { return Snowflake{self_id_.load()}; }
  std::shared_ptr<net::HttpClient> http() const { return http_; }

  // Readiness: the database answers and every shard is connected.
  boost::asio::awaitable<bool> database_ready();
  bool shards_ready() const;
  // Why Discord refused this instance for good (bad token, disallowed
  // intents, bad shard settings); empty unless run() ended that way.
  const std::string& discord_refusal() const { return discord_refusal_; }
  // Readiness of the schema lease: held, not lost to another instance.
  bool lease_ready() const;
  // Why this instance stopped because another took its schema; empty unless so.
  const std::string& lease_lost() const { return lease_lost_; }

  // Whether `user` holds the permissions `spec` requires (from the cache):
  // server-wide, or in `channel` (overwrites included) for channel-scoped commands.
  bool has_permissions(const CommandSpec& spec, Snowflake guild, Snowflake channel, Snowflake user,
                       const std::optional<discord::Member>& member) const;

  // "!m " (or "!" with an empty root).
  std::string prefix_text() const;

 private:
  boost::asio::awaitable<void> on_dispatch(discord::Dispatch& dispatch);
  boost::asio::awaitable<void> on_ready(const discord::Dispatch& dispatch);
  boost::asio::awaitable<void> handle_message(discord::Message message);
  boost::asio::awaitable<void> handle_interaction(discord::Interaction interaction);
  boost::asio::awaitable<void> run_command(CommandContext& context);
  boost::asio::awaitable<void> run_button(std::shared_ptr<InteractionState> state);
  boost::asio::awaitable<void> register_slash_commands();
  boost::asio::awaitable<void> acknowledge_if_slow(std::shared_ptr<InteractionState> state,
                                                   discord::InteractionCallback deferral_type);
  // Refusals that apply to every path (permissions, rate limits, guild only);
  // returns the sentence to answer with, or empty when the call may proceed.
  std::string refusal_for(const CommandSpec& spec, Snowflake guild, Snowflake channel, Snowflake user,
                          const std::optional<discord::Member>& member);
  // Whether a refusal may be answered in the channel: at most
  // kRefusalReplies per user, so refused commands cannot make the bot spam.
  bool may_answer_refusal(Snowflake user);
  std::string presence_json() const;
  // The lease heartbeat; stops the instance when another took the schema.
  boost::asio::awaitable<void> heartbeat_or_fence();
  void install_builtin_commands();
  // Opens the instance's HTTP listener when a feature routed a path.
  void start_http_listener();
  // Every limiter a command or button names is one a module declared.
  void check_limiters_declared() const;

  boost::asio::any_io_executor executor_;
  config::InstanceConfig config_;
  InstanceOptions options_;
  std::string name_;
  std::shared_ptr<net::HttpClient> http_;
  std::shared_ptr<discord::RestClient> rest_;
  discord::Cache cache_;
  std::unique_ptr<discord::GatewayClient> gateway_;
  std::shared_ptr<db::Pool> pool_;
  std::unique_ptr<db::SchemaLease> lease_;
  std::unique_ptr<GuildSettingsStore> settings_;
  std::unique_ptr<HttpListener> http_listener_;
  RateLimiterRegistry limiters_;
  Supervisor supervisor_;
  CommandRegistry commands_;
  FeatureRegistry registry_{commands_};
  std::vector<std::unique_ptr<Feature>> features_;
  std::atomic<std::uint64_t> self_id_{0};
  std::atomic<bool> slash_registered_{false};
  std::atomic<bool> stopping_{false};
  std::string discord_refusal_;
  std::string lease_lost_;
};

// The Discord permission names of a bitmask, e.g. "Ban Members, Kick Members".
std::string permission_names(std::uint64_t bits);

}  // namespace dbot::bot
