#include "gateway/gateway_server.hpp"
#include "core/spawn.hpp"

#include <atomic>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace dbot::gateway {

namespace rpc = mcp::jsonrpc;

namespace {

constexpr const char* kScopeMetaKey = "io.github.dbot/scope";

json::object error_result(std::string text) {
  json::array content;
  content.push_back(json::object{{"type", "text"}, {"text", "Gateway error: " + text}});
  return json::object{{"content", std::move(content)}, {"isError", true}};
}

bool annotation(const json::object& tool, std::string_view hint) {
  const json::value* annotations = tool.if_contains("annotations");
  if (!annotations || !annotations->is_object()) return false;
  const json::value* v = annotations->as_object().if_contains(hint);
  return v && v->is_bool() && v->as_bool();
}

}  // namespace

mcp::Scope scope_of_tool(const json::object& tool) {
  if (const json::value* meta = tool.if_contains("_meta"); meta && meta->is_object()) {
    if (const json::value* s = meta->as_object().if_contains(kScopeMetaKey); s && s->is_string()) {
      if (auto scope = mcp::parse_scope(s->as_string())) return *scope;
    }
  }
  if (annotation(tool, "readOnlyHint")) return mcp::Scope::read;
  if (annotation(tool, "destructiveHint")) return mcp::Scope::moderate;
  return mcp::Scope::write;
}

GatewayServer::GatewayServer(boost::asio::any_io_executor executor, std::vector<std::shared_ptr<Backend>> backends,
                             GatewayOptions options)
    : executor_(std::move(executor)), backends_(std::move(backends)), options_(options) {}

json::object GatewayServer::server_info() const { return {{"name", "mcp-gateway"}, {"version", DBOT_VERSION}}; }

json::object GatewayServer::capabilities() const { return {{"tools", json::object{{"listChanged", false}}}}; }

std::string GatewayServer::instructions() const {
  return "This gateway fronts several Discord bot instances. Pass `instance` (see list_instances) or a `guild_id` "
         "that one instance serves; with a single instance neither is needed.";
}

std::shared_ptr<Backend> GatewayServer::find(std::string_view name) const {
  for (const auto& backend : backends_) {
    if (backend->name() == name) return backend;
  }
  return nullptr;
}

boost::asio::awaitable<json::value> GatewayServer::handle_request(const std::string& method, const json::object& params,
                                                                  const mcp::RequestContext& context) {
  if (method == "tools/list") co_return list_tools(context.client);
  if (method == "tools/call") co_return co_await call_tool(params, context.client);
  throw rpc::RpcException(rpc::kMethodNotFound, "Method not found: " + method);
}

json::object GatewayServer::list_tools(const mcp::ClientIdentity& client) const {
  // name -> index in `tools`, and the instances offering each tool.
  std::vector<json::object> tools;
  std::vector<json::array> offered_by;
  std::map<std::string, std::size_t, std::less<>> index;
  for (const auto& backend : backends_) {
    if (!client.may_use_instance(backend->name())) continue;
    for (const auto& tool : backend->tools()) {
      const json::value* name = tool.if_contains("name");
      if (!name || !name->is_string()) continue;
      if (!client.has_scope(scope_of_tool(tool))) continue;
      auto [it, inserted] = index.try_emplace(std::string(name->as_string()), tools.size());
      if (inserted) {
        tools.push_back(tool);
        offered_by.emplace_back();
      }
      offered_by[it->second].push_back(json::value(backend->name()));
    }
  }
  json::array out;
  for (std::size_t i = 0; i < tools.size(); ++i) {
    json::object tool = tools[i];
    json::value& schema = tool["inputSchema"];
    if (!schema.is_object()) schema = json::object{{"type", "object"}};
    json::value& properties = schema.as_object()["properties"];
    if (!properties.is_object()) properties = json::object{};
    properties.as_object()["instance"] = json::object{
        {"type", "string"},
        {"description",
         "Which bot instance runs this tool (see list_instances). Optional: without it the gateway routes by "
         "guild_id, or to the only instance."},
        {"enum", offered_by[i]}};
    out.push_back(std::move(tool));
  }
  out.push_back(json::object{
      {"name", "list_instances"},
      {"title", "List instances"},
      {"description", "Lists the bot instances behind this gateway, whether each is online, and the guilds it serves."},
      {"inputSchema", json::object{{"type", "object"}, {"properties", json::object{}}}},
      {"annotations",
       json::object{
           {"readOnlyHint", true}, {"destructiveHint", false}, {"idempotentHint", true}, {"openWorldHint", false}}}});
  return json::object{{"tools", std::move(out)}};
}

