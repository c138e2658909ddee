#pragma once
// Discord objects as the bot needs them: only the fields features use, kept
// small because members are cached by the hundred thousand. Times are
// milliseconds since the Unix epoch (0 = absent). Parsing from JSON is in
// models_json.hpp so that this header stays free of Boost.JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/snowflake.hpp"
#include "discord/compact.hpp"
#include "discord/message_parts.hpp"
#include "discord/permissions.hpp"

namespace dbot::discord {

struct User {
  Snowflake id;
  CompactString username;
  CompactString global_name;
  CompactString avatar;
  bool bot = false;

  // global_name when set, else username.
  std::string_view display_name() const { return global_name.empty() ? username.view() : global_name.view(); }
};

struct Member {
  Snowflake user_id;
  IdList roles;  // without @everyone
  CompactString nick;
  std::int64_t joined_at_ms = 0;
  std::int64_t communication_disabled_until_ms = 0;  // timeout end, 0 = none
  std::uint32_t flags = 0;
  bool pending = false;

  bool timed_out(std::int64_t now_ms) const { return communication_disabled_until_ms > now_ms; }
};

struct Role {
  Snowflake id;
  std::string name;
  Permissions permissions;
  std::int32_t position = 0;
  std::uint32_t color = 0;
  bool managed = false;
  bool hoist = false;
  bool mentionable = false;

  RoleInfo info() const { return {id, position, permissions}; }
};

enum class ChannelType : std::uint8_t {
  guild_text = 0,
  dm = 1,
  guild_voice = 2,
  group_dm = 3,
  guild_category = 4,
  guild_announcement = 5,
  announcement_thread = 10,
  public_thread = 11,
  private_thread = 12,
  guild_stage_voice = 13,
  guild_directory = 14,
  guild_forum = 15,
  guild_media = 16,
};

bool is_text_based(ChannelType type);
bool is_thread(ChannelType type);

struct Channel {
  Snowflake id;
  Snowflake guild_id;   // 0 for DMs
  Snowflake parent_id;  // category, or the parent channel of a thread
  ChannelType type = ChannelType::guild_text;
  std::int32_t position = 0;
  std::string name;
  std::vector<PermissionOverwrite> overwrites;
  std::uint32_t rate_limit_per_user = 0;
  bool nsfw = false;
};

struct Guild {
  Snowflake id;
  std::string name;
  Snowflake owner_id;
  CompactString icon;
  std::uint32_t member_count = 0;
  bool unavailable = false;
};

struct VoiceState {
  Snowflake guild_id;
  Snowflake channel_id;  // 0 = left voice
  Snowflake user_id;
  std::string session_id;
  bool deaf = false, mute = false, self_deaf = false, self_mute = false, suppress = false;
};

struct Attachment {
  Snowflake id;
  std::string filename;
  std::string content_type;  // e.g. "image/png"; empty when Discord did not say
  std::uint64_t size = 0;    // bytes
  std::string url;
};

struct Message {
  Snowflake id;
  Snowflake channel_id;
  Snowflake guild_id;  // 0 in DMs
  User author;
  std::optional<Member> member;  // in guilds; user_id is the author's
  std::string content;
  std::vector<Snowflake> mentions;  // user ids
  std::vector<User> mention_users;
  std::vector<Snowflake> mention_roles;
  bool mention_everyone = false;
  Snowflake referenced_message_id;  // replies
  Snowflake referenced_author_id;   // the replied-to message's author, when Discord included it
  Snowflake webhook_id;
  std::int64_t timestamp_ms = 0;
  std::uint32_t type = 0;
  std::uint64_t flags = 0;
  std::vector<Embed> embeds;
  std::vector<ActionRow> components;  // button rows; other component kinds are not modelled
  std::vector<Attachment> attachments;
};

enum class InteractionType : std::uint8_t {
  ping = 1,
  application_command = 2,
  message_component = 3,
  autocomplete = 4,
  modal_submit = 5,
};

struct InteractionOption {
  std::string name;
  std::uint8_t type = 0;  // 1 subcommand, 2 group, 3 string, 4 integer, 5 boolean, 6 user, ...
  std::string value;      // the value as text (numbers and ids in decimal, booleans true/false)
  bool focused = false;
  std::vector<InteractionOption> options;  // for subcommands and groups
};

struct Interaction {
  Snowflake id;
  Snowflake application_id;
  InteractionType type = InteractionType::ping;
  std::string token;  // secret for 15 minutes: never log it
  Snowflake guild_id;
  Snowflake channel_id;
  User user;                     // the invoking user (member.user in guilds)
  std::optional<Member> member;  // in guilds
  Permissions member_permissions;
  Permissions app_permissions;
  // data
  Snowflake command_id;
  std::string command_name;
  std::uint8_t command_type = 0;
  std::vector<InteractionOption> options;
  std::string custom_id;
  std::uint8_t component_type = 0;
  std::vector<std::string> values;  // select menu values
  std::string modal_values_json;    // modal components, raw
  Snowflake message_id;             // for components: the message carrying them
  std::string locale;
};

// ISO-8601 timestamp as Discord sends it → ms since the epoch (0 on junk).
std::int64_t parse_timestamp_ms(std::string_view text);

}  // namespace dbot::discord
