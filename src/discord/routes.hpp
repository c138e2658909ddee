#pragma once
// Every Discord REST endpoint this code base calls, declared once. RestClient
// and the MCP Discord tools build their routes from these names, so a
// misspelled endpoint does not compile, and no other file in src/ spells a
// REST path (tests/unit/discord/route_literal_guard_test.cpp checks that).

#include "discord/route.hpp"

namespace dbot::discord::routes {

using enum Method;

// ---- users, gateway, applications -----------------------------------------
inline constexpr Endpoint get_current_user{get, "/users/@me"};
inline constexpr Endpoint get_user{get, "/users/{user_id}"};
inline constexpr Endpoint list_current_user_guilds{get, "/users/@me/guilds"};
inline constexpr Endpoint create_dm{post, "/users/@me/channels", Resend::harmless};
inline constexpr Endpoint get_gateway_bot{get, "/gateway/bot"};
inline constexpr Endpoint get_current_application{get, "/applications/@me"};
inline constexpr Endpoint bulk_overwrite_global_commands{put, "/applications/{application_id}/commands"};
inline constexpr Endpoint bulk_overwrite_guild_commands{put,
                                                        "/applications/{application_id}/guilds/{guild_id}/commands"};

// ---- channels and messages -------------------------------------------------
inline constexpr Endpoint get_channel{get, "/channels/{channel_id}"};
inline constexpr Endpoint modify_channel{patch, "/channels/{channel_id}"};
inline constexpr Endpoint delete_channel{del, "/channels/{channel_id}"};
inline constexpr Endpoint edit_channel_permissions{put, "/channels/{channel_id}/permissions/{overwrite_id}"};
inline constexpr Endpoint delete_channel_permission{del, "/channels/{channel_id}/permissions/{overwrite_id}"};
inline constexpr Endpoint trigger_typing{post, "/channels/{channel_id}/typing", Resend::harmless};
inline constexpr Endpoint get_messages{get, "/channels/{channel_id}/messages"};
inline constexpr Endpoint create_message{post, "/channels/{channel_id}/messages", Resend::with_nonce};
inline constexpr Endpoint get_message{get, "/channels/{channel_id}/messages/{message_id}"};
inline constexpr Endpoint edit_message{patch, "/channels/{channel_id}/messages/{message_id}"};
inline constexpr Endpoint delete_message{del, "/channels/{channel_id}/messages/{message_id}"};
inline constexpr Endpoint bulk_delete_messages{post, "/channels/{channel_id}/messages/bulk-delete"};
inline constexpr Endpoint add_own_reaction{put, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"};
inline constexpr Endpoint remove_own_reaction{del,
                                              "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"};
inline constexpr Endpoint list_channel_webhooks{get, "/channels/{channel_id}/webhooks"};
inline constexpr Endpoint create_webhook{post, "/channels/{channel_id}/webhooks"};
inline constexpr Endpoint create_invite{post, "/channels/{channel_id}/invites"};

// ---- guilds ----------------------------------------------------------------
inline constexpr Endpoint get_guild{get, "/guilds/{guild_id}"};
inline constexpr Endpoint list_guild_channels{get, "/guilds/{guild_id}/channels"};
inline constexpr Endpoint create_guild_channel{post, "/guilds/{guild_id}/channels"};
inline constexpr Endpoint modify_channel_positions{patch, "/guilds/{guild_id}/channels"};
inline constexpr Endpoint get_roles{get, "/guilds/{guild_id}/roles"};
inline constexpr Endpoint create_role{post, "/guilds/{guild_id}/roles"};
inline constexpr Endpoint modify_role_positions{patch, "/guilds/{guild_id}/roles"};
inline constexpr Endpoint modify_role{patch, "/guilds/{guild_id}/roles/{role_id}"};
inline constexpr Endpoint delete_role{del, "/guilds/{guild_id}/roles/{role_id}"};
inline constexpr Endpoint list_members{get, "/guilds/{guild_id}/members"};
inline constexpr Endpoint get_member{get, "/guilds/{guild_id}/members/{user_id}"};
inline constexpr Endpoint modify_member{patch, "/guilds/{guild_id}/members/{user_id}"};
inline constexpr Endpoint kick_member{del, "/guilds/{guild_id}/members/{user_id}"};
inline constexpr Endpoint add_member_role{put, "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"};
inline constexpr Endpoint remove_member_role{del, "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"};
inline constexpr Endpoint list_bans{get, "/guilds/{guild_id}/bans"};
inline constexpr Endpoint get_ban{get, "/guilds/{guild_id}/bans/{user_id}"};
inline constexpr Endpoint create_ban{put, "/guilds/{guild_id}/bans/{user_id}"};
inline constexpr Endpoint remove_ban{del, "/guilds/{guild_id}/bans/{user_id}"};
inline constexpr Endpoint list_guild_webhooks{get, "/guilds/{guild_id}/webhooks"};
inline constexpr Endpoint list_guild_invites{get, "/guilds/{guild_id}/invites"};
inline constexpr Endpoint list_emojis{get, "/guilds/{guild_id}/emojis"};
inline constexpr Endpoint create_emoji{post, "/guilds/{guild_id}/emojis"};
inline constexpr Endpoint modify_emoji{patch, "/guilds/{guild_id}/emojis/{emoji_id}"};
inline constexpr Endpoint delete_emoji{del, "/guilds/{guild_id}/emojis/{emoji_id}"};

// ---- webhooks, invites, interactions ---------------------------------------
inline constexpr Endpoint get_webhook{get, "/webhooks/{webhook_id}"};
inline constexpr Endpoint delete_webhook{del, "/webhooks/{webhook_id}"};
// Also an interaction's follow-up (webhook_id is the application id).
inline constexpr Endpoint execute_webhook{post, "/webhooks/{webhook_id}/{webhook_token}"};
inline constexpr Endpoint edit_original_response{patch, "/webhooks/{webhook_id}/{webhook_token}/messages/@original"};
inline constexpr Endpoint delete_original_response{del, "/webhooks/{webhook_id}/{webhook_token}/messages/@original"};
inline constexpr Endpoint get_invite{get, "/invites/{invite_code}"};
inline constexpr Endpoint delete_invite{del, "/invites/{invite_code}"};
inline constexpr Endpoint interaction_callback{post, "/interactions/{interaction_id}/{interaction_token}/callback"};

}  // namespace dbot::discord::routes