json::object GatewayServer::list_instances(const mcp::ClientIdentity& client) const {
  std::string text;
  json::array instances;
  for (const auto& backend : backends_) {
    if (!client.may_use_instance(backend->name())) continue;
    std::string guilds;
    json::array ids;
    for (const auto& id : backend->guild_ids()) {
      if (!guilds.empty()) guilds += ", ";
      guilds += id;
      ids.push_back(json::value(id));
    }
    if (!text.empty()) text += "\n";
    text += fmt::format("{} | {} | guilds: {}", backend->name(), backend->online() ? "online" : "offline",
                        guilds.empty() ? "none" : guilds);
    instances.push_back(
        json::object{{"name", backend->name()}, {"online", backend->online()}, {"guilds", std::move(ids)}});
  }
  if (text.empty()) text = "No instances are available to this client.";
  json::array content;
  content.push_back(json::object{{"type", "text"}, {"text", text}});
  return json::object{{"content", std::move(content)},
                      {"isError", false},
                      {"structuredContent", json::object{{"instances", std::move(instances)}}}};
}

void GatewayServer::count(const std::string& instance, const std::string& outcome, std::chrono::microseconds took) {
  ++counters_.calls[instance + "|" + outcome];
  counters_.call_microseconds_total += static_cast<std::uint64_t>(std::max<std::int64_t>(0, took.count()));
  ++counters_.call_count;
}

boost::asio::awaitable<json::object> GatewayServer::call_tool(const json::object& params,
                                                              const mcp::ClientIdentity& client) {
  auto started = Clock::now();
  auto deadline = started + options_.call_timeout;
  const json::value* name_value = params.if_contains("name");
  if (!name_value || !name_value->is_string()) {
    throw rpc::RpcException(rpc::kInvalidParams, "Invalid params: name is required");
  }
  std::string name(name_value->as_string());
  json::object args;
  if (const json::value* a = params.if_contains("arguments"); a && !a->is_null()) {
    if (!a->is_object()) throw rpc::RpcException(rpc::kInvalidParams, "Invalid params: arguments must be an object");
    args = a->as_object();
  }

  if (name == "list_instances") {
    co_await refresh_all();
    count("-", "ok", std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started));
    co_return list_instances(client);
  }

  std::vector<std::shared_ptr<Backend>> allowed;
  std::string available;
  for (const auto& backend : backends_) {
    if (!client.may_use_instance(backend->name())) continue;
    allowed.push_back(backend);
    if (!available.empty()) available += ", ";
    available += backend->name();
  }
  if (available.empty()) available = "none";

  std::shared_ptr<Backend> target;
  if (const json::value* instance = args.if_contains("instance"); instance && !instance->is_null()) {
    if (!instance->is_string())
      throw rpc::RpcException(rpc::kInvalidParams, "Invalid params: instance must be a string");
    std::string wanted(instance->as_string());
    args.erase("instance");
    for (const auto& backend : allowed) {
      if (backend->name() == wanted) target = backend;
    }
    if (!target) {
      count("-", "routing", {});
      co_return error_result(fmt::format("instance '{}' not found. Available instances: {}", wanted, available));
    }
  } else if (const json::value* guild = args.if_contains("guild_id");
             guild && guild->is_string() && !guild->as_string().empty()) {
    std::string wanted(guild->as_string());
    for (const auto& backend : allowed) {
      for (const auto& id : backend->guild_ids()) {
        if (id == wanted && !target) target = backend;
      }
    }
    if (!target) {
      count("-", "routing", {});
      co_return error_result(
          fmt::format("guild '{}' is not served by any instance. Available instances: {}", wanted, available));
    }
  } else if (allowed.size() == 1) {
    target = allowed.front();
  } else {
    count("-", "routing", {});
    co_return error_result(fmt::format("No instance or guild_id specified. Available instances: {}", available));
  }

  // The tool must exist on that backend, and the client needs its scope.
  auto definition = [&]() -> const json::object* {
    for (const auto& tool : target->tools()) {
      if (const json::value* n = tool.if_contains("name"); n && n->is_string() && n->as_string() == name) return &tool;
    }
    return nullptr;
  };
  if (!definition()) co_await target->refresh(deadline);
  const json::object* tool = definition();
  if (!tool) {
    if (!target->online()) {
      count(target->name(), "unreachable", {});
      co_return error_result(target->last_error());
    }
    throw rpc::RpcException(rpc::kInvalidParams, fmt::format("Unknown tool: {}", name));
  }
  mcp::Scope needed = scope_of_tool(*tool);
  if (!client.has_scope(needed)) {
    throw rpc::RpcException(rpc::kInvalidParams,
                            fmt::format("Tool '{}' is not available to this client (it needs the '{}' scope)", name,
                                        mcp::scope_name(needed)));
  }

  std::optional<rpc::RpcError> rpc_failure;
  std::string failure;
  json::value result;
  json::object forward;
  forward["name"] = name;
  forward["arguments"] = std::move(args);
  try {
    std::string method = "tools/call";
    result = co_await target->call(std::move(method), std::move(forward), deadline);
  } catch (const BackendRpcError& e) {
    rpc_failure = rpc::RpcError{e.code(), e.user_message(), std::nullopt};
  } catch (const Error& e) {
    failure = e.user_message();
  } catch (const std::exception& e) {
    spdlog::error("gateway: call to {} failed: {}", target->name(), e.what());
    failure = fmt::format("instance '{}' failed", target->name());
  }
  auto took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
  if (rpc_failure) {
    count(target->name(), "rpc_error", took);
    throw rpc::RpcException(*rpc_failure);
  }
  if (!failure.empty() || !result.is_object()) {
    count(target->name(), "unreachable", took);
    co_return error_result(failure.empty() ? fmt::format("instance '{}' sent a malformed result", target->name())
                                           : failure);
  }
  const json::value* is_error = result.as_object().if_contains("isError");
  count(target->name(), is_error && is_error->is_bool() && is_error->as_bool() ? "tool_error" : "ok", took);
  co_return std::move(result.as_object());
}

