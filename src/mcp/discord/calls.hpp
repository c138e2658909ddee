#pragma once
// What every Discord tool needs: REST calls with the per-call timeout and the
// audit-log reason, the guild default, the channel-belongs-to-guild check,
// and the mapping of Discord's errors to isError results.

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include "discord/route.hpp"
#include "mcp/discord/discord_tools.hpp"

namespace dbot::mcp::discord_tools {

namespace json = boost::json;

class Calls {
 public:
  explicit Calls(std::shared_ptr<DiscordToolsContext> context) : context_(std::move(context)) {}

  // JSON result of one REST call (null for 204). Throws discord::DiscordError.
  // (No default arguments: g++ 12 mishandles them on coroutines.)
  // Routes come from discord/routes.hpp; no tool spells a REST path.
  boost::asio::awaitable<json::value> call(discord::Route route, std::string body, std::string reason);
  boost::asio::awaitable<json::value> get(discord::Route route) { return call(std::move(route), {}, {}); }

  // guild_id argument, or the instance's GUILD_ID when absent or empty.
  Snowflake guild(const ToolArgs& args) const;
  // Throws InvalidToolArguments "Channel <c> is not in guild <g>".
  boost::asio::awaitable<void> verify_channel(Snowflake channel, Snowflake guild);
  // Opens (or reuses) the DM channel with a user.
  boost::asio::awaitable<Snowflake> dm_channel(Snowflake user);

  const DiscordToolsContext& context() const { return *context_; }

 private:
  std::shared_ptr<DiscordToolsContext> context_;
};

using Body = std::function<boost::asio::awaitable<ToolResult>(const ToolArgs& args)>;

// A handler that turns Discord's errors into isError results:
// "Discord API error: HTTP <status> (code <code>): <message>".
ToolHandler guarded(Body body);

}  // namespace dbot::mcp::discord_tools
