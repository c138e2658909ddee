#pragma once
// The simulator's in-memory Discord: users, guilds, channels, roles, members,
// messages, bans, audit log, webhooks, invites, emojis, application commands
// and interactions. Plain data plus lookups; no I/O and no JSON types here.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbot::sim {

using Id = std::uint64_t;
using Clock = std::chrono::system_clock;

// Discord channel types the simulator knows.
enum ChannelType : int {
  kGuildText = 0,
  kDm = 1,
  kGuildVoice = 2,
  kGuildCategory = 4,
  kGuildAnnouncement = 5,
};

struct User {
  Id id = 0;
  std::string username;
  std::string global_name;
  bool bot = false;
};

struct Role {
  Id id = 0;
  std::string name;
  std::uint64_t permissions = 0;
  int position = 0;
  std::uint32_t color = 0;
  bool hoist = false;
  bool mentionable = false;
  bool managed = false;
};

struct Overwrite {
  Id id = 0;
  int type = 0;  // 0 role, 1 member
  std::uint64_t allow = 0;
  std::uint64_t deny = 0;
};

struct Channel {
  Id id = 0;
  int type = kGuildText;
  std::optional<Id> guild_id;
  std::string name;
  int position = 0;
  std::optional<Id> parent_id;
  std::string topic;
  bool nsfw = false;
  int rate_limit_per_user = 0;
  int bitrate = 64000;
  int user_limit = 0;
  std::vector<Overwrite> overwrites;
  std::vector<Id> recipients;  // DMs
  std::optional<Id> last_message_id;
};

struct Member {
  Id user_id = 0;
  std::string nick;  // empty: none
  std::vector<Id> roles;
  Clock::time_point joined_at;
  std::optional<Clock::time_point> communication_disabled_until;
  bool deaf = false;
  bool mute = false;
};

struct Reaction {
  std::string emoji;  // "name" for unicode, "name:id" for custom
  std::vector<Id> users;
};

struct Message {
  Id id = 0;
  Id channel_id = 0;
  std::optional<Id> guild_id;
  Id author_id = 0;
  std::optional<Id> webhook_id;
  int type = 0;  // 0 default, 19 reply, 20 chat input command
  std::string content;
  std::string embeds_json = "[]";
  std::string components_json = "[]";
  std::string attachments_json = "[]";
  std::string message_reference_json;  // empty: none
  std::string interaction_metadata_json;
  std::vector<Id> mentions;
  std::vector<Id> mention_roles;
  bool mention_everyone = false;
  bool tts = false;
  bool pinned = false;
  std::uint64_t flags = 0;
  Clock::time_point timestamp;
  std::optional<Clock::time_point> edited_timestamp;
  std::vector<Reaction> reactions;
  std::optional<std::string> nonce;  // as sent (numbers as their digits); echoed back
};

// A message created with `enforce_nonce`: a repeat of the nonce by the same
// author within kNonceWindow returns this message instead of a new one.
struct NonceRecord {
  Id channel_id = 0;
  Id message_id = 0;
  Clock::time_point created;
};
inline constexpr std::chrono::minutes kNonceWindow{5};

struct Ban {
  Id user_id = 0;
  std::string reason;
};

struct AuditEntry {
  Id id = 0;
  Id user_id = 0;  // who did it
  int action_type = 0;
  std::optional<Id> target_id;
  std::string reason;  // empty: none
};

struct Emoji {
  Id id = 0;
  std::string name;
  std::vector<Id> roles;
  Id creator_id = 0;
  bool animated = false;
};

struct Guild {
  Id id = 0;
  std::string name;
  Id owner_id = 0;
  std::map<Id, Role> roles;
  std::map<Id, Member> members;
  std::map<Id, Ban> bans;
  std::map<Id, Emoji> emojis;
  std::vector<AuditEntry> audit_log;
  Clock::time_point created;
};

struct Webhook {
  Id id = 0;
  int type = 1;  // 1 incoming, 3 application (interaction follow-ups)
  Id guild_id = 0;
  Id channel_id = 0;
  std::string name;
  std::string token;
  Id creator_id = 0;
};

