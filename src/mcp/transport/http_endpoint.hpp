#pragma once
// The MCP Streamable HTTP transport (protocol 2025-11-25; 2025-06-18 and
// 2025-03-26 accepted) as a route handler for net::HttpServer, so the same
// listener can serve other routes (a webhook outside the bearer, health).
//
// Order of checks on every request: Host allowlist (403), Origin allowlist
// (403), authentication (401 + WWW-Authenticate), HTTP method (405),
// MCP-Protocol-Version (400), body cap (413), Content-Type (415), Accept (406),
// JSON-RPC parsing (400), session (400 missing / 404 unknown). Sessions are
// bound to the client that created them: another client presenting the id
// gets 404, so a session id is never a credential.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "mcp/transport/auth.hpp"
#include "mcp/transport/jsonrpc.hpp"
#include "net/http.hpp"

namespace dbot::mcp {

namespace json = boost::json;

inline constexpr std::string_view kLatestProtocolVersion = "2025-11-25";
inline constexpr std::string_view kDefaultProtocolVersion = "2025-03-26";  // when the header is absent

bool supported_protocol_version(std::string_view version);

struct RequestContext {
  std::string session_id;
  std::string protocol_version;
  ClientIdentity client;
  json::object client_info;  // from initialize
};

// The application behind the transport: the instance's tool server or the
// gateway. `initialize` and `ping` are answered by the endpoint.
class McpMethodHandler {
 public:
  virtual ~McpMethodHandler() = default;
  virtual json::object server_info() const = 0;
  virtual json::object capabilities() const = 0;
  virtual std::string instructions() const { return {}; }
  // Any other request. Throw jsonrpc::RpcException for a JSON-RPC error
  // (kMethodNotFound for methods it does not know).
  virtual boost::asio::awaitable<json::value> handle_request(const std::string& method, const json::object& params,
                                                             const RequestContext& context) = 0;
  virtual void handle_notification(const std::string& /*method*/, const json::object& /*params*/,
                                   const RequestContext& /*context*/) {}
};

struct McpEndpointOptions {
  std::string path = "/mcp";
  std::vector<std::string> allowed_hosts;    // besides loopback names
  std::vector<std::string> allowed_origins;  // besides loopback origins
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_sessions = 1024;
  std::chrono::seconds session_idle_timeout{std::chrono::hours(2)};
};

class McpHttpEndpoint {
 public:
  McpHttpEndpoint(McpEndpointOptions options, std::shared_ptr<const Authenticator> authenticator,
                  std::shared_ptr<McpMethodHandler> handler);

  const std::string& path() const { return options_.path; }
  bool matches(const net::HttpRequest& request) const { return request.path() == options_.path; }
  std::size_t session_count() const;

  boost::asio::awaitable<net::HttpResponse> handle(net::HttpRequest request);

 private:
  struct Session {
    std::string client_id;
    std::string protocol_version;
    json::object client_info;
    std::chrono::steady_clock::time_point last_used;
  };

  enum class Reply { json, sse };

  static net::HttpResponse transport_error(unsigned status, int code, std::string message);
  // Media ranges from an Accept header, parameters dropped, lower-cased.
  static std::optional<Reply> negotiate(std::optional<std::string_view> accept);
  static net::HttpResponse reply(Reply kind, unsigned status, std::string body);
  static std::optional<std::string> session_header(const net::HttpRequest& request);
  static net::HttpResponse accepted();

  // Removes idle sessions; called with the mutex held.
  void expire_locked(std::chrono::steady_clock::time_point now);
  // The session of this id if it exists and belongs to this client.
  std::optional<Session> find_session(const std::string& id, const ClientIdentity& client);
  std::string create_session(const ClientIdentity& client, std::string protocol_version, json::object client_info);
  net::HttpResponse delete_session(const net::HttpRequest& request, const ClientIdentity& client);
  boost::asio::awaitable<net::HttpResponse> post(net::HttpRequest request, ClientIdentity client,
                                                 std::string protocol_version);
  net::HttpResponse initialize(const jsonrpc::Request& call, const ClientIdentity& client, Reply kind);

  McpEndpointOptions options_;
  std::shared_ptr<const Authenticator> authenticator_;
  std::shared_ptr<McpMethodHandler> handler_;
  mutable std::mutex mutex_;
  std::map<std::string, Session> sessions_;
};

}  // namespace dbot::mcp
