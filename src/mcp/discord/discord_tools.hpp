#pragma once
// The 51 Discord tools of the seed (same names, parameters, defaults, clamps
// and output text), on the discord RestClient: guild_id defaults to the
// instance's GUILD_ID, channels are checked against the guild, moderation
// sends the audit-log reason, webhook tokens never leave the process, and
// Discord failures come back as isError results with the HTTP status and
// Discord's error code.

#include <chrono>
#include <functional>
#include <memory>

#include <boost/asio/awaitable.hpp>

#include "core/snowflake.hpp"
#include "mcp/tool_registry.hpp"
#include "net/http.hpp"

namespace dbot::discord {
class RestClient;
}

namespace dbot::mcp {

struct DiscordToolsContext {
  std::shared_ptr<discord::RestClient> rest;
  Snowflake default_guild;
  // Downloads create_emoji's image (HTTPS only, 256 KiB cap). Unset: the
  // tool reports that downloads are not available.
  std::function<boost::asio::awaitable<net::HttpResponse>(net::HttpRequest, std::chrono::milliseconds)> fetch;
  std::chrono::milliseconds discord_timeout{10000};
};

// Adds all 51 tools to `registry`.
void register_discord_tools(ToolRegistry& registry, std::shared_ptr<DiscordToolsContext> context);

}  // namespace dbot::mcp
