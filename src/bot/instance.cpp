#include "bot/instance.hpp"

#include <chrono>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "bot/command/slash.hpp"
#include "bot/context.hpp"
#include "bot/http_listener.hpp"
#include "core/error.hpp"
#include "core/spawn.hpp"
#include "db/migrations.hpp"
#include "db/pool.hpp"
#include "db/schema_lease.hpp"
#include "discord/gateway.hpp"
#include "discord/models_json.hpp"
#include "net/http_client.hpp"

namespace dbot::bot {
namespace asio = boost::asio;
namespace json = boost::json;
namespace perm = discord::permission;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Everything the features need. GUILD_MEMBERS and MESSAGE_CONTENT are
// privileged: the operator enables them in the developer portal.
constexpr std::uint64_t kIntents = discord::intents::guilds | discord::intents::guild_members |
                                   discord::intents::guild_moderation | discord::intents::guild_voice_states |
                                   discord::intents::guild_messages | discord::intents::direct_messages |
                                   discord::intents::message_content;

void log_failure(const std::string& instance, const char* what, const std::exception& e) {
  spdlog::error("[{}] {} failed: {}", instance, what, e.what());
}

std::vector<const LimiterDef*> declared_limiters(std::span<const FeatureModule> modules) {
  std::vector<const LimiterDef*> defs;
  for (const auto& module : modules) defs.insert(defs.end(), module.limiters.begin(), module.limiters.end());
  defs.push_back(&kRefusalReplies);
  return defs;
}

}  // namespace

