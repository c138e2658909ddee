#include "features/minecraft/plugin_client.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "net/http_client.hpp"

namespace dbot::features::minecraft {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// The first 200 characters of a body, for log lines.
std::string excerpt(std::string_view body) {
  return std::string(body.substr(0, 200)) + (body.size() > 200 ? "..." : "");
}

}  // namespace

PluginClient::PluginClient(std::shared_ptr<net::HttpClient> http, std::string base_url, std::string secret,
                           std::chrono::milliseconds timeout)
    : http_(std::move(http)), base_url_(std::move(base_url)), secret_(std::move(secret)), timeout_(timeout) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

net::HttpRequest PluginClient::make_request(std::string method, std::string path, std::string body) const {
  net::HttpRequest request;
  request.method = std::move(method);
  request.target = base_url_ + path;
  request.headers.set("Authorization", "Bearer " + secret_);
  request.headers.set("Accept", "application/json");
  if (!body.empty()) request.headers.set("Content-Type", "application/json");
  request.body = std::move(body);
  return request;
}

asio::awaitable<VerifyResult> PluginClient::verify(std::string code, Snowflake discord_id) {
  const json::object payload{{"code", code}, {"discord_id", discord_id.str()}};
  auto request = make_request("POST", "/api/verify", json::serialize(payload));
  net::HttpResponse response;
  try {
    response = co_await http_->request(std::move(request), timeout_);
  } catch (const std::exception& e) {
    throw Error(kPluginUnreachable, fmt::format("Minecraft plugin verify request failed: {}", e.what()));
  }
  // The plugin answers failures (bad code) with a 4xx and the same JSON, so
  // the body decides; a body that is not that JSON is an outage.
  try {
    co_return parse_verify_response(response.body);
  } catch (const Error& e) {
    throw Error(kPluginUnreachable,
                fmt::format("{} (HTTP {}, body: {})", e.operator_detail(), response.status, excerpt(response.body)));
  }
}

asio::awaitable<DonatorList> PluginClient::donators() {
  auto request = make_request("GET", "/api/donators", {});
  net::HttpResponse response;
  try {
    response = co_await http_->request(std::move(request), timeout_);
  } catch (const std::exception& e) {
    throw Error(kPluginUnreachable, fmt::format("Minecraft plugin donators request failed: {}", e.what()));
  }
  if (response.status < 200 || response.status >= 300) {
    throw Error(kPluginUnreachable,
                fmt::format("Minecraft plugin returned HTTP {} for /api/donators", response.status));
  }
  co_return parse_donators_response(response.body);
}

asio::awaitable<net::HttpResponse> PluginClient::ban(std::string uuid, std::string reason) {
  const json::object payload{{"uuid", uuid}, {"reason", reason}};
  auto request = make_request("POST", "/api/ban", json::serialize(payload));
  co_return co_await http_->request(std::move(request), timeout_);
}

}  // namespace dbot::features::minecraft
