#pragma once
// Discord REST v10: `Authorization: Bot`, a DiscordBot User-Agent, rate
// limits (RestRateLimiter), retries with backoff on 5xx and network errors,
// per-request timeouts, X-Audit-Log-Reason, and Discord's error JSON turned
// into DiscordError. The HTTP layer is injected (HttpTransport) so that the
// retry logic is testable without sockets; make_http_transport() binds the
// real net::HttpClient.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "core/error.hpp"
#include "discord/models.hpp"
#include "discord/rest_ratelimit.hpp"
#include "discord/route.hpp"
#include "net/http.hpp"

namespace dbot::net {
class HttpClient;
}

namespace dbot::discord {

// A failed Discord call: HTTP status, Discord's JSON error code (0 if none)
// and Discord's message. user_message() is safe to show; it never holds the token.
class DiscordError : public Error {
 public:
  DiscordError(unsigned status, int code, std::string discord_message, std::string route);
  unsigned status() const { return status_; }
  int code() const { return code_; }
  const std::string& discord_message() const { return discord_message_; }

 private:
  unsigned status_;
  int code_;
  std::string discord_message_;
};

using HttpTransport =
    std::function<boost::asio::awaitable<net::HttpResponse>(net::HttpRequest, std::chrono::milliseconds)>;

HttpTransport make_http_transport(std::shared_ptr<net::HttpClient> client);

struct RestOptions {
  std::string api_base = "https://discord.com/api";  // DISCORD_API_BASE; "/v10" is appended
  std::string token;                                 // never logged
  std::string user_agent = "DiscordBot (https://github.com/discord-bot-platform/discord-bot, " DBOT_VERSION ")";
  std::chrono::milliseconds timeout{15000};
  unsigned max_retries = 3;      // for 5xx and network errors
  unsigned max_429_retries = 5;  // rate-limited answers waited out and retried
  std::chrono::milliseconds retry_base{500};
  RestRateLimiter::Options limits{};
};

struct CallOptions {
  std::string reason;  // X-Audit-Log-Reason
  std::optional<std::chrono::milliseconds> timeout;
};

// Who a message may ping. Default: nobody (Discord's "parse": []).
// `replied_user` pings the author of the message replied to.
struct AllowedMentions {
  bool parse_users = false;
  bool parse_roles = false;
  bool parse_everyone = false;   // @everyone and @here
  std::vector<Snowflake> users;  // these users only (with parse_users off)
  bool replied_user = false;
};

struct MessageCreate {
  std::string content;
  std::string embeds_json;            // a JSON array, or empty
  std::string components_json;        // a JSON array, or empty
  std::string allowed_mentions_json;  // empty means {"parse":[]}: nobody is pinged
  Snowflake reply_to;                 // message_reference
  bool fail_if_reply_missing = false;
  std::uint64_t flags = 0;
  // When set, replaces allowed_mentions_json.
  std::optional<AllowedMentions> allowed_mentions;
};

struct MessageEdit {
  std::optional<std::string> content;
  std::optional<std::string> embeds_json;
  std::optional<std::string> components_json;
  std::string allowed_mentions_json;
  // When set, replaces allowed_mentions_json.
  std::optional<AllowedMentions> allowed_mentions;
};

struct GatewayBotInfo {
  std::string url;
  unsigned shards = 1;
  unsigned session_start_total = 1000;
  unsigned session_start_remaining = 1000;
  std::chrono::milliseconds session_start_reset_after{0};
  unsigned max_concurrency = 1;
};

class RestClient {
 public:
  RestClient(boost::asio::any_io_executor executor, RestOptions options, HttpTransport transport);
  ~RestClient();
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  // One request to a declared route (discord/routes.hpp). Returns the
  // response body (JSON text; empty for 204). Throws DiscordError for
  // Discord's errors and dbot::Error when the network keeps failing.
  boost::asio::awaitable<std::string> request(Route route, std::string json_body, CallOptions options);
  boost::asio::awaitable<std::string> request(Route route) {
    return request(std::move(route), std::string{}, CallOptions{});
  }
  boost::asio::awaitable<std::string> request(Route route, std::string json_body) {
    return request(std::move(route), std::move(json_body), CallOptions{});
  }

