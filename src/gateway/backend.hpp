#pragma once
// The gateway's MCP client session with one backend instance: initialize,
// requests with an overall deadline, one re-initialisation when the backend
// answers 404 (session gone, e.g. the bot restarted), and the backend's
// current tools and guilds (from list_guilds' structuredContent).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "gateway/config.hpp"
#include "net/http.hpp"

namespace dbot::gateway {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

// How the gateway reaches backends; an HttpClient in production, an
// in-process fake in tests.
class BackendTransport {
 public:
  virtual ~BackendTransport() = default;
  // Network failures and timeouts throw.
  virtual boost::asio::awaitable<net::HttpResponse> send(net::HttpRequest request,
                                                         std::chrono::milliseconds timeout) = 0;
};

// The backend answered with a JSON-RPC error (passed on to the client).
class BackendRpcError : public Error {
 public:
  BackendRpcError(int code, std::string message) : Error(message, message), code_(code) {}
  int code() const noexcept { return code_; }

 private:
  int code_;
};

class Backend {
 public:
  Backend(BackendConfig config, std::string token, std::shared_ptr<BackendTransport> transport);

  const std::string& name() const { return config_.name; }

  // One JSON-RPC request; returns the result. Throws BackendRpcError for a
  // JSON-RPC error and dbot::Error (user message names the instance, never
  // the token) for everything else.
  boost::asio::awaitable<json::value> call(std::string method, json::object params, Clock::time_point deadline);

  // Re-reads tools/list (all pages) and list_guilds. Never throws; on failure
  // the backend is marked offline and keeps its last known tools.
  boost::asio::awaitable<void> refresh(Clock::time_point deadline);

  bool online() const { return online_; }
  bool ever_refreshed() const { return ever_refreshed_; }
  const std::vector<json::object>& tools() const { return tools_; }
  const std::vector<std::string>& guild_ids() const { return guild_ids_; }
  const std::string& last_error() const { return last_error_; }
  std::uint64_t reinitialisations() const { return reinitialisations_; }

 private:
  boost::asio::awaitable<void> initialize(Clock::time_point deadline);
  boost::asio::awaitable<net::HttpResponse> post(const std::string& body, Clock::time_point deadline,
                                                 bool with_session);
  json::value parse_response(const net::HttpResponse& response) const;

  BackendConfig config_;
  std::string token_;
  std::shared_ptr<BackendTransport> transport_;
  std::string session_id_;
  std::string protocol_version_ = "2025-11-25";
  std::int64_t next_id_ = 1;
  bool online_ = false;
  bool ever_refreshed_ = false;
  std::vector<json::object> tools_;
  std::vector<std::string> guild_ids_;
  std::string last_error_;
  std::uint64_t reinitialisations_ = 0;
};

}  // namespace dbot::gateway