boost::asio::awaitable<void> GatewayServer::refresh_all() {
  auto remaining = std::make_shared<std::size_t>(backends_.size());
  auto done = std::make_shared<boost::asio::steady_timer>(executor_, boost::asio::steady_timer::time_point::max());
  auto deadline = Clock::now() + options_.call_timeout;
  for (const auto& backend : backends_) {
    // Counted down however the refresh ends, so refresh_all never waits on a
    // backend whose refresh threw.
    auto count_down = std::shared_ptr<void>(nullptr, [remaining, done](void*) {
      if (--*remaining == 0) done->cancel();
    });
    spawn(
        executor_,
        [backend, count_down, deadline]() -> boost::asio::awaitable<void> { co_await backend->refresh(deadline); },
        "Refreshing a backend's tools");
  }
  if (*remaining > 0) {
    boost::system::error_code ec;
    co_await done->async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  }
}

void GatewayServer::start() {
  for (const auto& backend : backends_) {
    auto stopped = stopped_;
    auto interval = options_.refresh_interval;
    auto timeout = options_.call_timeout;
    auto timer = std::make_shared<boost::asio::steady_timer>(executor_);
    timers_.push_back(timer);
    spawn(
        executor_,
        [backend, stopped, interval, timeout, timer]() -> boost::asio::awaitable<void> {
          while (!*stopped) {
            co_await backend->refresh(Clock::now() + timeout);
            timer->expires_after(interval);
            boost::system::error_code ec;
            co_await timer->async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
          }
        },
        "Refreshing a backend's tools periodically");
  }
}

void GatewayServer::stop() {
  *stopped_ = true;
  for (const auto& timer : timers_) timer->cancel();
}

bool GatewayServer::ready() const {
  for (const auto& backend : backends_) {
    if (backend->online()) return true;
  }
  return false;
}

std::string GatewayServer::metrics_text() const {
  std::string out;
  out += "# HELP mcp_gateway_backend_up Whether the instance answered its last refresh.\n";
  out += "# TYPE mcp_gateway_backend_up gauge\n";
  for (const auto& backend : backends_) {
    out += fmt::format("mcp_gateway_backend_up{{instance=\"{}\"}} {}\n", backend->name(), backend->online() ? 1 : 0);
  }
  out += "# HELP mcp_gateway_backend_reinitialisations_total Sessions re-opened after a 404.\n";
  out += "# TYPE mcp_gateway_backend_reinitialisations_total counter\n";
  for (const auto& backend : backends_) {
    out += fmt::format("mcp_gateway_backend_reinitialisations_total{{instance=\"{}\"}} {}\n", backend->name(),
                       backend->reinitialisations());
  }
  out += "# HELP mcp_gateway_tool_calls_total Tool calls by instance and outcome.\n";
  out += "# TYPE mcp_gateway_tool_calls_total counter\n";
  for (const auto& [key, value] : counters_.calls) {
    auto bar = key.find('|');
    out += fmt::format("mcp_gateway_tool_calls_total{{instance=\"{}\",outcome=\"{}\"}} {}\n", key.substr(0, bar),
                       key.substr(bar + 1), value);
  }
  out += "# HELP mcp_gateway_tool_call_seconds Time spent in tool calls.\n";
  out += "# TYPE mcp_gateway_tool_call_seconds summary\n";
  out += fmt::format("mcp_gateway_tool_call_seconds_sum {:.6f}\n",
                     static_cast<double>(counters_.call_microseconds_total) / 1e6);
  out += fmt::format("mcp_gateway_tool_call_seconds_count {}\n", counters_.call_count);
  return out;
}

}  // namespace dbot::gateway
