// Guild and message tools: list_guilds, get_guild_info, send_message,
// delete_messages, get_recent_messages, search_messages, add_reaction,
// remove_reaction.

#include <fmt/format.h>
#include <boost/json.hpp>

#include "discord/routes.hpp"
#include "mcp/discord/calls.hpp"
#include "mcp/discord/helpers.hpp"
#include "mcp/discord/tool_defs.hpp"
#include "net/http.hpp"

namespace dbot::mcp::discord_tools {

namespace {

json::array as_array(const json::value& value) { return value.is_array() ? value.as_array() : json::array{}; }

}  // namespace

void add_guild_and_message_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls) {
  registry.add(tool("list_guilds", "List servers", "List all Discord servers (guilds) the bot is a member of.", {},
                    Scope::read, read_only(), guarded([calls](const ToolArgs&) -> boost::asio::awaitable<ToolResult> {
                      const discord::Route list_current_user_guilds_route{discord::routes::list_current_user_guilds};
                      json::value guilds = co_await calls->get(list_current_user_guilds_route);
                      std::string text = fmt::format("{} server(s):", as_array(guilds).size());
                      json::array structured;
                      for (const auto& g : as_array(guilds)) {
                        if (!g.is_object()) continue;
                        auto id = str_field(g.as_object(), "id");
                        auto name = str_field(g.as_object(), "name");
                        text += fmt::format("\n{} | ID: {}", name, id);
                        structured.push_back(json::object{{"id", id}, {"name", name}});
                      }
                      co_return ToolResult::ok(
                          std::move(text), json::object{{"guilds", std::move(structured)},
                                                        {"default_guild_id", calls->context().default_guild.str()}});
                    })));

  registry.add(tool(
      "get_guild_info", "Server info",
      "Get information about a Discord server: name, owner, member count, channel and role counts.", {guild_param()},
      Scope::read, read_only(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        discord::Route guild_route{discord::routes::get_guild, {{"guild_id", g}}};
        guild_route.query("with_counts", "true");
        json::value guild = co_await calls->get(std::move(guild_route));
        const discord::Route list_guild_channels_route{discord::routes::list_guild_channels, {{"guild_id", g}}};
        json::value channels = co_await calls->get(list_guild_channels_route);
        const discord::Route get_roles_route{discord::routes::get_roles, {{"guild_id", g}}};
        json::value roles = co_await calls->get(get_roles_route);
        const json::object empty;
        const json::object& o = guild.is_object() ? guild.as_object() : empty;
        co_return ToolResult::ok(fmt::format(
            "Server: {}\nID: {}\nOwner: <@{}>\nApprox Members: {}\nChannels: {}\nRoles: {}", str_field(o, "name"),
            str_field(o, "id"), str_field(o, "owner_id"), int_field(o, "approximate_member_count", 0),
            as_array(channels).size(), as_array(roles).size()));
      })));

  registry.add(
      tool("send_message", "Send message",
           "Send a message to a Discord channel. PRIVILEGED: posts as the bot; consider requiring manual "
           "approval for this tool.",
           {guild_param(), required_string("channel_id", "Channel ID"), required_string("content", "Message text")},
           Scope::write, additive(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
             Snowflake g = calls->guild(args);
             Snowflake channel = parse_id(args.str("channel_id"));
             co_await calls->verify_channel(channel, g);
             json::object body{{"content", args.str("content")},
                               {"allowed_mentions", json::object{{"parse", json::array{}}}}};
             const discord::Route create_message_route{discord::routes::create_message, {{"channel_id", channel}}};
             json::value message = co_await calls->call(create_message_route, json::serialize(body), {});
             auto id = message.is_object() ? str_field(message.as_object(), "id") : std::string();
             co_return ToolResult::ok(fmt::format("Message sent (ID: {})", id), json::object{{"message_id", id}});
           })));

  registry.add(tool(
      "delete_messages", "Delete recent messages",
      "Bulk-delete the most recent messages in a channel (1-100; messages older than 14 days cannot "
      "be bulk-deleted).",
      {guild_param(), required_string("channel_id", "Channel ID"),
       integer_param("count", "Number of recent messages to delete (1-100)", true, std::nullopt, 0, 255, 1, 100)},
      Scope::moderate, destructive(false), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake channel = parse_id(args.str("channel_id"));
        co_await calls->verify_channel(channel, g);
        auto count = args.integer("count", 1);
        discord::Route list_route{discord::routes::get_messages, {{"channel_id", channel}}};
        list_route.query("limit", count);
        json::value messages = co_await calls->get(std::move(list_route));
        json::array ids;
        for (const auto& m : as_array(messages)) {
          if (m.is_object()) ids.push_back(json::value(str_field(m.as_object(), "id")));
        }
        if (ids.size() > 1) {
          std::string body_1 = json::serialize(json::object{{"messages", ids}});
          const discord::Route bulk_delete_messages_route{discord::routes::bulk_delete_messages,
                                                          {{"channel_id", channel}}};
          co_await calls->call(bulk_delete_messages_route, std::move(body_1), {});
        } else if (ids.size() == 1) {
          const discord::Route delete_message_route{
              discord::routes::delete_message,
              {{"channel_id", channel}, {"message_id", std::string_view(ids[0].as_string())}}};
          co_await calls->call(delete_message_route, {}, {});
        }
        co_return ToolResult::ok(fmt::format("Deleted {} message(s)", ids.size()));
      })));

  registry.add(tool("get_recent_messages", "Read recent messages", "Read recent messages from a channel, newest first.",
                    {guild_param(), required_string("channel_id", "Channel ID"),
                     integer_param("limit", "Number of messages (1-100, default 50)", false, 50, 0, 255, 1, 100),
                     optional_string("before", "Only messages before this message ID")},
                    Scope::read, read_only(),
                    guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
                      Snowflake g = calls->guild(args);
                      Snowflake channel = parse_id(args.str("channel_id"));
                      co_await calls->verify_channel(channel, g);
                      discord::Route route{discord::routes::get_messages, {{"channel_id", channel}}};
                      route.query("limit", args.integer("limit", 50));
                      if (auto before = args.opt_str("before"); before && !before->empty()) {
                        route.query("before", parse_id(*before).value);
                      }
                      json::value messages = co_await calls->get(std::move(route));
                      std::string text;
                      for (const auto& m : as_array(messages)) {
                        if (!m.is_object()) continue;
                        if (!text.empty()) text += "\n";
                        text += format_message_line(m.as_object());
                      }
                      co_return ToolResult::ok(text.empty() ? "No messages found." : text);
                    })));

  registry.add(tool(
      "search_messages", "Search messages",
      "Search a channel's history, newest first, by author ID, author username (case-insensitive substring), "
      "content (case-insensitive substring) and a time or snowflake window (after/before: ISO 8601 date, "
      "RFC 3339 time or message ID). Scans up to max_pages pages of 100 messages.",
      {guild_param(), required_string("channel_id", "Channel ID"),
       optional_string("author_id", "Only messages by this user ID"),
       optional_string("author_name", "Case-insensitive substring of the author's username"),
       optional_string("content", "Case-insensitive substring of the message text"),
       optional_string("after", "Lower bound: ISO 8601 date/time or snowflake"),
       optional_string("before", "Upper bound: ISO 8601 date/time or snowflake"),
       integer_param("limit", "Maximum matches (1-1000, default 100)", false, 100, 0, 4294967295LL, 1, 1000),
       integer_param("max_pages", "Maximum pages of 100 messages to scan (1-100, default 20)", false, 20, 0,
                     4294967295LL, 1, 100)},
      Scope::read, read_only(), guarded([calls](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
        Snowflake g = calls->guild(args);
        Snowflake channel = parse_id(args.str("channel_id"));
        std::optional<std::string> author_id;
        if (auto a = args.opt_str("author_id"); a && !a->empty()) author_id = parse_id(*a).str();
        auto lower = [](std::string s) {
          for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          return s;
        };
        std::string author_name = lower(args.str("author_name"));
        std::string content = lower(args.str("content"));
        std::optional<std::uint64_t> after;
        if (auto a = args.opt_str("after"); a && !a->empty()) after = parse_time_or_snowflake(*a);
        std::optional<std::uint64_t> cursor;
        if (auto b = args.opt_str("before"); b && !b->empty()) cursor = parse_time_or_snowflake(*b);
        auto limit = static_cast<std::size_t>(args.integer("limit", 100));
        auto max_pages = args.integer("max_pages", 20);
        co_await calls->verify_channel(channel, g);

        std::vector<std::string> lines;
        std::size_t scanned = 0;
        std::int64_t pages = 0;
        bool reached_after = false;
        bool exhausted = false;
        while (pages < max_pages && lines.size() < limit && !reached_after) {
          discord::Route route{discord::routes::get_messages, {{"channel_id", channel}}};
          route.query("limit", 100);
          if (cursor) route.query("before", fmt::format("{}", *cursor));
          json::value page = co_await calls->get(std::move(route));
          ++pages;
          auto list = as_array(page);
          if (list.empty()) {
            exhausted = true;
            break;
          }
          for (const auto& m : list) {
            if (!m.is_object()) continue;
            const auto& message = m.as_object();
            auto id = static_cast<std::uint64_t>(int_field(message, "id", 0));
            if (after && id <= *after) {
              reached_after = true;
              break;
            }
            ++scanned;
            const json::value* author = message.if_contains("author");
            const json::object empty;
            const json::object& a = author && author->is_object() ? author->as_object() : empty;
            if (author_id && str_field(a, "id") != *author_id) continue;
            if (!author_name.empty() && lower(str_field(a, "username")).find(author_name) == std::string::npos) {
              continue;
            }
            if (!content.empty() && lower(str_field(message, "content")).find(content) == std::string::npos) {
              continue;
            }
            lines.push_back(format_message_line(message));
            if (lines.size() >= limit) break;
          }
          const auto& oldest = list.back();
          cursor = oldest.is_object() ? static_cast<std::uint64_t>(int_field(oldest.as_object(), "id", 0)) : 0;
          if (list.size() < 100) {
            exhausted = true;
            break;
          }
        }
        std::string text =
            fmt::format("Scanned {} message(s) across {} page(s), found {} match(es).", scanned, pages, lines.size());
        if (pages >= max_pages && !reached_after && !exhausted && lines.size() < limit) {
          text +=
              " The search stopped at max_pages and older messages may exist: raise max_pages, or call again "
              "with before set to the oldest msg_id shown.";
        }
        for (const auto& line : lines) text += "\n" + line;
        co_return ToolResult::ok(std::move(text));
      })));

  for (bool add : {true, false}) {
    registry.add(
        tool(add ? "add_reaction" : "remove_reaction", add ? "Add reaction" : "Remove reaction",
             add ? "React to a message as the bot. Emoji: a Unicode emoji, <:name:id>, <a:name:id> or a "
                   "custom emoji ID."
                 : "Remove the bot's own reaction from a message.",
             {guild_param(), required_string("channel_id", "Channel ID"), required_string("message_id", "Message ID"),
              required_string("emoji", "The emoji")},
             Scope::write, add ? additive(true) : destructive(true),
             guarded([calls, add](const ToolArgs& args) -> boost::asio::awaitable<ToolResult> {
               Snowflake g = calls->guild(args);
               Snowflake channel = parse_id(args.str("channel_id"));
               Snowflake message = parse_id(args.str("message_id"));
               std::string emoji = parse_emoji(args.str("emoji"));
               co_await calls->verify_channel(channel, g);
               discord::Route route{add ? discord::routes::add_own_reaction : discord::routes::remove_own_reaction,
                                    {{"channel_id", channel}, {"message_id", message}, {"emoji", emoji}}};
               co_await calls->call(std::move(route), {}, {});
               co_return ToolResult::ok(fmt::format("Reaction {} {}", args.str("emoji"), add ? "added" : "removed"));
             })));
  }
}

}  // namespace dbot::mcp::discord_tools
