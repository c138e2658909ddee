#include "mcp/transport/http_endpoint.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "mcp/transport/security.hpp"

namespace dbot::mcp {

bool supported_protocol_version(std::string_view version) {
  return version == "2025-11-25" || version == "2025-06-18" || version == "2025-03-26";
}

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames
// that co_await inside try blocks at -O2 (the frame's operator new/delete are
// Asio's own matching pair).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

McpHttpEndpoint::McpHttpEndpoint(McpEndpointOptions options, std::shared_ptr<const Authenticator> authenticator,
                                 std::shared_ptr<McpMethodHandler> handler)
    : options_(std::move(options)), authenticator_(std::move(authenticator)), handler_(std::move(handler)) {}

boost::asio::awaitable<net::HttpResponse> McpHttpEndpoint::handle(net::HttpRequest request) {
  // DNS-rebinding defence before anything else.
  if (!host_allowed(request.headers.get("Host").value_or(""), options_.allowed_hosts)) {
    co_return net::HttpResponse::text(403, "Forbidden: Host header is not allowed");
  }
  if (!origin_allowed(request.headers.get("Origin"), options_.allowed_origins)) {
    co_return net::HttpResponse::text(403, "Forbidden: Origin is not allowed");
  }
  std::optional<ClientIdentity> client = authenticator_->authenticate(request);
  if (!client) {
    auto response = net::HttpResponse::text(401, "Unauthorized");
    response.headers.set("WWW-Authenticate", request.headers.get("Authorization")
                                                 ? "Bearer realm=\"mcp\", error=\"invalid_token\""
                                                 : "Bearer realm=\"mcp\"");
    co_return response;
  }

  if (request.method != "POST" && request.method != "GET" && request.method != "DELETE") {
    auto response = net::HttpResponse::text(405, "Method Not Allowed");
    response.headers.set("Allow", "GET, POST, DELETE");
    co_return response;
  }

  std::string protocol_version(kDefaultProtocolVersion);
  if (auto header = request.headers.get("MCP-Protocol-Version")) {
    if (!supported_protocol_version(*header)) {
      co_return transport_error(400, jsonrpc::kInvalidRequest,
                                "Bad Request: unsupported MCP-Protocol-Version (supported: 2025-11-25, "
                                "2025-06-18, 2025-03-26)");
    }
    protocol_version = std::string(*header);
  }

  if (request.method == "GET") {
    // No server-initiated messages: the spec allows 405 for the GET stream.
    auto response = net::HttpResponse::text(405, "Method Not Allowed: this server offers no GET stream");
    response.headers.set("Allow", "POST, DELETE");
    co_return response;
  }
  if (request.method == "DELETE") co_return delete_session(request, *client);
  co_return co_await post(std::move(request), std::move(*client), std::move(protocol_version));
}

net::HttpResponse McpHttpEndpoint::transport_error(unsigned status, int code, std::string message) {
  return net::HttpResponse::json(status, jsonrpc::serialize_error(nullptr, {code, std::move(message), std::nullopt}));
}

std::optional<McpHttpEndpoint::Reply> McpHttpEndpoint::negotiate(std::optional<std::string_view> accept) {
  if (!accept || accept->find_first_not_of(" \t") == std::string_view::npos) return Reply::json;
  bool json_ok = false;
  bool sse_ok = false;
  std::string_view rest = *accept;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto semi = item.find(';');
    if (semi != std::string_view::npos) item = item.substr(0, semi);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    std::string media = ascii_lower(item);
    if (media == "application/json" || media == "application/*" || media == "*/*") json_ok = true;
    if (media == "text/event-stream" || media == "text/*" || media == "*/*") sse_ok = true;
  }
  if (json_ok) return Reply::json;
  if (sse_ok) return Reply::sse;
  return std::nullopt;
}

net::HttpResponse McpHttpEndpoint::reply(Reply kind, unsigned status, std::string body) {
  if (kind == Reply::json) return net::HttpResponse::json(status, std::move(body));
  net::HttpResponse response;
  response.status = status;
  response.headers.set("Content-Type", "text/event-stream");
  response.headers.set("Cache-Control", "no-cache");
  response.headers.set("X-Accel-Buffering", "no");
  response.body = "event: message\ndata: " + body + "\n\n";
  return response;
}

std::optional<std::string> McpHttpEndpoint::session_header(const net::HttpRequest& request) {
  auto header = request.headers.get("Mcp-Session-Id");
  if (!header || header->empty()) return std::nullopt;
  return std::string(*header);
}

void McpHttpEndpoint::expire_locked(std::chrono::steady_clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (now - it->second.last_used > options_.session_idle_timeout) {
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<McpHttpEndpoint::Session> McpHttpEndpoint::find_session(const std::string& id,
                                                                      const ClientIdentity& client) {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_used > options_.session_idle_timeout) {
    sessions_.erase(it);
    return std::nullopt;
  }
  if (!secrets_equal(it->second.client_id, client.client_id)) return std::nullopt;
  it->second.last_used = now;
  return it->second;
}

std::string McpHttpEndpoint::create_session(const ClientIdentity& client, std::string protocol_version,
                                            json::object client_info) {
  std::string id = random_token_hex();
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  expire_locked(now);
  while (sessions_.size() >= options_.max_sessions && !sessions_.empty()) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.last_used < oldest->second.last_used) oldest = it;
    }
    sessions_.erase(oldest);
  }
  sessions_[id] = Session{client.client_id, std::move(protocol_version), std::move(client_info), now};
  return id;
}

