// Channel tools: list_channels, create_channel, delete_channel, edit_channel,
// move_channel, set_channel_permissions, create_voice_channel,
// create_stage_channel, edit_voice_channel.

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "discord/routes.hpp"
#include "mcp/discord/calls.hpp"
#include "mcp/discord/helpers.hpp"
#include "mcp/discord/tool_defs.hpp"

namespace dbot::mcp::discord_tools {

namespace {

std::string created_id(const json::value& value) {
  return value.is_object() ? str_field(value.as_object(), "id") : std::string();
}

// Absent or unparsable -> 0 (the seed's behaviour for allow/deny).
std::uint64_t bits_or_zero(const std::optional<std::string>& text) {
  if (!text) return 0;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) return 0;
  return value;
}

}  // namespace

void add_channel_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls) {
  registry.add(tool(
      "list_channels", "List channels", "List all channels in a Discord server.", {guild_param()}, Scope::read,
      read_only(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        const discord::Route list_guild_channels_route{discord::routes::list_guild_channels, {{"guild_id", g}}};
        json::value channels = co_await calls->get(list_guild_channels_route);
        std::vector<std::string> lines;
        if (channels.is_array()) {
          for (const auto& c : channels.as_array()) {
            if (!c.is_object()) continue;
            const auto& o = c.as_object();
            std::string line = fmt::format("#{} | ID: {} | {} | pos: {}", str_field(o, "name"), str_field(o, "id"),
                                           channel_kind_name(int_field(o, "type", 0)), int_field(o, "position", 0));
            if (auto parent = str_field(o, "parent_id"); !parent.empty()) {
              line += fmt::format(" (in {})", parent);
            }
            lines.push_back(std::move(line));
          }
        }
        std::sort(lines.begin(), lines.end());
        std::string text;
        for (const auto& line : lines) text += (text.empty() ? "" : "\n") + line;
        co_return ToolResult::ok(std::move(text));
      })));

  registry.add(tool(
      "create_channel", "Create channel", "Create a channel in a Discord server.",
      {guild_param(), required_string("name", "Channel name"),
       [] {
         ToolParam p = optional_string("channel_type", "text, voice, category, forum or stage");
         p.default_value = json::value("text");
         return p;
       }(),
       optional_string("category_id", "Parent category ID"), optional_string("topic", "Channel topic"),
       bool_param("nsfw", "Age-restricted")},
      Scope::admin, additive(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        json::object body{{"name", args.str("name")},
                          {"type", channel_type_from_name(args.opt_str("channel_type").value_or("text"))}};
        if (auto c = args.opt_str("category_id"); c && !c->empty()) body["parent_id"] = parse_id(*c).str();
        if (auto t = args.opt_str("topic")) body["topic"] = *t;
        if (auto n = args.opt_bool("nsfw")) body["nsfw"] = *n;
        const discord::Route create_guild_channel_route{discord::routes::create_guild_channel, {{"guild_id", g}}};
        json::value channel = co_await calls->call(create_guild_channel_route, json::serialize(body), {});
        auto id = created_id(channel);
        co_return ToolResult::ok(fmt::format("Created #{} (ID: {})", args.str("name"), id), json::object{{"id", id}});
      })));

  registry.add(
      tool("delete_channel", "Delete channel", "Delete a channel.",
           {guild_param(), required_string("channel_id", "Channel ID")}, Scope::admin, destructive(true),
           guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake g = calls->guild(args);
             Snowflake channel = parse_id(args.str("channel_id"));
             co_await calls->verify_channel(channel, g);
             const discord::Route delete_channel_route{discord::routes::delete_channel, {{"channel_id", channel}}};
             co_await calls->call(delete_channel_route, {}, {});
             co_return ToolResult::ok("Channel deleted");
           })));

  registry.add(tool(
      "edit_channel", "Edit channel",
      "Edit a channel's name, topic, NSFW flag, slowmode or category. Only the fields given change.",
      {guild_param(), required_string("channel_id", "Channel ID"), optional_string("name", "New name"),
       optional_string("topic", "New topic"), bool_param("nsfw", "Age-restricted"),
       integer_param("slowmode_seconds", "Slowmode in seconds (0-21600)", false, std::nullopt, 0, 65535),
       optional_string("category_id", "New parent category ID")},
      Scope::admin, destructive(true), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake channel = parse_id(args.str("channel_id"));
        json::object body;
        if (auto v = args.opt_str("name")) body["name"] = *v;
        if (auto v = args.opt_str("topic")) body["topic"] = *v;
        if (auto v = args.opt_bool("nsfw")) body["nsfw"] = *v;
        if (auto v = args.opt_int("slowmode_seconds")) body["rate_limit_per_user"] = *v;
        if (auto v = args.opt_str("category_id"); v && !v->empty()) body["parent_id"] = parse_id(*v).str();
        co_await calls->verify_channel(channel, g);
        const discord::Route modify_channel_route{discord::routes::modify_channel, {{"channel_id", channel}}};
        co_await calls->call(modify_channel_route, json::serialize(body), {});
        co_return ToolResult::ok("Channel updated");
      })));

  registry.add(tool("move_channel", "Move channel", "Change a channel's position, and optionally its category.",
                    {guild_param(), required_string("channel_id", "Channel ID"),
                     integer_param("position", "New position", true, std::nullopt, 0, 65535),
                     optional_string("category_id", "New parent category ID")},
                    Scope::admin, destructive(true),
                    guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                      Snowflake g = calls->guild(args);
                      Snowflake channel = parse_id(args.str("channel_id"));
                      json::object entry{{"id", channel.str()}, {"position", args.integer("position")}};
                      if (auto v = args.opt_str("category_id"); v && !v->empty())
                        entry["parent_id"] = parse_id(*v).str();
                      std::string body_1 = json::serialize(json::array{entry});
                      const discord::Route modify_channel_positions_route{discord::routes::modify_channel_positions,
                                                                          {{"guild_id", g}}};
                      co_await calls->call(modify_channel_positions_route, std::move(body_1), {});
                      co_return ToolResult::ok(fmt::format("Channel moved to position {}", args.integer("position")));
                    })));

  registry.add(tool(
      "set_channel_permissions", "Set channel permissions",
      "Set a permission overwrite on a channel for a role or member. allow/deny are decimal permission "
      "bitfields, e.g. VIEW_CHANNEL=1024, SEND_MESSAGES=2048, MANAGE_CHANNELS=16, "
      "MANAGE_MESSAGES=8192, CONNECT=1048576, SPEAK=2097152.",
      {guild_param(), required_string("channel_id", "Channel ID"),
       required_string("target_type", "\"member\" or \"role\""), required_string("target_id", "Role or user ID"),
       optional_string("allow", "Allowed permission bits (decimal string)"),
       optional_string("deny", "Denied permission bits (decimal string)")},
      Scope::admin, destructive(true), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake channel = parse_id(args.str("channel_id"));
        Snowflake target = parse_id(args.str("target_id"));
        json::object body{{"type", args.str("target_type") == "member" ? 1 : 0},
                          {"allow", std::to_string(bits_or_zero(args.opt_str("allow")))},
                          {"deny", std::to_string(bits_or_zero(args.opt_str("deny")))}};
        co_await calls->verify_channel(channel, g);
        const discord::Route edit_channel_permissions_route{discord::routes::edit_channel_permissions,
                                                            {{"channel_id", channel}, {"overwrite_id", target}}};
        co_await calls->call(edit_channel_permissions_route, json::serialize(body), {});
        co_return ToolResult::ok("Permissions set");
      })));

  registry.add(tool(
      "create_voice_channel", "Create voice channel", "Create a voice channel.",
      {guild_param(), required_string("name", "Channel name"), optional_string("category_id", "Parent category ID"),
       integer_param("bitrate", "Bitrate in bits per second", false, std::nullopt, 0, 4294967295LL),
       integer_param("user_limit", "User limit (0 = unlimited, max 99)", false, std::nullopt, 0, 4294967295LL,
                     std::nullopt, 99)},
      Scope::admin, additive(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        json::object body{{"name", args.str("name")}, {"type", 2}};
        if (auto v = args.opt_str("category_id"); v && !v->empty()) body["parent_id"] = parse_id(*v).str();
        if (auto v = args.opt_int("bitrate")) body["bitrate"] = *v;
        if (auto v = args.opt_int("user_limit")) body["user_limit"] = *v;
        const discord::Route create_guild_channel_route{discord::routes::create_guild_channel, {{"guild_id", g}}};
        json::value channel = co_await calls->call(create_guild_channel_route, json::serialize(body), {});
        auto id = created_id(channel);
        co_return ToolResult::ok(fmt::format("Created voice channel '{}' (ID: {})", args.str("name"), id),
                                 json::object{{"id", id}});
      })));

  registry.add(tool(
      "create_stage_channel", "Create stage channel", "Create a stage channel.",
      {guild_param(), required_string("name", "Channel name"), optional_string("category_id", "Parent category ID")},
      Scope::admin, additive(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        json::object body{{"name", args.str("name")}, {"type", 13}};
        if (auto v = args.opt_str("category_id"); v && !v->empty()) body["parent_id"] = parse_id(*v).str();
        const discord::Route create_guild_channel_route{discord::routes::create_guild_channel, {{"guild_id", g}}};
        json::value channel = co_await calls->call(create_guild_channel_route, json::serialize(body), {});
        auto id = created_id(channel);
        co_return ToolResult::ok(fmt::format("Created stage channel '{}' (ID: {})", args.str("name"), id),
                                 json::object{{"id", id}});
      })));

  registry.add(tool(
      "edit_voice_channel", "Edit voice channel",
      "Edit a voice channel's name, bitrate, user limit, category or RTC region (an empty region lets "
      "Discord choose).",
      {guild_param(), required_string("channel_id", "Channel ID"), optional_string("name", "New name"),
       integer_param("bitrate", "Bitrate in bits per second", false, std::nullopt, 0, 4294967295LL),
       integer_param("user_limit", "User limit (0 = unlimited, max 99)", false, std::nullopt, 0, 4294967295LL,
                     std::nullopt, 99),
       optional_string("category_id", "New parent category ID"),
       optional_string("rtc_region", "Voice region; empty for automatic")},
      Scope::admin, destructive(true), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake channel = parse_id(args.str("channel_id"));
        json::object body;
        if (auto v = args.opt_str("name")) body["name"] = *v;
        if (auto v = args.opt_int("bitrate")) body["bitrate"] = *v;
        if (auto v = args.opt_int("user_limit")) body["user_limit"] = *v;
        if (auto v = args.opt_str("category_id"); v && !v->empty()) body["parent_id"] = parse_id(*v).str();
        if (auto v = args.opt_str("rtc_region")) {
          body["rtc_region"] = v->empty() ? json::value(nullptr) : json::value(*v);
        }
        if (body.empty()) {
          throw InvalidToolArguments("At least one of name/bitrate/user_limit/category_id/rtc_region required");
        }
        co_await calls->verify_channel(channel, g);
        const discord::Route modify_channel_route{discord::routes::modify_channel, {{"channel_id", channel}}};
        json::value updated = co_await calls->call(modify_channel_route, json::serialize(body), {});
        std::string name = updated.is_object() ? str_field(updated.as_object(), "name") : "";
        co_return ToolResult::ok(fmt::format("Voice channel '{}' updated", name));
      })));
}

}  // namespace dbot::mcp::discord_tools
