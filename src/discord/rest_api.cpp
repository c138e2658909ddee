// The typed REST calls: paths, bodies and result parsing over request().
#include <fmt/format.h>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/clock.hpp"
#include "discord/models_json.hpp"
#include "discord/rest_client.hpp"
#include "discord/routes.hpp"

namespace dbot::discord {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

json::value parse_or_throw(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) throw Error("Discord sent something unexpected.", "Discord REST: response is not JSON");
  return v;
}

const json::object& as_object(const json::value& v) {
  if (!v.is_object()) throw Error("Discord sent something unexpected.", "Discord REST: expected a JSON object");
  return v.as_object();
}

json::value parse_field(const std::string& text, const char* what) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) throw Error(fmt::format("The {} are not valid JSON.", what), fmt::format("invalid {} JSON", what));
  return v;
}

json::value allowed_mentions_value(const std::optional<AllowedMentions>& typed, const std::string& text) {
  if (typed) {
    json::array parse;
    if (typed->parse_users) parse.emplace_back("users");
    if (typed->parse_roles) parse.emplace_back("roles");
    if (typed->parse_everyone) parse.emplace_back("everyone");
    json::object out{{"parse", std::move(parse)}};
    if (!typed->users.empty() && !typed->parse_users) {
      json::array users;
      for (const auto& id : typed->users) users.emplace_back(id.str());
      out["users"] = std::move(users);
    }
    out["replied_user"] = typed->replied_user;
    return out;
  }
  return text.empty() ? json::value(json::object{{"parse", json::array{}}}) : parse_field(text, "allowed mentions");
}

json::object message_body(const MessageCreate& m) {
  json::object body;
  if (!m.content.empty()) body["content"] = m.content;
  if (!m.embeds_json.empty()) body["embeds"] = parse_field(m.embeds_json, "embeds");
  if (!m.components_json.empty()) body["components"] = parse_field(m.components_json, "components");
  body["allowed_mentions"] = allowed_mentions_value(m.allowed_mentions, m.allowed_mentions_json);
  if (m.reply_to.value) {
    body["message_reference"] =
        json::object{{"message_id", m.reply_to.str()}, {"fail_if_not_exists", m.fail_if_reply_missing}};
  }
  if (m.flags) body["flags"] = m.flags;
  return body;
}

json::object edit_body(const MessageEdit& e) {
  json::object body;
  if (e.content) body["content"] = *e.content;
  if (e.embeds_json)
    body["embeds"] = e.embeds_json->empty() ? json::value(json::array{}) : parse_field(*e.embeds_json, "embeds");
  if (e.components_json) {
    body["components"] =
        e.components_json->empty() ? json::value(json::array{}) : parse_field(*e.components_json, "components");
  }
  body["allowed_mentions"] = allowed_mentions_value(e.allowed_mentions, e.allowed_mentions_json);
  return body;
}

// Bodies are built outside coroutines (g++ 12 mishandles string literals in
// braced initialisers inside coroutine frames).
std::string one_field_body(const char* key, json::value value) {
  json::object o;
  o[key] = std::move(value);
  return json::serialize(o);
}

template <typename T, typename F>
std::vector<T> parse_list(const std::string& text, F parse) {
  auto v = parse_or_throw(text);
  std::vector<T> out;
  if (!v.is_array()) return out;
  for (const auto& item : v.as_array()) {
    if (item.is_object()) out.push_back(parse(item.as_object()));
  }
  return out;
}

}  // namespace

asio::awaitable<User> RestClient::get_current_user() {
  const Route route{routes::get_current_user};
  co_return parse_user(as_object(parse_or_throw(co_await request(route))));
}

asio::awaitable<GatewayBotInfo> RestClient::get_gateway_bot() {
  const Route route{routes::get_gateway_bot};
  auto v = parse_or_throw(co_await request(route));
  const auto& o = as_object(v);
  GatewayBotInfo info;
  if (auto* url = o.if_contains("url"); url && url->is_string()) info.url = std::string(url->as_string());
  if (auto* s = o.if_contains("shards"); s && s->is_number()) info.shards = std::max(1u, s->to_number<unsigned>());
  if (auto* l = o.if_contains("session_start_limit"); l && l->is_object()) {
    const auto& lim = l->as_object();
    auto num = [&](const char* key, unsigned fallback) {
      auto* x = lim.if_contains(key);
      return x && x->is_number() ? x->to_number<unsigned>() : fallback;
    };
    info.session_start_total = num("total", 1000);
    info.session_start_remaining = num("remaining", 1000);
    info.session_start_reset_after = std::chrono::milliseconds(num("reset_after", 0));
    info.max_concurrency = std::max(1u, num("max_concurrency", 1));
  }
  co_return info;
}