  // (Defaults live in non-coroutine overloads: g++ 12 destroys default
  // arguments of coroutines twice.)

  // ---- typed calls -------------------------------------------------------
  boost::asio::awaitable<User> get_current_user();
  boost::asio::awaitable<GatewayBotInfo> get_gateway_bot();

  boost::asio::awaitable<Message> create_message(Snowflake channel, MessageCreate message);
  boost::asio::awaitable<Message> edit_message(Snowflake channel, Snowflake message, MessageEdit edit);
  boost::asio::awaitable<void> delete_message(Snowflake channel, Snowflake message, CallOptions options);
  boost::asio::awaitable<void> delete_message(Snowflake channel, Snowflake message) {
    return delete_message(std::move(channel), std::move(message), CallOptions{});
  }
  boost::asio::awaitable<Message> get_message(Snowflake channel, Snowflake message);
  // limit 1-100; before/after are exclusive bounds (0 = unset).
  boost::asio::awaitable<std::vector<Message>> get_messages(Snowflake channel, unsigned limit, Snowflake before,
                                                            Snowflake after);
  boost::asio::awaitable<std::vector<Message>> get_messages(Snowflake channel, unsigned limit) {
    return get_messages(std::move(channel), std::move(limit), Snowflake{}, Snowflake{});
  }
  boost::asio::awaitable<std::vector<Message>> get_messages(Snowflake channel, unsigned limit, Snowflake before) {
    return get_messages(std::move(channel), std::move(limit), std::move(before), Snowflake{});
  }
  boost::asio::awaitable<void> bulk_delete_messages(Snowflake channel, std::vector<Snowflake> ids, CallOptions options);
  boost::asio::awaitable<void> bulk_delete_messages(Snowflake channel, std::vector<Snowflake> ids) {
    return bulk_delete_messages(std::move(channel), std::move(ids), CallOptions{});
  }
  boost::asio::awaitable<void> add_reaction(Snowflake channel, Snowflake message, std::string emoji);
  boost::asio::awaitable<void> remove_own_reaction(Snowflake channel, Snowflake message, std::string emoji);
  boost::asio::awaitable<void> trigger_typing(Snowflake channel);

  boost::asio::awaitable<Channel> get_channel(Snowflake channel);
  boost::asio::awaitable<Channel> create_channel(Snowflake guild, std::string json_body, CallOptions options);
  boost::asio::awaitable<Channel> create_channel(Snowflake guild, std::string json_body) {
    return create_channel(std::move(guild), std::move(json_body), CallOptions{});
  }
  boost::asio::awaitable<Channel> modify_channel(Snowflake channel, std::string json_body, CallOptions options);
  boost::asio::awaitable<Channel> modify_channel(Snowflake channel, std::string json_body) {
    return modify_channel(std::move(channel), std::move(json_body), CallOptions{});
  }
  boost::asio::awaitable<void> delete_channel(Snowflake channel, CallOptions options);
  boost::asio::awaitable<void> delete_channel(Snowflake channel) {
    return delete_channel(std::move(channel), CallOptions{});
  }
  boost::asio::awaitable<void> edit_channel_permissions(Snowflake channel, PermissionOverwrite overwrite,
                                                        CallOptions options);
  boost::asio::awaitable<void> edit_channel_permissions(Snowflake channel, PermissionOverwrite overwrite) {
    return edit_channel_permissions(std::move(channel), std::move(overwrite), CallOptions{});
  }
  boost::asio::awaitable<void> delete_channel_permission(Snowflake channel, Snowflake overwrite_id,
                                                         CallOptions options);
  boost::asio::awaitable<void> delete_channel_permission(Snowflake channel, Snowflake overwrite_id) {
    return delete_channel_permission(std::move(channel), std::move(overwrite_id), CallOptions{});
  }

