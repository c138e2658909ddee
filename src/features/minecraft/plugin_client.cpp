#include "features/minecraft/plugin_client.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "net/http_client.hpp"

namespace dbot::features::minecraft {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

json::object parse_object(std::string_view body, std::string_view what) {
  json::value value;
  try {
    value = json::parse(body);
  } catch (const std::exception& e) {
    throw Error(kPluginUnreachable, fmt::format("Invalid {} response from the Minecraft plugin: {}", what, e.what()));
  }
  if (!value.is_object()) {
    throw Error(kPluginUnreachable, fmt::format("Invalid {} response from the Minecraft plugin: not an object", what));
  }
  return std::move(value.as_object());
}

std::optional<std::string> optional_string(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

// The first 200 characters of a body, for log lines.
std::string excerpt(std::string_view body) {
  return std::string(body.substr(0, 200)) + (body.size() > 200 ? "..." : "");
}

}  // namespace

VerifyResult parse_verify_response(std::string_view body) {
  const auto object = parse_object(body, "verify");
  const auto* success = object.if_contains("success");
  if (!success || !success->is_bool()) {
    throw Error(kPluginUnreachable, "Invalid verify response from the Minecraft plugin: no boolean 'success'");
  }
  VerifyResult result;
  result.success = success->as_bool();
  result.username = optional_string(object, "username");
  result.uuid = optional_string(object, "uuid");
  result.error = optional_string(object, "error");
  return result;
}

DonatorList parse_donators_response(std::string_view body) {
  const auto object = parse_object(body, "donators");
  const auto* list = object.if_contains("donators");
  if (!list || !list->is_array()) {
    throw Error(kPluginUnreachable, "Invalid donators response from the Minecraft plugin: no 'donators' list");
  }
  DonatorList out;
  for (const auto& entry : list->as_array()) {
    if (!entry.is_object()) {
      throw Error(kPluginUnreachable, "Invalid donators response from the Minecraft plugin: an entry is not an object");
    }
    const auto& donor = entry.as_object();
    const auto tier = optional_string(donor, "tier");
    if (!tier) {
      throw Error(kPluginUnreachable, "Invalid donators response from the Minecraft plugin: an entry has no tier");
    }
    std::optional<Snowflake> id;
    if (const auto text = optional_string(donor, "discord_id")) id = Snowflake::parse(*text);
    if (!id || id->value == 0) {
      ++out.skipped_ids;
      continue;
    }
    out.donators.push_back({*id, *tier});
  }
  return out;
}

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
