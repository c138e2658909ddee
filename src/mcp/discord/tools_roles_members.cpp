// Role tools (list_roles, create_role, delete_role, edit_role) and member
// tools (list_members, get_member, assign_role, remove_role, ban_member,
// unban_member, kick_member, timeout_member, remove_timeout, set_nickname,
// get_bans, move_voice_member, disconnect_voice_member, modify_voice_state).

#include <chrono>
#include <ctime>
#include <limits>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "discord/routes.hpp"
#include "mcp/discord/calls.hpp"
#include "mcp/discord/helpers.hpp"
#include "mcp/discord/tool_defs.hpp"

namespace dbot::mcp::discord_tools {

namespace {

std::string id_list(const json::object& member) {
  std::string out = "[";
  if (const json::value* roles = member.if_contains("roles"); roles && roles->is_array()) {
    bool first = true;
    for (const auto& r : roles->as_array()) {
      if (!r.is_string()) continue;
      if (!first) out += ", ";
      out += r.as_string();
      first = false;
    }
  }
  return out + "]";
}

const json::object& user_of(const json::object& holder) {
  static const json::object kEmpty;
  const json::value* user = holder.if_contains("user");
  return user && user->is_object() ? user->as_object() : kEmpty;
}

std::string iso_utc(std::chrono::system_clock::time_point when) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

ToolParam reason_param() { return optional_string("reason", "Reason, recorded in the server's audit log"); }

}  // namespace

void add_role_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls) {
  registry.add(tool("list_roles", "List roles", "List all roles in a Discord server.", {guild_param()}, Scope::read,
                    read_only(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                      Snowflake g = calls->guild(args);
                      const discord::Route get_roles_route{discord::routes::get_roles, {{"guild_id", g}}};
                      json::value roles = co_await calls->get(get_roles_route);
                      std::string text;
                      if (roles.is_array()) {
                        for (const auto& r : roles.as_array()) {
                          if (!r.is_object()) continue;
                          const auto& o = r.as_object();
                          if (!text.empty()) text += "\n";
                          text += fmt::format("@{} | ID: {} | color: #{:06X} | pos: {} | perms: {} | hoist: {}",
                                              str_field(o, "name"), str_field(o, "id"), int_field(o, "color", 0),
                                              int_field(o, "position", 0), str_field(o, "permissions"),
                                              bool_field(o, "hoist"));
                        }
                      }
                      co_return ToolResult::ok(std::move(text));
                    })));

  auto role_body = [](const ToolArgs& args) {
    json::object body;
    if (auto v = args.opt_str("name")) body["name"] = *v;
    if (auto v = args.opt_int("color")) body["color"] = *v;
    if (auto v = args.opt_str("permissions")) body["permissions"] = *v;
    if (auto v = args.opt_bool("hoist")) body["hoist"] = *v;
    if (auto v = args.opt_bool("mentionable")) body["mentionable"] = *v;
    return body;
  };
  auto role_params = [](bool create) {
    std::vector<ToolParam> params{guild_param()};
    if (create) {
      params.push_back(required_string("name", "Role name"));
    } else {
      params.push_back(required_string("role_id", "Role ID"));
      params.push_back(optional_string("name", "New name"));
    }
    params.push_back(integer_param("color", "RGB colour as an integer (e.g. 16711680 for red)", false, std::nullopt, 0,
                                   4294967295LL));
    params.push_back(optional_string("permissions", "Permission bits (decimal string)"));
    params.push_back(bool_param("hoist", "Show members separately"));
    params.push_back(bool_param("mentionable", "Anyone can mention the role"));
    return params;
  };

  registry.add(tool(
      "create_role", "Create role", "Create a role.", role_params(true), Scope::admin, additive(),
      guarded([calls, role_body](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        const discord::Route create_role_route{discord::routes::create_role, {{"guild_id", g}}};
        json::value role = co_await calls->call(create_role_route, json::serialize(role_body(args)), {});
        auto id = role.is_object() ? str_field(role.as_object(), "id") : std::string();
        co_return ToolResult::ok(fmt::format("Created @{} (ID: {})", args.str("name"), id), json::object{{"id", id}});
      })));

  registry.add(tool(
      "delete_role", "Delete role", "Delete a role.", {guild_param(), required_string("role_id", "Role ID")},
      Scope::admin, destructive(true), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake role = parse_id(args.str("role_id"));
        const discord::Route delete_role_route{discord::routes::delete_role, {{"guild_id", g}, {"role_id", role}}};
        co_await calls->call(delete_role_route, {}, {});
        co_return ToolResult::ok("Role deleted");
      })));

  registry.add(
      tool("edit_role", "Edit role", "Edit a role. Only the fields given change.", role_params(false), Scope::admin,
           destructive(true), guarded([calls, role_body](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake g = calls->guild(args);
             Snowflake role = parse_id(args.str("role_id"));
             const discord::Route modify_role_route{discord::routes::modify_role, {{"guild_id", g}, {"role_id", role}}};
             co_await calls->call(modify_role_route, json::serialize(role_body(args)), {});
             co_return ToolResult::ok("Role updated");
           })));
}