  boost::asio::awaitable<std::vector<Role>> get_roles(Snowflake guild);
  boost::asio::awaitable<Role> create_role(Snowflake guild, std::string json_body, CallOptions options);
  boost::asio::awaitable<Role> create_role(Snowflake guild, std::string json_body) {
    return create_role(std::move(guild), std::move(json_body), CallOptions{});
  }
  boost::asio::awaitable<Role> modify_role(Snowflake guild, Snowflake role, std::string json_body, CallOptions options);
  boost::asio::awaitable<Role> modify_role(Snowflake guild, Snowflake role, std::string json_body) {
    return modify_role(std::move(guild), std::move(role), std::move(json_body), CallOptions{});
  }
  boost::asio::awaitable<void> delete_role(Snowflake guild, Snowflake role, CallOptions options);
  boost::asio::awaitable<void> delete_role(Snowflake guild, Snowflake role) {
    return delete_role(std::move(guild), std::move(role), CallOptions{});
  }
  boost::asio::awaitable<void> modify_role_positions(Snowflake guild, std::vector<std::pair<Snowflake, int>> positions,
                                                     CallOptions options);
  boost::asio::awaitable<void> modify_role_positions(Snowflake guild,
                                                     std::vector<std::pair<Snowflake, int>> positions) {
    return modify_role_positions(std::move(guild), std::move(positions), CallOptions{});
  }

  boost::asio::awaitable<Member> get_member(Snowflake guild, Snowflake user);
  // One page (limit 1-1000) of members with ids above `after`.
  boost::asio::awaitable<std::vector<Member>> list_members(Snowflake guild, unsigned limit, Snowflake after);
  boost::asio::awaitable<std::vector<Member>> list_members(Snowflake guild, unsigned limit) {
    return list_members(std::move(guild), std::move(limit), Snowflake{});
  }
  boost::asio::awaitable<void> add_member_role(Snowflake guild, Snowflake user, Snowflake role, CallOptions options);
  boost::asio::awaitable<void> add_member_role(Snowflake guild, Snowflake user, Snowflake role) {
    return add_member_role(std::move(guild), std::move(user), std::move(role), CallOptions{});
  }
  boost::asio::awaitable<void> remove_member_role(Snowflake guild, Snowflake user, Snowflake role, CallOptions options);
  boost::asio::awaitable<void> remove_member_role(Snowflake guild, Snowflake user, Snowflake role) {
    return remove_member_role(std::move(guild), std::move(user), std::move(role), CallOptions{});
  }
  // JSON body with nick, roles, communication_disabled_until, mute, deaf, channel_id.
  boost::asio::awaitable<Member> modify_member(Snowflake guild, Snowflake user, std::string json_body,
                                               CallOptions options);
  boost::asio::awaitable<Member> modify_member(Snowflake guild, Snowflake user, std::string json_body) {
    return modify_member(std::move(guild), std::move(user), std::move(json_body), CallOptions{});
  }
  // Timeout until `until_ms` (epoch ms); 0 lifts the timeout.
  boost::asio::awaitable<Member> timeout_member(Snowflake guild, Snowflake user, std::int64_t until_ms,
                                                CallOptions options);
  boost::asio::awaitable<Member> timeout_member(Snowflake guild, Snowflake user, std::int64_t until_ms) {
    return timeout_member(std::move(guild), std::move(user), std::move(until_ms), CallOptions{});
  }
  boost::asio::awaitable<void> kick_member(Snowflake guild, Snowflake user, CallOptions options);
  boost::asio::awaitable<void> kick_member(Snowflake guild, Snowflake user) {
    return kick_member(std::move(guild), std::move(user), CallOptions{});
  }