struct Invite {
  std::string code;
  Id guild_id = 0;
  Id channel_id = 0;
  Id inviter_id = 0;
  int max_age = 86400;
  int max_uses = 0;
  int uses = 0;
  bool temporary = false;
  Clock::time_point created;
};

struct AppCommand {
  Id id = 0;
  std::optional<Id> guild_id;
  std::string name;
  int type = 1;
  std::string json;  // the stored definition, without id/application_id/guild_id/version
  Id version = 0;
};

struct Interaction {
  Id id = 0;
  std::string token;
  int type = 3;  // 2 command, 3 component
  Id guild_id = 0;
  Id channel_id = 0;
  Id user_id = 0;
  std::optional<Id> message_id;
  std::string data_json;
  // Every callback and follow-up the bot made, as {"kind","type","body"} JSON.
  std::vector<std::string> responses;
  bool acknowledged = false;
  std::optional<Id> original_message_id;
  std::vector<Id> followup_ids;
};

// Ids of the seeded entities by short name, so tests never hard-code ids.
struct SeedNames {
  std::map<std::string, Id> users;     // "owner", "admin", "mod", "alice", "bob", "bot"
  std::map<std::string, Id> guilds;    // "Sandbox"
  std::map<std::string, Id> channels;  // "general", "mod-log", "voice"
  std::map<std::string, Id> roles;     // "@everyone", "Admin", ...
};

class World {
 public:
  World();

  // A new snowflake whose timestamp is `at` (default now); strictly increasing.
  Id next_id();
  Id next_id_at(Clock::time_point at);
  std::string next_token();

  User* user(Id id);
  Guild* guild(Id id);
  Channel* channel(Id id);
  Member* member(Id guild_id, Id user_id);
  Role* role(Id guild_id, Id role_id);
  Message* message(Id channel_id, Id message_id);
  // Messages of a channel ordered by id (oldest first); nullptr for unknown channels.
  std::map<Id, Message>* channel_messages(Id channel_id);

  // Building blocks for seeding (also used by tests and the seed loader).
  Id add_user(std::string username, bool bot = false);
  // Creates a guild with its @everyone role (id = guild id) and the owner as member.
  // `created` sets the snowflake's timestamp (and so the guild's shard); default now.
  Id add_guild(std::string name, Id owner_id, std::uint64_t everyone_permissions,
               std::optional<Clock::time_point> created = std::nullopt);
  Id add_role(Id guild_id, std::string name, std::uint64_t permissions, int position, bool managed = false);
  Id add_channel(Id guild_id, std::string name, int type, std::optional<Id> parent = std::nullopt);
  Member& add_member(Id guild_id, Id user_id, std::vector<Id> roles = {});
  // Adds the bot as member of `guild_id` with a managed role at `position`.
  void add_bot_to_guild(Id guild_id, int bot_role_position, std::uint64_t permissions);
  void record_audit(Id guild_id, Id actor, int action_type, std::optional<Id> target, std::string reason);

  // The default world of issue 3: guild "Sandbox" and its users.
  static World make_default();
  // A world described by a JSON seed (see docs/simulator.md); throws dbot::Error.
  static World from_seed(std::string_view json);

  std::map<Id, User> users;
  std::map<Id, Guild> guilds;
  std::map<Id, Channel> channels;
  std::map<Id, std::map<Id, Message>> messages;
  std::map<std::pair<Id, std::string>, NonceRecord> message_nonces;  // (author, nonce)
  std::map<Id, Webhook> webhooks;
  std::map<std::string, Invite> invites;
  std::map<Id, AppCommand> commands;
  std::map<Id, Interaction> interactions;
  Id bot_user_id = 0;
  Id application_id = 0;
  // Gateway intents the application may not use (privileged intents not
  // enabled in the developer portal); shown in GET /applications/@me flags.
  std::uint64_t disallowed_intents = 0;
  SeedNames names;

 private:
  Id last_id_ = 0;
  std::uint64_t token_counter_ = 0;
};

// ISO 8601 with microseconds and +00:00, as Discord writes timestamps.
std::string iso_timestamp(Clock::time_point t);
// Parses ISO 8601 ("2026-01-02T03:04:05[.frac](Z|+00:00)"); nullopt when malformed.
std::optional<Clock::time_point> parse_iso_timestamp(std::string_view text);

}  // namespace dbot::sim