void add_member_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls) {
  registry.add(tool("list_members", "List members", "List members of a Discord server (one page, up to 1000).",
                    {guild_param(),
                     integer_param("limit", "Maximum members (default 100, max 1000)", false, 100, 0,
                                   std::numeric_limits<std::int64_t>::max(), 1, 1000),
                     optional_string("after", "Only members with a user ID above this one")},
                    Scope::read, read_only(),
                    guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                      Snowflake g = calls->guild(args);
                      discord::Route route{discord::routes::list_members, {{"guild_id", g}}};
                      route.query("limit", args.integer("limit", 100));
                      if (auto after = args.opt_str("after"); after && Snowflake::parse(*after)) {
                        route.query("after", Snowflake::parse(*after)->value);
                      }
                      json::value members = co_await calls->get(std::move(route));
                      std::size_t n = members.is_array() ? members.as_array().size() : 0;
                      std::string text = fmt::format("{} member(s):", n);
                      if (members.is_array()) {
                        for (const auto& m : members.as_array()) {
                          if (!m.is_object()) continue;
                          text += fmt::format("\n{} (ID: {}) | roles: {}", member_display_name(m.as_object()),
                                              str_field(user_of(m.as_object()), "id"), id_list(m.as_object()));
                        }
                      }
                      co_return ToolResult::ok(std::move(text));
                    })));

  registry.add(tool(
      "get_member", "Get member", "Get details about one member of a server.",
      {guild_param(), required_string("user_id", "User ID")}, Scope::read, read_only(),
      guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake user = parse_id(args.str("user_id"));
        const discord::Route get_member_route{discord::routes::get_member, {{"guild_id", g}, {"user_id", user}}};
        json::value member = co_await calls->get(get_member_route);
        const json::object empty;
        const json::object& m = member.is_object() ? member.as_object() : empty;
        const json::object& u = user_of(m);
        std::string joined = str_field(m, "joined_at");
        co_return ToolResult::ok(fmt::format("User: {} (ID: {})\nDisplay: {}\nRoles: {}\nJoined: {}\nBot: {}",
                                             str_field(u, "username"), str_field(u, "id"), member_display_name(m),
                                             id_list(m), joined.empty() ? "unknown" : joined, bool_field(u, "bot")));
      })));

  for (bool assign : {true, false}) {
    registry.add(tool(assign ? "assign_role" : "remove_role", assign ? "Assign role" : "Remove role",
                      assign ? "Give a role to a member." : "Take a role away from a member.",
                      {guild_param(), required_string("user_id", "User ID"), required_string("role_id", "Role ID")},
                      Scope::admin, assign ? additive(true) : destructive(true),
                      guarded([calls, assign](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                        Snowflake g = calls->guild(args);
                        Snowflake user = parse_id(args.str("user_id"));
                        Snowflake role = parse_id(args.str("role_id"));
                        discord::Route route{
                            assign ? discord::routes::add_member_role : discord::routes::remove_member_role,
                            {{"guild_id", g}, {"user_id", user}, {"role_id", role}}};
                        co_await calls->call(std::move(route), {}, {});
                        co_return ToolResult::ok(assign ? "Role assigned" : "Role removed");
                      })));
  }

  registry.add(tool(
      "ban_member", "Ban member", "Ban a user from the server.",
      {guild_param(), required_string("user_id", "User ID"), reason_param(),
       integer_param("delete_message_days", "Delete this many days of their messages (0-7)", false, 0, 0, 255,
                     std::nullopt, 7)},
      Scope::moderate, destructive(true), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake user = parse_id(args.str("user_id"));
        json::object body{{"delete_message_seconds", args.integer("delete_message_days", 0) * 86400}};
        const discord::Route create_ban_route{discord::routes::create_ban, {{"guild_id", g}, {"user_id", user}}};
        co_await calls->call(create_ban_route, json::serialize(body), args.str("reason"));
        co_return ToolResult::ok("User banned");
      })));

  registry.add(
      tool("unban_member", "Unban member", "Lift a user's ban.",
           {guild_param(), required_string("user_id", "User ID"), reason_param()}, Scope::moderate, destructive(true),
           guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake g = calls->guild(args);
             Snowflake user = parse_id(args.str("user_id"));
             const discord::Route remove_ban_route{discord::routes::remove_ban, {{"guild_id", g}, {"user_id", user}}};
             co_await calls->call(remove_ban_route, {}, args.str("reason"));
             co_return ToolResult::ok("User unbanned");
           })));

  registry.add(
      tool("kick_member", "Kick member", "Remove a member from the server (they can rejoin).",
           {guild_param(), required_string("user_id", "User ID"), reason_param()}, Scope::moderate, destructive(true),
           guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake g = calls->guild(args);
             Snowflake user = parse_id(args.str("user_id"));
             const discord::Route kick_member_route{discord::routes::kick_member, {{"guild_id", g}, {"user_id", user}}};
             co_await calls->call(kick_member_route, {}, args.str("reason"));
             co_return ToolResult::ok("User kicked");
           })));

  registry.add(tool(
      "timeout_member", "Time out member",
      "Time a member out (no messages, reactions or voice) for a duration such as 10m, 2h, 1d or 30s; "
      "a bare number means minutes; at most 28 days.",
      {guild_param(), required_string("user_id", "User ID"),
       required_string("duration", "Duration: 30s, 10m, 2h, 1d (bare number = minutes)"), reason_param()},
      Scope::moderate, destructive(false), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake user = parse_id(args.str("user_id"));
        auto seconds = parse_duration_seconds(args.str("duration"));
        auto until = std::chrono::system_clock::now() + std::chrono::seconds(seconds);
        json::object body{{"communication_disabled_until", iso_utc(until)}};
        const discord::Route modify_member_route{discord::routes::modify_member, {{"guild_id", g}, {"user_id", user}}};
        co_await calls->call(modify_member_route, json::serialize(body), args.str("reason"));
        co_return ToolResult::ok(fmt::format("User timed out for {}", args.str("duration")));
      })));

  registry.add(tool(
      "remove_timeout", "Remove timeout", "Lift a member's timeout.",
      {guild_param(), required_string("user_id", "User ID"), reason_param()}, Scope::moderate, destructive(true),
      guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake user = parse_id(args.str("user_id"));
        std::string body_1 = json::serialize(json::object{{"communication_disabled_until", nullptr}});
        const discord::Route modify_member_route{discord::routes::modify_member, {{"guild_id", g}, {"user_id", user}}};
        co_await calls->call(modify_member_route, std::move(body_1), args.str("reason"));
        co_return ToolResult::ok("Timeout removed");
      })));

  registry.add(tool(
      "set_nickname", "Set nickname", "Set or clear (empty or absent) a member's nickname (1-32 characters).",
      {guild_param(), required_string("user_id", "User ID"), optional_string("nickname", "New nickname")},
      Scope::moderate, destructive(true), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake user = parse_id(args.str("user_id"));
        std::string nick = args.str("nickname");
        std::size_t characters = 0;
        for (char c : nick) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
        if (characters > 32) throw InvalidToolArguments("Nickname must be 1-32 characters");
        json::object body{{"nick", nick.empty() ? json::value(nullptr) : json::value(nick)}};
        const discord::Route modify_member_route{discord::routes::modify_member, {{"guild_id", g}, {"user_id", user}}};
        co_await calls->call(modify_member_route, json::serialize(body), {});
        co_return ToolResult::ok(nick.empty() ? std::string("Nickname cleared")
                                              : fmt::format("Nickname set to '{}'", nick));
      })));

  registry.add(
      tool("get_bans", "List bans", "List the server's bans.",
           {guild_param(), integer_param("limit", "Maximum bans (1-255, default 100)", false, 100, 0, 255, 1, 255),
            optional_string("after", "Only bans of user IDs above this one")},
           Scope::read, read_only(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake g = calls->guild(args);
             discord::Route route{discord::routes::list_bans, {{"guild_id", g}}};
             route.query("limit", args.integer("limit", 100));
             if (auto after = args.opt_str("after"); after && !after->empty()) {
               route.query("after", parse_id(*after).value);
             }
             json::value bans = co_await calls->get(std::move(route));
             if (!bans.is_array() || bans.as_array().empty()) co_return ToolResult::ok("No active bans.");
             std::string text = fmt::format("{} ban(s):", bans.as_array().size());
             for (const auto& b : bans.as_array()) {
               if (!b.is_object()) continue;
               const auto& u = user_of(b.as_object());
               std::string reason = str_field(b.as_object(), "reason");
               text += fmt::format("\n{} ({}) — {}", str_field(u, "username"), str_field(u, "id"),
                                   reason.empty() ? "(no reason recorded)" : reason);
             }
             co_return ToolResult::ok(std::move(text));
           })));

  registry.add(tool(
      "move_voice_member", "Move voice member", "Move a member who is in voice to another voice channel.",
      {guild_param(), required_string("user_id", "User ID"), required_string("channel_id", "Target voice channel ID")},
      Scope::moderate, destructive(true), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake user = parse_id(args.str("user_id"));
        Snowflake channel = parse_id(args.str("channel_id"));
        co_await calls->verify_channel(channel, g);
        std::string body_2 = json::serialize(json::object{{"channel_id", channel.str()}});
        const discord::Route modify_member_route{discord::routes::modify_member, {{"guild_id", g}, {"user_id", user}}};
        co_await calls->call(modify_member_route, std::move(body_2), {});
        co_return ToolResult::ok(fmt::format("Moved user to voice channel {}", channel.str()));
      })));

  registry.add(tool(
      "disconnect_voice_member", "Disconnect voice member", "Disconnect a member from voice.",
      {guild_param(), required_string("user_id", "User ID")}, Scope::moderate, destructive(true),
      guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake user = parse_id(args.str("user_id"));
        std::string body_3 = json::serialize(json::object{{"channel_id", nullptr}});
        const discord::Route modify_member_route{discord::routes::modify_member, {{"guild_id", g}, {"user_id", user}}};
        co_await calls->call(modify_member_route, std::move(body_3), {});
        co_return ToolResult::ok("User disconnected from voice");
      })));

  registry.add(tool(
      "modify_voice_state", "Server mute/deafen", "Server-mute and/or server-deafen a member.",
      {guild_param(), required_string("user_id", "User ID"), bool_param("mute", "Server mute"),
       bool_param("deafen", "Server deafen")},
      Scope::moderate, destructive(true), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake user = parse_id(args.str("user_id"));
        auto mute = args.opt_bool("mute");
        auto deafen = args.opt_bool("deafen");
        if (!mute && !deafen) throw InvalidToolArguments("At least one of mute/deafen must be provided");
        json::object body;
        std::vector<std::string> parts;
        if (mute) {
          body["mute"] = *mute;
          parts.push_back(fmt::format("mute={}", *mute));
        }
        if (deafen) {
          body["deaf"] = *deafen;
          parts.push_back(fmt::format("deaf={}", *deafen));
        }
        const discord::Route modify_member_route{discord::routes::modify_member, {{"guild_id", g}, {"user_id", user}}};
        co_await calls->call(modify_member_route, json::serialize(body), {});
        co_return ToolResult::ok(fmt::format("Voice state updated: {}", fmt::join(parts, ", ")));
      })));
}

}  // namespace dbot::mcp::discord_tools