asio::awaitable<Message> RestClient::create_message(Snowflake channel, MessageCreate message) {
  auto body = json::serialize(message_body(message));
  const Route route{routes::create_message, {{"channel_id", channel}}};
  co_return parse_message(as_object(parse_or_throw(co_await request(route, std::move(body)))));
}

asio::awaitable<Message> RestClient::edit_message(Snowflake channel, Snowflake message, MessageEdit edit) {
  const Route route{routes::edit_message, {{"channel_id", channel}, {"message_id", message}}};
  co_return parse_message(as_object(parse_or_throw(co_await request(route, json::serialize(edit_body(edit))))));
}

asio::awaitable<void> RestClient::delete_message(Snowflake channel, Snowflake message, CallOptions options) {
  const Route route{routes::delete_message, {{"channel_id", channel}, {"message_id", message}}};
  co_await request(route, {}, std::move(options));
}

asio::awaitable<Message> RestClient::get_message(Snowflake channel, Snowflake message) {
  const Route route{routes::get_message, {{"channel_id", channel}, {"message_id", message}}};
  co_return parse_message(as_object(parse_or_throw(co_await request(route))));
}

asio::awaitable<std::vector<Message>> RestClient::get_messages(Snowflake channel, unsigned limit, Snowflake before,
                                                               Snowflake after) {
  Route route{routes::get_messages, {{"channel_id", channel}}};
  route.query("limit", std::clamp(limit, 1u, 100u));
  if (before.value) route.query("before", before.value);
  if (after.value) route.query("after", after.value);
  co_return parse_list<Message>(co_await request(std::move(route)), parse_message);
}

asio::awaitable<void> RestClient::bulk_delete_messages(Snowflake channel, std::vector<Snowflake> ids,
                                                       CallOptions options) {
  json::array messages;
  for (auto id : ids) messages.push_back(json::value(id.str()));
  auto body = one_field_body("messages", std::move(messages));
  const Route route{routes::bulk_delete_messages, {{"channel_id", channel}}};
  co_await request(route, std::move(body), std::move(options));
}

asio::awaitable<void> RestClient::add_reaction(Snowflake channel, Snowflake message, std::string emoji) {
  const Route route{routes::add_own_reaction, {{"channel_id", channel}, {"message_id", message}, {"emoji", emoji}}};
  co_await request(route);
}

asio::awaitable<void> RestClient::remove_own_reaction(Snowflake channel, Snowflake message, std::string emoji) {
  const Route route{routes::remove_own_reaction, {{"channel_id", channel}, {"message_id", message}, {"emoji", emoji}}};
  co_await request(route);
}

asio::awaitable<void> RestClient::trigger_typing(Snowflake channel) {
  const Route route{routes::trigger_typing, {{"channel_id", channel}}};
  co_await request(route);
}

asio::awaitable<Channel> RestClient::get_channel(Snowflake channel) {
  const Route route{routes::get_channel, {{"channel_id", channel}}};
  co_return parse_channel(as_object(parse_or_throw(co_await request(route))));
}

asio::awaitable<Channel> RestClient::create_channel(Snowflake guild, std::string json_body, CallOptions options) {
  const Route route{routes::create_guild_channel, {{"guild_id", guild}}};
  co_return parse_channel(as_object(parse_or_throw(co_await request(route, std::move(json_body), std::move(options)))));
}

asio::awaitable<Channel> RestClient::modify_channel(Snowflake channel, std::string json_body, CallOptions options) {
  const Route route{routes::modify_channel, {{"channel_id", channel}}};
  co_return parse_channel(as_object(parse_or_throw(co_await request(route, std::move(json_body), std::move(options)))));
}

asio::awaitable<void> RestClient::delete_channel(Snowflake channel, CallOptions options) {
  const Route route{routes::delete_channel, {{"channel_id", channel}}};
  co_await request(route, {}, std::move(options));
}

asio::awaitable<void> RestClient::edit_channel_permissions(Snowflake channel, PermissionOverwrite ow,
                                                           CallOptions options) {
  json::object body{{"allow", std::to_string(ow.allow.bits)},
                    {"deny", std::to_string(ow.deny.bits)},
                    {"type", ow.type == PermissionOverwrite::Type::member ? 1 : 0}};
  const Route route{routes::edit_channel_permissions, {{"channel_id", channel}, {"overwrite_id", ow.id}}};
  co_await request(route, json::serialize(body), std::move(options));
}

asio::awaitable<void> RestClient::delete_channel_permission(Snowflake channel, Snowflake overwrite_id,
                                                            CallOptions options) {
  const Route route{routes::delete_channel_permission, {{"channel_id", channel}, {"overwrite_id", overwrite_id}}};
  co_await request(route, {}, std::move(options));
}

asio::awaitable<std::vector<Role>> RestClient::get_roles(Snowflake guild) {
  const Route route{routes::get_roles, {{"guild_id", guild}}};
  co_return parse_list<Role>(co_await request(route), parse_role);
}

