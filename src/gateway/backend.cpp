#include "gateway/backend.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "mcp/transport/jsonrpc.hpp"

namespace dbot::gateway {

namespace rpc = mcp::jsonrpc;

Backend::Backend(BackendConfig config, std::string token, std::shared_ptr<BackendTransport> transport)
    : config_(std::move(config)), token_(std::move(token)), transport_(std::move(transport)) {}

boost::asio::awaitable<net::HttpResponse> Backend::post(const std::string& body, Clock::time_point deadline,
                                                        bool with_session) {
  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (remaining.count() <= 0) {
    throw Error(fmt::format("instance '{}' did not answer before the deadline", config_.name),
                fmt::format("deadline passed before a request to {}", config_.name));
  }
  net::HttpRequest request;
  request.method = "POST";
  request.target = config_.mcp_url;
  request.headers.set("Content-Type", "application/json");
  request.headers.set("Accept", "application/json, text/event-stream");
  if (!token_.empty()) request.headers.set("Authorization", "Bearer " + token_);
  if (with_session && !session_id_.empty()) {
    request.headers.set("Mcp-Session-Id", session_id_);
    request.headers.set("MCP-Protocol-Version", protocol_version_);
  }
  request.body = body;
  try {
    co_return co_await transport_->send(std::move(request), remaining);
  } catch (const Error& e) {
    throw Error(fmt::format("instance '{}' is unreachable: {}", config_.name, e.user_message()),
                fmt::format("request to {} failed: {}", config_.name, e.operator_detail()));
  } catch (const std::exception& e) {
    throw Error(fmt::format("instance '{}' is unreachable", config_.name),
                fmt::format("request to {} failed: {}", config_.name, e.what()));
  }
}

json::value Backend::parse_response(const net::HttpResponse& response) const {
  if (response.status == 401 || response.status == 403) {
    throw Error(fmt::format("instance '{}' refused the gateway's credential (HTTP {}); check BACKEND_AUTH_TOKEN "
                            "and the instance's MCP_AUTH_TOKEN / MCP_ALLOWED_HOSTS",
                            config_.name, response.status),
                fmt::format("{} answered HTTP {}", config_.name, response.status));
  }
  if (response.status < 200 || response.status >= 300) {
    throw Error(fmt::format("instance '{}' answered HTTP {}", config_.name, response.status),
                fmt::format("{} answered HTTP {}", config_.name, response.status));
  }
  auto message =
      rpc::message_from_body(response.body, response.headers.get("Content-Type").value_or("application/json"));
  auto parsed = message ? rpc::parse(*message) : rpc::ParseOutcome{};
  auto* reply = parsed.message ? std::get_if<rpc::Response>(&*parsed.message) : nullptr;
  if (!reply) {
    throw Error(fmt::format("instance '{}' sent a malformed MCP response", config_.name),
                fmt::format("{}: no JSON-RPC response in the body", config_.name));
  }
  if (reply->error) throw BackendRpcError(reply->error->code, reply->error->message);
  return *reply->result;
}

boost::asio::awaitable<void> Backend::initialize(Clock::time_point deadline) {
  json::object params{{"protocolVersion", "2025-11-25"},
                      {"capabilities", json::object{}},
                      {"clientInfo", json::object{{"name", "mcp-gateway"}, {"version", DBOT_VERSION}}}};
  session_id_.clear();
  auto response = co_await post(rpc::serialize_request(next_id_++, "initialize", std::move(params)), deadline, false);
  json::value result = parse_response(response);
  auto session = response.headers.get("Mcp-Session-Id");
  session_id_ = session ? std::string(*session) : std::string();
  if (const json::object* r = result.if_object()) {
    if (const json::value* v = r->if_contains("protocolVersion"); v && v->is_string()) {
      protocol_version_ = std::string(v->as_string());
    }
  }
  // Fire-and-forget per the spec; a failure here shows on the next request.
  try {
    co_await post(rpc::serialize_notification("notifications/initialized"), deadline, true);
  } catch (const std::exception& e) {
    spdlog::debug("gateway: notifications/initialized to {} failed: {}", config_.name, e.what());
  }
}

boost::asio::awaitable<json::value> Backend::call(std::string method, json::object params, Clock::time_point deadline) {
  if (session_id_.empty()) co_await initialize(deadline);
  std::string body = rpc::serialize_request(next_id_++, method, params);
  auto response = co_await post(body, deadline, true);
  if (response.status == 404) {
    // The backend forgot our session (restart, expiry): initialise once more.
    spdlog::info("gateway: instance {} lost the session; initialising again", config_.name);
    ++reinitialisations_;
    co_await initialize(deadline);
    response = co_await post(rpc::serialize_request(next_id_++, method, params), deadline, true);
  }
  co_return parse_response(response);
}

boost::asio::awaitable<void> Backend::refresh(Clock::time_point deadline) {
  try {
    std::vector<json::object> tools;
    std::optional<std::string> cursor;
    for (int page = 0; page < 50; ++page) {
      json::object params;
      if (cursor) params["cursor"] = *cursor;
      std::string method = "tools/list";
      json::value result = co_await call(std::move(method), std::move(params), deadline);
      const json::object* r = result.if_object();
      const json::value* list = r ? r->if_contains("tools") : nullptr;
      if (!list || !list->is_array()) throw Error(fmt::format("instance '{}' sent a bad tools/list", config_.name));
      for (const auto& tool : list->as_array()) {
        if (tool.is_object() && tool.as_object().contains("name")) tools.push_back(tool.as_object());
      }
      const json::value* next = r->if_contains("nextCursor");
      if (!next || !next->is_string() || next->as_string().empty()) break;
      cursor = std::string(next->as_string());
    }
    std::vector<std::string> guilds;
    bool has_list_guilds = false;
    for (const auto& tool : tools) {
      if (const json::value* n = tool.if_contains("name"); n && n->is_string() && n->as_string() == "list_guilds")
        has_list_guilds = true;
    }
    if (has_list_guilds) {
      json::object params{{"name", "list_guilds"}, {"arguments", json::object{}}};
      std::string method = "tools/call";
      json::value result = co_await call(std::move(method), std::move(params), deadline);
      const json::object* r = result.if_object();
      const json::value* structured = r ? r->if_contains("structuredContent") : nullptr;
      const json::value* list =
          structured && structured->is_object() ? structured->as_object().if_contains("guilds") : nullptr;
      if (list && list->is_array()) {
        for (const auto& guild : list->as_array()) {
          const json::value* id = guild.is_object() ? guild.as_object().if_contains("id") : nullptr;
          if (id && id->is_string()) guilds.emplace_back(id->as_string());
        }
      }
    }
    tools_ = std::move(tools);
    guild_ids_ = std::move(guilds);
    online_ = true;
    last_error_.clear();
  } catch (const Error& e) {
    if (online_ || !ever_refreshed_)
      spdlog::warn("gateway: instance {} is offline: {}", config_.name, e.operator_detail());
    online_ = false;
    last_error_ = e.user_message();
  } catch (const std::exception& e) {
    spdlog::warn("gateway: instance {} is offline: {}", config_.name, e.what());
    online_ = false;
    last_error_ = fmt::format("instance '{}' is offline", config_.name);
  }
  ever_refreshed_ = true;
}

}  // namespace dbot::gateway
