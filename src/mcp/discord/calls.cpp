#include "mcp/discord/calls.hpp"

#include <optional>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "discord/rest_client.hpp"
#include "discord/routes.hpp"
#include "mcp/discord/helpers.hpp"

namespace dbot::mcp::discord_tools {

boost::asio::awaitable<json::value> Calls::call(discord::Route route, std::string body, std::string reason) {
  discord::CallOptions options;
  options.reason = std::move(reason);
  options.timeout = context_->discord_timeout;
  std::string text = co_await context_->rest->request(std::move(route), std::move(body), options);
  if (text.empty()) co_return json::value(nullptr);
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec) throw Error("Discord sent a response that is not JSON", "Discord response is not JSON");
  co_return parsed;
}

Snowflake Calls::guild(const ToolArgs& args) const {
  auto given = args.opt_str("guild_id");
  if (!given || given->empty()) return context_->default_guild;
  return parse_id(*given);
}

boost::asio::awaitable<void> Calls::verify_channel(Snowflake channel, Snowflake guild) {
  const discord::Route get_channel_route{discord::routes::get_channel, {{"channel_id", channel}}};
  json::value value = co_await get(get_channel_route);
  const json::object* object = value.if_object();
  std::string owner = object ? str_field(*object, "guild_id") : std::string();
  if (owner != guild.str()) {
    throw InvalidToolArguments(fmt::format("Channel {} is not in guild {}", channel.str(), guild.str()));
  }
}

boost::asio::awaitable<Snowflake> Calls::dm_channel(Snowflake user) {
  std::string body_1 = json::serialize(json::object{{"recipient_id", user.str()}});
  const discord::Route create_dm_route{discord::routes::create_dm};
  json::value value = co_await call(create_dm_route, std::move(body_1), {});
  const json::object* object = value.if_object();
  auto id = object ? Snowflake::parse(str_field(*object, "id")) : std::nullopt;
  if (!id) throw Error("Discord did not open a DM channel", "creating a DM channel returned no id");
  co_return *id;
}

ToolHandler guarded(Body body) {
  return [body = std::move(body)](const json::object& args, ToolContext&) -> boost::asio::awaitable<ToolResult> {
    ToolArgs typed(args);
    std::optional<ToolResult> failure;
    try {
      co_return co_await body(typed);
    } catch (const discord::DiscordError& e) {
      std::string text = fmt::format("Discord API error: HTTP {}", e.status());
      if (e.code() != 0) text += fmt::format(" (code {})", e.code());
      if (!e.discord_message().empty()) text += ": " + e.discord_message();
      failure = ToolResult::error(std::move(text));
      failure->structured = json::object{{"status", e.status()}, {"code", e.code()}};
    }
    co_return std::move(*failure);
  };
}

}  // namespace dbot::mcp::discord_tools