  boost::asio::awaitable<void> create_ban(Snowflake guild, Snowflake user, unsigned delete_message_seconds,
                                          CallOptions options);
  boost::asio::awaitable<void> create_ban(Snowflake guild, Snowflake user, unsigned delete_message_seconds) {
    return create_ban(std::move(guild), std::move(user), std::move(delete_message_seconds), CallOptions{});
  }
  boost::asio::awaitable<std::string> get_ban(Snowflake guild, Snowflake user);  // ban JSON
  boost::asio::awaitable<std::string> list_bans(Snowflake guild, unsigned limit, Snowflake after);
  boost::asio::awaitable<std::string> list_bans(Snowflake guild) {
    return list_bans(std::move(guild), unsigned{1000}, Snowflake{});
  }
  boost::asio::awaitable<std::string> list_bans(Snowflake guild, unsigned limit) {
    return list_bans(std::move(guild), std::move(limit), Snowflake{});
  }
  boost::asio::awaitable<void> remove_ban(Snowflake guild, Snowflake user, CallOptions options);
  boost::asio::awaitable<void> remove_ban(Snowflake guild, Snowflake user) {
    return remove_ban(std::move(guild), std::move(user), CallOptions{});
  }

  boost::asio::awaitable<Channel> create_dm(Snowflake user);

  boost::asio::awaitable<std::string> create_webhook(Snowflake channel, std::string name, CallOptions options);
  boost::asio::awaitable<std::string> create_webhook(Snowflake channel, std::string name) {
    return create_webhook(std::move(channel), std::move(name), CallOptions{});
  }
  boost::asio::awaitable<std::string> list_channel_webhooks(Snowflake channel);
  boost::asio::awaitable<std::string> list_guild_webhooks(Snowflake guild);
  boost::asio::awaitable<void> delete_webhook(Snowflake webhook, CallOptions options);
  boost::asio::awaitable<void> delete_webhook(Snowflake webhook) {
    return delete_webhook(std::move(webhook), CallOptions{});
  }
  boost::asio::awaitable<std::string> execute_webhook(Snowflake webhook, std::string token, MessageCreate message,
                                                      bool wait);
  boost::asio::awaitable<std::string> execute_webhook(Snowflake webhook, std::string token, MessageCreate message) {
    return execute_webhook(std::move(webhook), std::move(token), std::move(message), bool{true});
  }

  boost::asio::awaitable<std::string> create_invite(Snowflake channel, std::string json_body, CallOptions options);
  boost::asio::awaitable<std::string> create_invite(Snowflake channel, std::string json_body) {
    return create_invite(std::move(channel), std::move(json_body), CallOptions{});
  }
  boost::asio::awaitable<std::string> list_guild_invites(Snowflake guild);
  boost::asio::awaitable<void> delete_invite(std::string code, CallOptions options);
  boost::asio::awaitable<void> delete_invite(std::string code) { return delete_invite(std::move(code), CallOptions{}); }

  boost::asio::awaitable<std::string> list_emojis(Snowflake guild);

  // type: 4 message, 5 deferred message, 6 deferred update, 7 update, 8 autocomplete, 9 modal.
  // `data_json` is the callback's data object (empty for none); for message
  // types a missing allowed_mentions is set to {"parse":[]}.
  boost::asio::awaitable<void> interaction_callback(Snowflake interaction, std::string token, int type,
                                                    std::string data_json);
  boost::asio::awaitable<void> interaction_callback(Snowflake interaction, std::string token, int type) {
    return interaction_callback(std::move(interaction), std::move(token), std::move(type), std::string{});
  }
  boost::asio::awaitable<Message> create_followup(Snowflake application, std::string token, MessageCreate message);
  boost::asio::awaitable<Message> edit_original_response(Snowflake application, std::string token, MessageEdit edit);
  boost::asio::awaitable<void> delete_original_response(Snowflake application, std::string token);

  // Replaces all commands; `commands_json` is a JSON array. guild 0 = global.
  boost::asio::awaitable<std::string> bulk_overwrite_commands(Snowflake application, Snowflake guild,
                                                              std::string commands_json);

  RestRateLimiter& limiter();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// Percent-encodes an audit-log reason and truncates it to 512 characters,
// never cutting a UTF-8 sequence or an escape in half.
std::string encode_audit_reason(std::string_view reason);

}  // namespace dbot::discord
