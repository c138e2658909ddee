// Direct-message tools, webhook tools (tokens never returned: they stay with
// Discord and the bot fetches them when it needs one), invite and emoji tools,
// and register_discord_tools().

#include <fmt/format.h>
#include <boost/json.hpp>

#include "discord/routes.hpp"
#include "mcp/discord/calls.hpp"
#include "mcp/discord/helpers.hpp"
#include "mcp/discord/tool_defs.hpp"
#include "net/http.hpp"

namespace dbot::mcp::discord_tools {

namespace {

constexpr std::size_t kMaxEmojiBytes = 256 * 1024;

std::string webhook_line(const json::object& w) {
  std::string name = str_field(w, "name");
  return fmt::format("{} (id={})", name.empty() ? "(unnamed)" : name, str_field(w, "id"));
}

}  // namespace

void add_dm_and_webhook_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls) {
  registry.add(
      tool("send_private_message", "Send DM",
           "Send a direct message to a user as the bot. PRIVILEGED: consider requiring manual approval.",
           {required_string("user_id", "User ID"), required_string("content", "Message text")}, Scope::write,
           additive(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake user = parse_id(args.str("user_id"));
             Snowflake channel = co_await calls->dm_channel(user);
             json::object body{{"content", args.str("content")},
                               {"allowed_mentions", json::object{{"parse", json::array{}}}}};
             const discord::Route create_message_route{discord::routes::create_message, {{"channel_id", channel}}};
             co_await calls->call(create_message_route, json::serialize(body), {});
             co_return ToolResult::ok("Message sent");
           })));

  registry.add(tool("read_private_messages", "Read DMs", "Read recent messages of the bot's DM with a user.",
                    {required_string("user_id", "User ID"),
                     integer_param("limit", "Number of messages (1-100, default 50)", false, 50, 0, 255, 1, 100),
                     optional_string("before", "Only messages before this message ID")},
                    Scope::read, read_only(),
                    guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                      Snowflake user = parse_id(args.str("user_id"));
                      Snowflake channel = co_await calls->dm_channel(user);
                      discord::Route route{discord::routes::get_messages, {{"channel_id", channel}}};
                      route.query("limit", args.integer("limit", 50));
                      if (auto before = args.opt_str("before"); before && !before->empty()) {
                        route.query("before", parse_id(*before).value);
                      }
                      json::value messages = co_await calls->get(std::move(route));
                      std::string text;
                      if (messages.is_array()) {
                        for (const auto& m : messages.as_array()) {
                          if (!m.is_object()) continue;
                          if (!text.empty()) text += "\n";
                          text += format_message_line(m.as_object());
                        }
                      }
                      co_return ToolResult::ok(text.empty() ? "No messages found." : text);
                    })));

  registry.add(tool("edit_private_message", "Edit DM", "Edit a message the bot sent in a DM.",
                    {required_string("user_id", "User ID"), required_string("message_id", "Message ID"),
                     required_string("content", "New text")},
                    Scope::write, destructive(true),
                    guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                      Snowflake user = parse_id(args.str("user_id"));
                      Snowflake message = parse_id(args.str("message_id"));
                      Snowflake channel = co_await calls->dm_channel(user);
                      std::string body_1 = json::serialize(json::object{{"content", args.str("content")}});
                      const discord::Route edit_message_route{discord::routes::edit_message,
                                                              {{"channel_id", channel}, {"message_id", message}}};
                      co_await calls->call(edit_message_route, std::move(body_1), {});
                      co_return ToolResult::ok("Message edited");
                    })));

  registry.add(tool("delete_private_message", "Delete DM", "Delete a message the bot sent in a DM.",
                    {required_string("user_id", "User ID"), required_string("message_id", "Message ID")},
                    Scope::moderate, destructive(true),
                    guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                      Snowflake user = parse_id(args.str("user_id"));
                      Snowflake message = parse_id(args.str("message_id"));
                      Snowflake channel = co_await calls->dm_channel(user);
                      const discord::Route delete_message_route{discord::routes::delete_message,
                                                                {{"channel_id", channel}, {"message_id", message}}};
                      co_await calls->call(delete_message_route, {}, {});
                      co_return ToolResult::ok("Message deleted");
                    })));

  registry.add(tool("list_webhooks", "List webhooks", "List a channel's webhooks (tokens are never shown).",
                    {guild_param(), required_string("channel_id", "Channel ID")}, Scope::read, read_only(),
                    guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                      Snowflake g = calls->guild(args);
                      Snowflake channel = parse_id(args.str("channel_id"));
                      co_await calls->verify_channel(channel, g);
                      const discord::Route list_channel_webhooks_route{discord::routes::list_channel_webhooks,
                                                                       {{"channel_id", channel}}};
                      json::value hooks = co_await calls->get(list_channel_webhooks_route);
                      if (!hooks.is_array() || hooks.as_array().empty()) {
                        co_return ToolResult::ok("No webhooks in this channel.");
                      }
                      std::string text = fmt::format("{} webhook(s):", hooks.as_array().size());
                      for (const auto& w : hooks.as_array()) {
                        if (w.is_object()) text += "\n" + webhook_line(w.as_object());
                      }
                      co_return ToolResult::ok(std::move(text));
                    })));

  registry.add(
      tool("create_webhook", "Create webhook",
           "Create a webhook in a channel (name 1-80 characters, must not contain \"discord\"). The token "
           "stays with the bot; use send_webhook_message with the webhook id.",
           {guild_param(), required_string("channel_id", "Channel ID"), required_string("name", "Name")}, Scope::admin,
           additive(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake g = calls->guild(args);
             Snowflake channel = parse_id(args.str("channel_id"));
             co_await calls->verify_channel(channel, g);
             std::string body_2 = json::serialize(json::object{{"name", args.str("name")}});
             const discord::Route create_webhook_route{discord::routes::create_webhook, {{"channel_id", channel}}};
             json::value hook = co_await calls->call(create_webhook_route, std::move(body_2), {});
             auto id = hook.is_object() ? str_field(hook.as_object(), "id") : std::string();
             co_return ToolResult::ok(fmt::format("Webhook created: id={}", id), json::object{{"id", id}});
           })));

  registry.add(
      tool("delete_webhook", "Delete webhook", "Delete a webhook of this server.",
           {guild_param(), required_string("webhook_id", "Webhook ID")}, Scope::admin, destructive(true),
           guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake g = calls->guild(args);
             Snowflake hook = parse_id(args.str("webhook_id"));
             const discord::Route get_webhook_route{discord::routes::get_webhook, {{"webhook_id", hook}}};
             json::value info = co_await calls->get(get_webhook_route);
             if (!info.is_object() || str_field(info.as_object(), "guild_id") != g.str()) {
               throw InvalidToolArguments(fmt::format("Webhook {} is not in guild {}", hook.str(), g.str()));
             }
             const discord::Route delete_webhook_route{discord::routes::delete_webhook, {{"webhook_id", hook}}};
             co_await calls->call(delete_webhook_route, {}, {});
             co_return ToolResult::ok("Webhook deleted");
           })));

  registry.add(
      tool("send_webhook_message", "Send webhook message",
           "Post a message through a webhook of this server, optionally with another name and avatar. "
           "PRIVILEGED: consider requiring manual approval. The bot looks the webhook token up itself; "
           "`token` is accepted for compatibility but not needed.",
           {guild_param(), required_string("webhook_id", "Webhook ID"),
            optional_string("token", "Webhook token (optional; the bot fetches it)"),
            required_string("content", "Message text"), optional_string("username", "Display name override"),
            optional_string("avatar_url", "Avatar URL override")},
           Scope::write, additive(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake g = calls->guild(args);
             Snowflake hook = parse_id(args.str("webhook_id"));
             const discord::Route get_webhook_route{discord::routes::get_webhook, {{"webhook_id", hook}}};
             json::value info = co_await calls->get(get_webhook_route);
             if (!info.is_object() || str_field(info.as_object(), "guild_id") != g.str()) {
               throw InvalidToolArguments(fmt::format("Webhook {} is not in guild {}", hook.str(), g.str()));
             }
             std::string token = args.str("token");
             if (token.empty()) token = str_field(info.as_object(), "token");
             if (token.empty()) {
               co_return ToolResult::error(
                   "This webhook was not created by the bot, so it cannot post "
                   "through it without its token.");
             }
             json::object body{{"content", args.str("content")},
                               {"allowed_mentions", json::object{{"parse", json::array{}}}}};
             if (auto v = args.opt_str("username"); v && !v->empty()) body["username"] = *v;
             if (auto v = args.opt_str("avatar_url"); v && !v->empty()) body["avatar_url"] = *v;
             discord::Route route{discord::routes::execute_webhook, {{"webhook_id", hook}, {"webhook_token", token}}};
             route.query("wait", "false");
             co_await calls->call(std::move(route), json::serialize(body), {});
             co_return ToolResult::ok("Webhook message sent");
           })));
}