net::HttpResponse McpHttpEndpoint::delete_session(const net::HttpRequest& request, const ClientIdentity& client) {
  auto id = session_header(request);
  if (!id) return transport_error(400, jsonrpc::kInvalidRequest, "Bad Request: Mcp-Session-Id header is required");
  if (!find_session(*id, client)) return transport_error(404, jsonrpc::kInvalidRequest, "Session not found");
  {
    std::lock_guard lock(mutex_);
    sessions_.erase(*id);
  }
  net::HttpResponse response;
  response.status = 204;
  return response;
}

boost::asio::awaitable<net::HttpResponse> McpHttpEndpoint::post(net::HttpRequest request, ClientIdentity client,
                                                                std::string protocol_version) {
  if (request.body.size() > options_.max_body_bytes) {
    co_return transport_error(413, jsonrpc::kInvalidRequest, "Payload Too Large");
  }
  auto content_type = ascii_lower(request.headers.get("Content-Type").value_or(""));
  if (content_type.find("application/json") == std::string::npos) {
    co_return transport_error(415, jsonrpc::kInvalidRequest,
                              "Unsupported Media Type: Content-Type must be application/json");
  }
  auto reply_kind = negotiate(request.headers.get("Accept"));
  if (!reply_kind) {
    co_return transport_error(406, jsonrpc::kInvalidRequest,
                              "Not Acceptable: Accept must include application/json or text/event-stream");
  }

  jsonrpc::ParseOutcome parsed = jsonrpc::parse(request.body);
  if (!parsed.message) {
    if (parsed.answerable) co_return reply(*reply_kind, 200, jsonrpc::serialize_error(parsed.error_id, *parsed.error));
    co_return net::HttpResponse::json(400, jsonrpc::serialize_error(nullptr, *parsed.error));
  }

  // initialize opens a session; everything else needs one.
  if (auto* init = std::get_if<jsonrpc::Request>(&*parsed.message); init && init->method == "initialize") {
    co_return initialize(*init, client, *reply_kind);
  }

  auto session_id = session_header(request);
  if (!session_id) {
    co_return transport_error(400, jsonrpc::kInvalidRequest, "Bad Request: Mcp-Session-Id header is required");
  }
  auto session = find_session(*session_id, client);
  if (!session) co_return transport_error(404, jsonrpc::kInvalidRequest, "Session not found");

  RequestContext context{*session_id,
                         request.headers.get("MCP-Protocol-Version") ? protocol_version : session->protocol_version,
                         std::move(client), session->client_info};

  if (auto* notification = std::get_if<jsonrpc::Notification>(&*parsed.message)) {
    try {
      handler_->handle_notification(notification->method, notification->params, context);
    } catch (const std::exception& e) {
      spdlog::warn("mcp: notification {} failed: {}", notification->method, e.what());
    }
    co_return accepted();
  }
  if (std::holds_alternative<jsonrpc::Response>(*parsed.message)) co_return accepted();

  auto& call = std::get<jsonrpc::Request>(*parsed.message);
  if (call.method == "ping") co_return reply(*reply_kind, 200, jsonrpc::serialize_result(call.id, json::object{}));

  std::optional<jsonrpc::RpcError> failure;
  json::value result;
  try {
    result = co_await handler_->handle_request(call.method, call.params, context);
  } catch (const jsonrpc::RpcException& e) {
    failure = e.error();
  } catch (const Error& e) {
    spdlog::warn("mcp: {} failed: {}", call.method, e.operator_detail());
    failure = jsonrpc::RpcError{jsonrpc::kInternalError, e.user_message(), std::nullopt};
  } catch (const std::exception& e) {
    spdlog::error("mcp: {} failed: {}", call.method, e.what());
    failure = jsonrpc::RpcError{jsonrpc::kInternalError, "Internal error", std::nullopt};
  }
  if (failure) co_return reply(*reply_kind, 200, jsonrpc::serialize_error(call.id, *failure));
  co_return reply(*reply_kind, 200, jsonrpc::serialize_result(call.id, std::move(result)));
}

net::HttpResponse McpHttpEndpoint::accepted() {
  net::HttpResponse response;
  response.status = 202;
  return response;
}

net::HttpResponse McpHttpEndpoint::initialize(const jsonrpc::Request& call, const ClientIdentity& client, Reply kind) {
  const json::value* requested = call.params.if_contains("protocolVersion");
  if (!requested || !requested->is_string()) {
    return reply(kind, 200,
                 jsonrpc::serialize_error(
                     call.id, {jsonrpc::kInvalidParams, "Invalid params: protocolVersion is required", std::nullopt}));
  }
  std::string version(requested->as_string());
  if (!supported_protocol_version(version)) version = std::string(kLatestProtocolVersion);
  json::object client_info;
  if (const json::value* info = call.params.if_contains("clientInfo"); info && info->is_object()) {
    client_info = info->as_object();
  }
  std::string id = create_session(client, version, std::move(client_info));

  json::object result;
  result["protocolVersion"] = version;
  result["capabilities"] = handler_->capabilities();
  result["serverInfo"] = handler_->server_info();
  if (auto text = handler_->instructions(); !text.empty()) result["instructions"] = text;
  auto response = reply(kind, 200, jsonrpc::serialize_result(call.id, std::move(result)));
  response.headers.set("Mcp-Session-Id", id);
  return response;
}

std::size_t McpHttpEndpoint::session_count() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace dbot::mcp