asio::awaitable<Role> RestClient::create_role(Snowflake guild, std::string json_body, CallOptions options) {
  const Route route{routes::create_role, {{"guild_id", guild}}};
  co_return parse_role(as_object(parse_or_throw(co_await request(route, std::move(json_body), std::move(options)))));
}

asio::awaitable<Role> RestClient::modify_role(Snowflake guild, Snowflake role, std::string json_body,
                                              CallOptions options) {
  const Route route{routes::modify_role, {{"guild_id", guild}, {"role_id", role}}};
  co_return parse_role(as_object(parse_or_throw(co_await request(route, std::move(json_body), std::move(options)))));
}

asio::awaitable<void> RestClient::delete_role(Snowflake guild, Snowflake role, CallOptions options) {
  const Route route{routes::delete_role, {{"guild_id", guild}, {"role_id", role}}};
  co_await request(route, {}, std::move(options));
}

asio::awaitable<void> RestClient::modify_role_positions(Snowflake guild,
                                                        std::vector<std::pair<Snowflake, int>> positions,
                                                        CallOptions options) {
  json::array body;
  for (auto [id, pos] : positions) body.push_back(json::object{{"id", id.str()}, {"position", pos}});
  const Route route{routes::modify_role_positions, {{"guild_id", guild}}};
  co_await request(route, json::serialize(body), std::move(options));
}

asio::awaitable<Member> RestClient::get_member(Snowflake guild, Snowflake user) {
  const Route route{routes::get_member, {{"guild_id", guild}, {"user_id", user}}};
  co_return parse_member(as_object(parse_or_throw(co_await request(route))));
}

asio::awaitable<std::vector<Member>> RestClient::list_members(Snowflake guild, unsigned limit, Snowflake after) {
  Route route{routes::list_members, {{"guild_id", guild}}};
  route.query("limit", std::clamp(limit, 1u, 1000u));
  if (after.value) route.query("after", after.value);
  co_return parse_list<Member>(co_await request(std::move(route)),
                               [](const json::object& o) { return parse_member(o); });
}

asio::awaitable<void> RestClient::add_member_role(Snowflake guild, Snowflake user, Snowflake role,
                                                  CallOptions options) {
  const Route route{routes::add_member_role, {{"guild_id", guild}, {"user_id", user}, {"role_id", role}}};
  co_await request(route, {}, std::move(options));
}

asio::awaitable<void> RestClient::remove_member_role(Snowflake guild, Snowflake user, Snowflake role,
                                                     CallOptions options) {
  const Route route{routes::remove_member_role, {{"guild_id", guild}, {"user_id", user}, {"role_id", role}}};
  co_await request(route, {}, std::move(options));
}

asio::awaitable<Member> RestClient::modify_member(Snowflake guild, Snowflake user, std::string json_body,
                                                  CallOptions options) {
  const Route route{routes::modify_member, {{"guild_id", guild}, {"user_id", user}}};
  auto text = co_await request(route, std::move(json_body), std::move(options));
  if (text.empty()) co_return Member{user, {}, {}, 0, 0, 0, false};
  co_return parse_member(as_object(parse_or_throw(text)), user);
}

asio::awaitable<Member> RestClient::timeout_member(Snowflake guild, Snowflake user, std::int64_t until_ms,
                                                   CallOptions options) {
  json::object body;
  if (until_ms > 0) {
    body["communication_disabled_until"] = iso8601(until_ms);
  } else {
    body["communication_disabled_until"] = nullptr;
  }
  co_return co_await modify_member(guild, user, json::serialize(body), std::move(options));
}

asio::awaitable<void> RestClient::kick_member(Snowflake guild, Snowflake user, CallOptions options) {
  const Route route{routes::kick_member, {{"guild_id", guild}, {"user_id", user}}};
  co_await request(route, {}, std::move(options));
}

asio::awaitable<void> RestClient::create_ban(Snowflake guild, Snowflake user, unsigned delete_message_seconds,
                                             CallOptions options) {
  json::object body{{"delete_message_seconds", std::min(delete_message_seconds, 604800u)}};
  const Route route{routes::create_ban, {{"guild_id", guild}, {"user_id", user}}};
  co_await request(route, json::serialize(body), std::move(options));
}

asio::awaitable<std::string> RestClient::get_ban(Snowflake guild, Snowflake user) {
  const Route route{routes::get_ban, {{"guild_id", guild}, {"user_id", user}}};
  co_return co_await request(route);
}

asio::awaitable<std::string> RestClient::list_bans(Snowflake guild, unsigned limit, Snowflake after) {
  Route route{routes::list_bans, {{"guild_id", guild}}};
  route.query("limit", std::clamp(limit, 1u, 1000u));
  if (after.value) route.query("after", after.value);
  co_return co_await request(std::move(route));
}

