#pragma once
// The cache of guilds, channels, roles, members, voice states and the bot's
// own user, kept current by apply() from gateway dispatches. Reads take a
// shared lock and return copies, so any thread may read while the shard
// threads write. Members are cached only when configured (the bot's own
// member always is: permission checks need it).

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include <boost/json/fwd.hpp>

#include "discord/events.hpp"
#include "discord/models.hpp"

namespace dbot::discord {

enum class MemberCachePolicy { none, all };

class Cache {
 public:
  struct Options {
    MemberCachePolicy members = MemberCachePolicy::all;
    // Also keep each member's user (name, avatar): roughly doubles the memory
    // per member, so off by default; messages and interactions carry authors.
    bool users = false;
  };

  explicit Cache(Options options);
  Cache() : Cache(Options{}) {}

  // Updates the cache from one dispatch (`d` of event `event`). Events the
  // cache does not track (messages, interactions, unknown ones) are ignored.
  void apply(Event event, const boost::json::value& d);

  // Stores a member fetched over REST (honours the member policy).
  void put_member(Snowflake guild_id, Member member, std::optional<User> user = std::nullopt);

  std::optional<User> self() const;
  std::optional<Guild> guild(Snowflake id) const;
  std::vector<Snowflake> guild_ids() const;
  std::optional<Channel> channel(Snowflake id) const;
  std::vector<Channel> guild_channels(Snowflake guild_id) const;
  std::optional<Role> role(Snowflake guild_id, Snowflake role_id) const;
  std::vector<Role> roles(Snowflake guild_id) const;  // highest first
  std::optional<Member> member(Snowflake guild_id, Snowflake user_id) const;
  std::optional<User> user(Snowflake id) const;
  std::optional<VoiceState> voice_state(Snowflake guild_id, Snowflake user_id) const;
  std::vector<VoiceState> voice_states_in(Snowflake guild_id, Snowflake channel_id) const;

  // Permissions from cached data; nullopt when the guild (or channel, or
  // member) is not cached. `now_ms` decides whether a timeout is active.
  std::optional<Permissions> guild_permissions(Snowflake guild_id, const Member& member, std::int64_t now_ms) const;
  std::optional<Permissions> guild_permissions(Snowflake guild_id, Snowflake user_id, std::int64_t now_ms) const;
  std::optional<Permissions> channel_permissions(Snowflake channel_id, const Member& member, std::int64_t now_ms) const;
  std::optional<Permissions> channel_permissions(Snowflake channel_id, Snowflake user_id, std::int64_t now_ms) const;
  // Role hierarchy: may `actor` act on `target`? nullopt when either is unknown.
  std::optional<bool> outranks(Snowflake guild_id, Snowflake actor, Snowflake target) const;
  // May `actor` assign or remove `role` (their top role ranks above it)?
  // nullopt when the guild, the actor or the role is unknown.
  std::optional<bool> can_manage_role(Snowflake guild_id, Snowflake actor, Snowflake role_id) const;

  struct Stats {
    std::size_t guilds = 0, channels = 0, roles = 0, members = 0, users = 0, voice_states = 0;
    std::size_t approx_bytes = 0;
  };
  Stats stats() const;

 private:
  template <class Update>
  void locked(Update&& update) {
    std::unique_lock lock(mutex_);
    update();
  }
  struct GuildEntry {
    Guild guild;
    std::vector<Role> roles;
    std::vector<Snowflake> channel_ids;
    std::unordered_map<std::uint64_t, Member> members;
    std::unordered_map<std::uint64_t, VoiceState> voice_states;
  };

  void on_ready(const boost::json::object& d);
  void on_guild_create(const boost::json::object& d);
  void on_guild_update(const boost::json::object& d);
  void on_guild_delete(const boost::json::object& d);
  void on_channel_upsert(const boost::json::object& d);
  void on_channel_delete(const boost::json::object& d);
  void on_role_upsert(const boost::json::object& d);
  void on_role_delete(const boost::json::object& d);
  void on_member_upsert(const boost::json::object& d, Snowflake guild_id);
  void on_member_remove(const boost::json::object& d);
  void on_members_chunk(const boost::json::object& d);
  void on_voice_state(const boost::json::object& d);

  void store_member(GuildEntry& g, Member member);
  void store_user(const User& user);
  void remove_channel(Snowflake id);
  bool keep_member(Snowflake user_id) const;
  GuildInfo guild_info(const GuildEntry& g, std::vector<RoleInfo>& scratch) const;
  const Member* find_member(const GuildEntry& g, Snowflake user_id) const;

  Options options_;
  mutable std::shared_mutex mutex_;
  std::optional<User> self_;
  std::unordered_map<std::uint64_t, GuildEntry> guilds_;
  std::unordered_map<std::uint64_t, Channel> channels_;
  std::unordered_map<std::uint64_t, User> users_;
};

}  // namespace dbot::discord
