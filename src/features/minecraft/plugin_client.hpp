#pragma once
// The bot's side of the companion Minecraft plugin's HTTP API (see
// docs/minecraft.md): POST /api/verify, GET /api/donators, POST /api/ban,
// each with `Authorization: Bearer <MC_VERIFY_SECRET>`. The parse functions
// are separate so their handling of odd answers is unit-tested.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/snowflake.hpp"
#include "net/http.hpp"

namespace dbot::net {
class HttpClient;
}

namespace dbot::features::minecraft {

// What users see when the plugin cannot be reached or answers nonsense; the
// detail goes to the log only.
inline constexpr const char* kPluginUnreachable = "Could not reach the Minecraft server. Please try again later.";

struct VerifyResult {
  bool success = false;
  std::optional<std::string> username;
  std::optional<std::string> uuid;
  std::optional<std::string> error;
};

struct Donator {
  Snowflake discord_id;
  std::string tier;  // as sent; matching is case-insensitive
};

struct DonatorList {
  std::vector<Donator> donators;
  std::size_t skipped_ids = 0;  // entries whose discord_id is not a Discord id
};

// `{success, username?, uuid?, error?}`; throws dbot::Error when the body is
// not that object.
VerifyResult parse_verify_response(std::string_view body);
// `{donators: [{discord_id, tier}]}`; throws dbot::Error when the body or
// the list is missing or malformed (entries with bad ids are only counted).
DonatorList parse_donators_response(std::string_view body);

class PluginClient {
 public:
  PluginClient(std::shared_ptr<net::HttpClient> http, std::string base_url, std::string secret,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // The plugin's answer whatever the HTTP status, as long as it is the
  // expected JSON; throws dbot::Error (user message kPluginUnreachable) otherwise.
  boost::asio::awaitable<VerifyResult> verify(std::string code, Snowflake discord_id);
  // Throws dbot::Error on a transport failure, a non-2xx status or a bad body.
  boost::asio::awaitable<DonatorList> donators();
  // The raw answer (callers check the status); throws on transport failure.
  boost::asio::awaitable<net::HttpResponse> ban(std::string uuid, std::string reason);

 private:
  net::HttpRequest make_request(std::string method, std::string path, std::string body) const;

  std::shared_ptr<net::HttpClient> http_;
  std::string base_url_;
  std::string secret_;
  std::chrono::milliseconds timeout_;
};

}  // namespace dbot::features::minecraft