asio::awaitable<void> RestClient::remove_ban(Snowflake guild, Snowflake user, CallOptions options) {
  const Route route{routes::remove_ban, {{"guild_id", guild}, {"user_id", user}}};
  co_await request(route, {}, std::move(options));
}

asio::awaitable<Channel> RestClient::create_dm(Snowflake user) {
  auto body = one_field_body("recipient_id", json::value(user.str()));
  const Route route{routes::create_dm};
  co_return parse_channel(as_object(parse_or_throw(co_await request(route, std::move(body)))));
}

asio::awaitable<std::string> RestClient::create_webhook(Snowflake channel, std::string name, CallOptions options) {
  auto body = one_field_body("name", json::value(name));
  const Route route{routes::create_webhook, {{"channel_id", channel}}};
  co_return co_await request(route, std::move(body), std::move(options));
}

asio::awaitable<std::string> RestClient::list_channel_webhooks(Snowflake channel) {
  const Route route{routes::list_channel_webhooks, {{"channel_id", channel}}};
  co_return co_await request(route);
}

asio::awaitable<std::string> RestClient::list_guild_webhooks(Snowflake guild) {
  const Route route{routes::list_guild_webhooks, {{"guild_id", guild}}};
  co_return co_await request(route);
}

asio::awaitable<void> RestClient::delete_webhook(Snowflake webhook, CallOptions options) {
  const Route route{routes::delete_webhook, {{"webhook_id", webhook}}};
  co_await request(route, {}, std::move(options));
}

asio::awaitable<std::string> RestClient::execute_webhook(Snowflake webhook, std::string token, MessageCreate message,
                                                         bool wait) {
  Route route{routes::execute_webhook, {{"webhook_id", webhook}, {"webhook_token", token}}};
  if (wait) route.query("wait", "true");
  co_return co_await request(std::move(route), json::serialize(message_body(message)));
}

asio::awaitable<std::string> RestClient::create_invite(Snowflake channel, std::string json_body, CallOptions options) {
  const Route route{routes::create_invite, {{"channel_id", channel}}};
  co_return co_await request(route, json_body.empty() ? std::string("{}") : std::move(json_body), std::move(options));
}

asio::awaitable<std::string> RestClient::list_guild_invites(Snowflake guild) {
  const Route route{routes::list_guild_invites, {{"guild_id", guild}}};
  co_return co_await request(route);
}

asio::awaitable<void> RestClient::delete_invite(std::string code, CallOptions options) {
  const Route route{routes::delete_invite, {{"invite_code", code}}};
  co_await request(route, {}, std::move(options));
}

asio::awaitable<std::string> RestClient::list_emojis(Snowflake guild) {
  const Route route{routes::list_emojis, {{"guild_id", guild}}};
  co_return co_await request(route);
}

asio::awaitable<void> RestClient::interaction_callback(Snowflake interaction, std::string token, int type,
                                                       std::string data_json) {
  json::object body{{"type", type}};
  if (!data_json.empty()) {
    auto data = parse_field(data_json, "interaction data");
    if (data.is_object() && (type == 4 || type == 7) && !data.as_object().contains("allowed_mentions")) {
      data.as_object()["allowed_mentions"] = json::object{{"parse", json::array{}}};
    }
    body["data"] = std::move(data);
  }
  const Route route{routes::interaction_callback, {{"interaction_id", interaction}, {"interaction_token", token}}};
  co_await request(route, json::serialize(body));
}

asio::awaitable<Message> RestClient::create_followup(Snowflake application, std::string token, MessageCreate message) {
  const Route route{routes::execute_webhook, {{"webhook_id", application}, {"webhook_token", token}}};
  co_return parse_message(as_object(parse_or_throw(co_await request(route, json::serialize(message_body(message))))));
}

asio::awaitable<Message> RestClient::edit_original_response(Snowflake application, std::string token,
                                                            MessageEdit edit) {
  const Route route{routes::edit_original_response, {{"webhook_id", application}, {"webhook_token", token}}};
  co_return parse_message(as_object(parse_or_throw(co_await request(route, json::serialize(edit_body(edit))))));
}

asio::awaitable<void> RestClient::delete_original_response(Snowflake application, std::string token) {
  const Route route{routes::delete_original_response, {{"webhook_id", application}, {"webhook_token", token}}};
  co_await request(route);
}

asio::awaitable<std::string> RestClient::bulk_overwrite_commands(Snowflake application, Snowflake guild,
                                                                 std::string commands_json) {
  Route route =
      guild.value ? Route{routes::bulk_overwrite_guild_commands, {{"application_id", application}, {"guild_id", guild}}}
                  : Route{routes::bulk_overwrite_global_commands, {{"application_id", application}}};
  co_return co_await request(std::move(route), std::move(commands_json));
}

}  // namespace dbot::discord