std::string permission_names(std::uint64_t bits) {
  struct Name {
    discord::Permissions bit;
    const char* name;
  };
  static const Name kNames[] = {{perm::administrator, "Administrator"},
                                {perm::ban_members, "Ban Members"},
                                {perm::kick_members, "Kick Members"},
                                {perm::moderate_members, "Timeout Members"},
                                {perm::manage_messages, "Manage Messages"},
                                {perm::manage_roles, "Manage Roles"},
                                {perm::manage_channels, "Manage Channels"},
                                {perm::manage_guild, "Manage Server"},
                                {perm::manage_webhooks, "Manage Webhooks"},
                                {perm::connect, "Connect"},
                                {perm::speak, "Speak"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((bits & bit.bits) != 0) out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out;
}

Instance::Instance(asio::any_io_executor executor, config::InstanceConfig config, InstanceOptions options,
                   std::shared_ptr<net::HttpClient> http, std::span<const FeatureModule> modules)
    : executor_(executor),
      config_(std::move(config)),
      options_(std::move(options)),
      name_(config_.dir.filename().string()),
      http_(std::move(http)),
      limiters_(declared_limiters(modules)),
      supervisor_(executor) {
  if (name_.empty()) name_ = config_.bot_name;
  for (const auto& module : modules) {
    if (module.make) features_.push_back(module.make());
  }
  discord::RestOptions rest_options;
  rest_options.api_base = config_.env.discord_api_base;
  rest_options.token = config_.env.discord_token;
  rest_ = std::make_shared<discord::RestClient>(executor_, rest_options, discord::make_http_transport(http_));
}

Instance::~Instance() = default;

db::Pool& Instance::db() { return *pool_; }

std::string Instance::prefix_text() const { return config_.cmd_prefix(); }

std::string Instance::presence_json() const {
  // "@ me" only while AI chat answers mentions (its feature registers `ask` then).
  const bool chat = commands_.find({"ask"}) != nullptr;
  const json::object activity{{"name", prefix_text() + (chat ? "help or @ me" : "help")}, {"type", 0}};
  return json::serialize(
      json::object{{"since", nullptr}, {"activities", json::array{activity}}, {"status", "online"}, {"afk", false}});
}

asio::awaitable<void> Instance::run() {
  const auto& schema = config_.env.db_schema;
  // 1. Database: exclusive use of the schema, then migrations.
  // g++ 12 rejects braced temporaries inside coroutines: build them first.
  db::LeaseOptions lease_options;
  lease_options.url = options_.database_url;
  lease_options.schema = schema;
  lease_options.holder = name_;
  lease_ = co_await db::SchemaLease::acquire(std::move(lease_options));
  const auto report = co_await db::migrate(options_.database_url, schema);
  spdlog::info("[{}] Database initialized (schema: {}; {} migrations applied now, {} before)", name_, schema,
               report.applied.size(), report.already_applied);
  co_await lease_->heartbeat();
  db::PoolOptions pool_options;
  pool_options.url = options_.database_url;
  pool_options.schema = schema;
  pool_ = std::make_shared<db::Pool>(executor_, std::move(pool_options));
  settings_ = std::make_unique<GuildSettingsStore>(*pool_);

  // 2. Features declare their commands, buttons, events and tasks.
  install_builtin_commands();
  for (auto& feature : features_) feature->install(*this, registry_);
  check_limiters_declared();
  start_http_listener();
  spdlog::info("[{}] Instance config loaded: {} (prefix: {}), {} commands", name_, config_.bot_name,
               config_.command_prefix, commands_.all().size());

  supervisor_.spawn(
      {"rate_limiter_cleanup", std::chrono::seconds(60), std::chrono::seconds(300), [this]() -> asio::awaitable<void> {
         limiters_.cleanup_all();
         co_return;
       }});
  // Every 15 s: a lost lease is noticed within one interval, which bounds how
  // long two instances can both act on the schema after a database blip.
  supervisor_.spawn({"schema_lease_heartbeat", std::chrono::seconds(15), std::chrono::seconds(15),
                     [this]() -> asio::awaitable<void> { co_await heartbeat_or_fence(); }});
  for (auto& task : registry_.tasks()) supervisor_.spawn(task);

  // 3. Discord.
  discord::GatewayOptions gateway_options;
  gateway_options.token = config_.env.discord_token;
  gateway_options.intents = kIntents;
  gateway_options.shard_count = config_.env.shard_count;
  gateway_options.shard_ids = config_.env.shard_ids;
  // Validated by the config loader; the parse only maps the name to the enum.
  if (!discord::parse_gateway_compression(config_.env.discord_compression, gateway_options.compression)) {
    throw Error("DISCORD_COMPRESSION is not a known compression.", "gateway: unknown DISCORD_COMPRESSION");
  }
  gateway_options.presence_json = presence_json();
  gateway_ = std::make_unique<discord::GatewayClient>(
      executor_, gateway_options, *rest_,
      [this](discord::Dispatch& dispatch) -> asio::awaitable<void> { co_await on_dispatch(dispatch); });
  spdlog::info("[{}] Starting bot...", name_);
  co_await gateway_->run();
  discord_refusal_ = gateway_->fatal_failure();

  supervisor_.stop();
  if (http_listener_) http_listener_->stop();
  if (lease_) co_await lease_->release();
  if (pool_) pool_->close();
  spdlog::info("[{}] Stopped", name_);
}

asio::awaitable<void> Instance::heartbeat_or_fence() {
  try {
    co_await lease_->heartbeat();
    co_return;
  } catch (const db::SchemaLeaseLost& e) {
    lease_lost_ = e.operator_detail();
  }
  // Fencing: another instance owns the schema now, so this one must stop
  // acting on it (and on Discord as that bot) at once. Posted, because stop()
  // also stops the supervisor running this very task.
  spdlog::error("[{}] {}; stopping this instance", name_, lease_lost_);
  asio::post(executor_, [this] { stop(); });
}

bool Instance::lease_ready() const { return lease_ && lease_->held(); }

void Instance::stop() {
  if (stopping_.exchange(true)) return;
  supervisor_.stop();
  for (auto& feature : features_) feature->stop();
  if (http_listener_) http_listener_->stop();
  if (gateway_) gateway_->stop();
}

void Instance::start_http_listener() {
  if (registry_.http_routes().empty()) return;
  HttpListenerSettings settings;
  settings.bind_address = config_.env.mcp_bind_addr;
  settings.port = config_.env.mcp_port;
  http_listener_ = std::make_unique<HttpListener>(executor_, settings, registry_.http_routes());
  http_listener_->start();
  spdlog::info("[{}] HTTP listener on {}:{}", name_, settings.bind_address, http_listener_->port());
}

asio::awaitable<bool> Instance::database_ready() {
  if (!pool_) co_return false;
  try {
    co_await pool_->query("SELECT 1");
    co_return true;
  } catch (const std::exception&) {
    co_return false;
  }
}

bool Instance::shards_ready() const {
  if (!gateway_) return false;
  const auto states = gateway_->shard_states();
  if (states.empty()) return false;
  for (const auto state : states) {
    if (state != discord::ShardState::connected) return false;
  }
  return true;
}

asio::awaitable<void> Instance::on_dispatch(discord::Dispatch& dispatch) {
  // The cache sees every event first, in order; handlers then run as their
  // own tasks so a slow command never holds up the shard.
  const auto event = discord::event_named(dispatch.name);
  cache_.apply(event, dispatch.data);
  if (event == discord::Event::ready) co_await on_ready(dispatch);

  // Parsed once, only when someone needs the model: the command framework
  // (messages, interactions) or a feature's typed listener.
  const bool for_commands = event == discord::Event::message_create || event == discord::Event::interaction_create;
  if ((for_commands || registry_.wants(event)) && dispatch.data.is_object()) {
    auto parsed = std::make_shared<const discord::ParsedEvent>(discord::parse_event(event, dispatch.data));
    if (const auto* message = std::get_if<discord::Message>(parsed.get())) {
      spawn(executor_, handle_message(*message), "[" + name_ + "] Handling a message");
    } else if (const auto* interaction = std::get_if<discord::Interaction>(parsed.get())) {
      spawn(executor_, handle_interaction(*interaction), "[" + name_ + "] Handling an interaction");
    }
    for (const auto* handler : registry_.handlers_for(event)) {
      spawn(
          executor_,
          [this, handler, parsed, event]() -> asio::awaitable<void> {
            try {
              co_await (*handler)(*parsed);
            } catch (const std::exception& e) {
              log_failure(name_, std::string(discord::event_name(event)).c_str(), e);
            }
          },
          "[" + name_ + "] " + std::string(discord::event_name(event)) + " listener");
    }
  }
  for (const auto* handler : registry_.raw_handlers_for(dispatch.name)) {
    // The dispatch is shared by the handlers and outlives this call.
    auto shared = std::make_shared<discord::Dispatch>(
        discord::Dispatch{dispatch.shard_id, dispatch.name, dispatch.sequence, dispatch.data});
    spawn(
        executor_,
        [this, handler, shared]() -> asio::awaitable<void> {
          try {
            co_await (*handler)(*shared);
          } catch (const std::exception& e) {
            log_failure(name_, shared->name.c_str(), e);
          }
        },
        "[" + name_ + "] " + shared->name + " handler");
  }
}

asio::awaitable<void> Instance::on_ready(const discord::Dispatch& dispatch) {
  const auto& d = dispatch.data.as_object();
  if (const auto* user = d.if_contains("user"); user && user->is_object()) {
    if (const auto* id = user->as_object().if_contains("id"); id && id->is_string()) {
      if (auto parsed = Snowflake::parse(std::string(id->as_string()))) self_id_ = parsed->value;
    }
    spdlog::info("[{}] {} is connected! (ID: {})", name_, config_.bot_name, self_id_.load());
  }
  bool in_guild = false;
  if (const auto* guilds = d.if_contains("guilds"); guilds && guilds->is_array()) {
    for (const auto& guild : guilds->as_array()) {
      const auto* id = guild.is_object() ? guild.as_object().if_contains("id") : nullptr;
      if (id && id->is_string() && id->as_string() == config_.env.guild_id.str()) in_guild = true;
    }
  }
  if (!in_guild && dispatch.shard_id == config_.env.guild_id.shard_for(std::max(1u, gateway_->shard_count()))) {
    spdlog::warn(
        "[{}] The bot is NOT a member of GUILD_ID {}: invite it to that server (MCP defaults and background jobs use "
        "it)",
        name_, config_.env.guild_id.str());
  }
  if (options_.register_slash_commands && !slash_registered_.exchange(true)) {
    spawn(executor_, register_slash_commands(), "[" + name_ + "] Registering slash commands");
  }
  co_return;
}

asio::awaitable<void> Instance::register_slash_commands() {
  try {
    co_await rest_->bulk_overwrite_commands(config_.env.client_id, config_.env.guild_id,
                                            slash_commands_json(commands_));
    spdlog::info("[{}] Registered {} slash commands in guild {}", name_, commands_.all().size(),
                 config_.env.guild_id.str());
  } catch (const std::exception& e) {
    slash_registered_ = false;
    log_failure(name_, "Registering slash commands", e);
  }
}

bool Instance::has_permissions(const CommandSpec& spec, Snowflake guild, Snowflake channel, Snowflake user,
                               const std::optional<discord::Member>& member) const {
  if (spec.required_permissions == 0) return true;
  if (guild.value == 0) return false;
  std::optional<discord::Permissions> granted;
  if (spec.permission_scope == PermissionScope::channel) {
    // An unknown channel (not cached) refuses rather than fall back to the
    // server-wide permissions an overwrite may take away.
    if (member) granted = cache_.channel_permissions(channel, *member, now_ms());
    if (!granted) granted = cache_.channel_permissions(channel, user, now_ms());
  } else {
    if (member) granted = cache_.guild_permissions(guild, *member, now_ms());
    if (!granted) granted = cache_.guild_permissions(guild, user, now_ms());
  }
  return granted && granted->has(discord::Permissions{spec.required_permissions});
}

std::string Instance::refusal_for(const CommandSpec& spec, Snowflake guild, Snowflake channel, Snowflake user,
                                  const std::optional<discord::Member>& member) {
  if (spec.guild_only && guild.value == 0) return "This command only works in a server, not in DMs.";
  if (!has_permissions(spec, guild, channel, user, member)) {
    return "You need the " +
           (spec.permission_names.empty() ? permission_names(spec.required_permissions) : spec.permission_names) +
           " permission" + (spec.permission_scope == PermissionScope::channel ? " in this channel" : "") +
           " to use this command.";
  }
  if (spec.rate_limiter != nullptr) {
    if (auto wait = limiters_[*spec.rate_limiter].try_acquire(user.value)) {
      const auto seconds = (wait->count() + 999) / 1000;
      return "You're doing that too often. Try again in " + std::to_string(seconds) + " second" +
             (seconds == 1 ? "" : "s") + ".";
    }
  }
  return {};
}

bool Instance::may_answer_refusal(Snowflake user) {
  if (!limiters_[kRefusalReplies].try_acquire(user.value)) return true;
  spdlog::debug("[{}] Not answering a refused command from {}: too many refusals answered recently", name_, user.str());
  return false;
}

void Instance::check_limiters_declared() const {
  const auto check = [this](const LimiterDef* def, std::string_view user) {
    if (def != nullptr && !limiters_.contains(*def)) {
      throw std::logic_error(std::string(user) + " uses rate limiter '" + std::string(def->name) +
                             "', which no feature module declares");
    }
  };
  for (const auto& command : commands_.all()) check(command->spec.rate_limiter, "a command");
  for (const auto& button : registry_.buttons()) check(button.rate_limiter, "button '" + button.prefix + "'");
}

}  // namespace dbot::bot