void add_invite_and_emoji_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls) {
  registry.add(tool(
      "list_invites", "List invites", "List the server's active invites.", {guild_param()}, Scope::read, read_only(),
      guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        const discord::Route list_guild_invites_route{discord::routes::list_guild_invites, {{"guild_id", g}}};
        json::value invites = co_await calls->get(list_guild_invites_route);
        if (!invites.is_array() || invites.as_array().empty()) co_return ToolResult::ok("No invites.");
        std::string text = fmt::format("{} invite(s):", invites.as_array().size());
        for (const auto& i : invites.as_array()) {
          if (!i.is_object()) continue;
          const auto& o = i.as_object();
          std::string channel;
          if (const json::value* c = o.if_contains("channel"); c && c->is_object()) {
            channel = str_field(c->as_object(), "id");
          }
          auto max_uses = int_field(o, "max_uses", 0);
          auto max_age = int_field(o, "max_age", 0);
          text +=
              fmt::format("\n{} | channel: {} | uses: {}/{} | max_age: {}", str_field(o, "code"), channel,
                          int_field(o, "uses", 0), max_uses == 0 ? std::string("unlimited") : std::to_string(max_uses),
                          max_age == 0 ? std::string("never expires") : fmt::format("{}s", max_age));
        }
        co_return ToolResult::ok(std::move(text));
      })));

  registry.add(
      tool("create_invite", "Create invite", "Create an invite to a channel.",
           {guild_param(), required_string("channel_id", "Channel ID"),
            integer_param("max_age", "Seconds until it expires (0 = never, default 86400, max 604800)", false, 86400, 0,
                          604800),
            integer_param("max_uses", "Maximum uses (0 = unlimited, max 100)", false, 0, 0, 100),
            bool_param("temporary", "Members who join are kicked when they disconnect unless given a role"),
            bool_param("unique", "Always create a new invite")},
           Scope::write, additive(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake g = calls->guild(args);
             Snowflake channel = parse_id(args.str("channel_id"));
             co_await calls->verify_channel(channel, g);
             json::object body{{"max_age", args.integer("max_age", 86400)}, {"max_uses", args.integer("max_uses", 0)}};
             if (auto v = args.opt_bool("temporary")) body["temporary"] = *v;
             if (auto v = args.opt_bool("unique")) body["unique"] = *v;
             const discord::Route create_invite_route{discord::routes::create_invite, {{"channel_id", channel}}};
             json::value invite = co_await calls->call(create_invite_route, json::serialize(body), {});
             auto code = invite.is_object() ? str_field(invite.as_object(), "code") : std::string();
             co_return ToolResult::ok(fmt::format("Invite created: https://discord.gg/{}", code),
                                      json::object{{"code", code}});
           })));

  registry.add(tool("delete_invite", "Delete invite", "Delete (revoke) an invite of this server by its code.",
                    {guild_param(), required_string("code", "Invite code")}, Scope::admin, destructive(true),
                    guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                      Snowflake g = calls->guild(args);
                      std::string code = args.str("code");
                      const discord::Route get_invite_route{discord::routes::get_invite, {{"invite_code", code}}};
                      json::value info = co_await calls->get(get_invite_route);
                      std::string guild;
                      if (info.is_object()) {
                        if (const json::value* gv = info.as_object().if_contains("guild"); gv && gv->is_object()) {
                          guild = str_field(gv->as_object(), "id");
                        }
                      }
                      if (guild != g.str()) {
                        throw InvalidToolArguments(fmt::format("Invite {} is not for guild {}", code, g.str()));
                      }
                      const discord::Route delete_invite_route{discord::routes::delete_invite, {{"invite_code", code}}};
                      co_await calls->call(delete_invite_route, {}, {});
                      co_return ToolResult::ok("Invite deleted");
                    })));

  registry.add(
      tool("get_invite_details", "Invite details",
           "Show what an invite leads to: server, channel, member counts and expiry.",
           {required_string("code", "Invite code")}, Scope::read, read_only(),
           guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             std::string code = args.str("code");
             discord::Route route{discord::routes::get_invite, {{"invite_code", code}}};
             route.query("with_counts", "true").query("with_expiration", "true");
             json::value info = co_await calls->get(std::move(route));
             const json::object empty;
             const json::object& o = info.is_object() ? info.as_object() : empty;
             auto sub = [&](std::string_view key) -> const json::object& {
               const json::value* v = o.if_contains(key);
               return v && v->is_object() ? v->as_object() : empty;
             };
             std::string expires = str_field(o, "expires_at");
             co_return ToolResult::ok(fmt::format(
                 "Invite: {}\nServer: {} (ID: {})\nChannel: #{} (ID: {})\nMembers: {} ({} online)\nExpires: {}",
                 str_field(o, "code"), str_field(sub("guild"), "name"), str_field(sub("guild"), "id"),
                 str_field(sub("channel"), "name"), str_field(sub("channel"), "id"),
                 int_field(o, "approximate_member_count", 0), int_field(o, "approximate_presence_count", 0),
                 expires.empty() ? "never" : expires));
           })));

  registry.add(tool("list_emojis", "List emojis", "List the server's custom emojis.", {guild_param()}, Scope::read,
                    read_only(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                      Snowflake g = calls->guild(args);
                      const discord::Route list_emojis_route{discord::routes::list_emojis, {{"guild_id", g}}};
                      json::value emojis = co_await calls->get(list_emojis_route);
                      if (!emojis.is_array() || emojis.as_array().empty()) {
                        co_return ToolResult::ok("No custom emojis.");
                      }
                      std::string text = fmt::format("{} emoji(s):", emojis.as_array().size());
                      for (const auto& e : emojis.as_array()) {
                        if (!e.is_object()) continue;
                        const auto& o = e.as_object();
                        text += fmt::format("\n<{}:{}:{}> | ID: {}", bool_field(o, "animated") ? "a" : "",
                                            str_field(o, "name"), str_field(o, "id"), str_field(o, "id"));
                      }
                      co_return ToolResult::ok(std::move(text));
                    })));

  registry.add(tool(
      "create_emoji", "Create emoji",
      "Create a custom emoji from an HTTPS image URL (PNG, JPEG, GIF or WebP, at most 256 KiB).",
      {guild_param(), required_string("name", "Emoji name (2-32 characters: letters, digits, _)"),
       required_string("image_url", "HTTPS URL of the image")},
      Scope::admin, additive(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        std::string url = args.str("image_url");
        if (url.substr(0, 8) != "https://") throw InvalidToolArguments("image_url must be an https:// URL");
        if (!calls->context().fetch) co_return ToolResult::error("Image downloads are not available.");
        net::HttpRequest request;
        request.method = "GET";
        request.target = url;
        net::HttpResponse image = co_await calls->context().fetch(std::move(request), std::chrono::milliseconds(10000));
        if (image.status != 200) {
          co_return ToolResult::error(fmt::format("Downloading the image failed: HTTP {}", image.status));
        }
        if (image.body.size() > kMaxEmojiBytes) {
          co_return ToolResult::error(
              fmt::format("The image is {} bytes; emojis are limited to 256 KiB.", image.body.size()));
        }
        std::string type(image.headers.get("Content-Type").value_or("image/png"));
        if (auto semi = type.find(';'); semi != std::string::npos) type.resize(semi);
        if (type != "image/png" && type != "image/jpeg" && type != "image/gif" && type != "image/webp") {
          co_return ToolResult::error("The URL is not a PNG, JPEG, GIF or WebP image.");
        }
        json::object body{{"name", args.str("name")},
                          {"image", "data:" + type + ";base64," + base64_encode(image.body)}};
        const discord::Route create_emoji_route{discord::routes::create_emoji, {{"guild_id", g}}};
        json::value emoji = co_await calls->call(create_emoji_route, json::serialize(body), {});
        auto id = emoji.is_object() ? str_field(emoji.as_object(), "id") : std::string();
        co_return ToolResult::ok(fmt::format("Created emoji :{}: (ID: {})", args.str("name"), id),
                                 json::object{{"id", id}});
      })));

  registry.add(tool(
      "edit_emoji", "Rename emoji", "Rename a custom emoji.",
      {guild_param(), required_string("emoji_id", "Emoji ID"), required_string("name", "New name")}, Scope::admin,
      destructive(true), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake emoji = parse_id(args.str("emoji_id"));
        std::string body_3 = json::serialize(json::object{{"name", args.str("name")}});
        const discord::Route modify_emoji_route{discord::routes::modify_emoji, {{"guild_id", g}, {"emoji_id", emoji}}};
        co_await calls->call(modify_emoji_route, std::move(body_3), {});
        co_return ToolResult::ok("Emoji updated");
      })));

  registry.add(tool(
      "delete_emoji", "Delete emoji", "Delete a custom emoji.",
      {guild_param(), required_string("emoji_id", "Emoji ID")}, Scope::admin, destructive(true),
      guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake emoji = parse_id(args.str("emoji_id"));
        const discord::Route delete_emoji_route{discord::routes::delete_emoji, {{"guild_id", g}, {"emoji_id", emoji}}};
        co_await calls->call(delete_emoji_route, {}, {});
        co_return ToolResult::ok("Emoji deleted");
      })));
}

}  // namespace dbot::mcp::discord_tools

namespace dbot::mcp {

void register_discord_tools(ToolRegistry& registry, std::shared_ptr<DiscordToolsContext> context) {
  auto calls = std::make_shared<discord_tools::Calls>(std::move(context));
  discord_tools::add_guild_and_message_tools(registry, calls);
  discord_tools::add_channel_tools(registry, calls);
  discord_tools::add_role_tools(registry, calls);
  discord_tools::add_member_tools(registry, calls);
  discord_tools::add_dm_and_webhook_tools(registry, calls);
  discord_tools::add_invite_and_emoji_tools(registry, calls);
}

}  // namespace dbot::mcp
