#include "discord/cache.hpp"

#include <algorithm>
#include <mutex>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "discord/models_json.hpp"

namespace dbot::discord {

namespace json = boost::json;

namespace {

const json::array* arr_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? &v->as_array() : nullptr;
}

const json::object* obj_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

Snowflake id_of(const json::object& o, std::string_view key) { return snowflake_of(o.if_contains(key)); }

}  // namespace

Cache::Cache(Options options) : options_(options) {}

void Cache::apply(Event event, const json::value& value) {
  if (!value.is_object()) return;
  const auto& d = value.as_object();
  switch (event) {
    case Event::ready: return locked([&] { on_ready(d); });
    case Event::guild_create: return locked([&] { on_guild_create(d); });
    case Event::guild_update: return locked([&] { on_guild_update(d); });
    case Event::guild_delete: return locked([&] { on_guild_delete(d); });
    case Event::channel_create:
    case Event::channel_update:
    case Event::thread_create:
    case Event::thread_update: return locked([&] { on_channel_upsert(d); });
    case Event::channel_delete:
    case Event::thread_delete: return locked([&] { on_channel_delete(d); });
    case Event::guild_role_create:
    case Event::guild_role_update: return locked([&] { on_role_upsert(d); });
    case Event::guild_role_delete: return locked([&] { on_role_delete(d); });
    case Event::guild_member_add:
    case Event::guild_member_update: return locked([&] { on_member_upsert(d, id_of(d, "guild_id")); });
    case Event::guild_member_remove: return locked([&] { on_member_remove(d); });
    case Event::guild_members_chunk: return locked([&] { on_members_chunk(d); });
    case Event::voice_state_update: return locked([&] { on_voice_state(d); });
    case Event::user_update:
      return locked([&] {
        auto user = parse_user(d);
        if (self_ && self_->id == user.id) self_ = std::move(user);
      });
    default: return;  // messages, interactions, bans, unknown events: nothing cached
  }
}

bool Cache::keep_member(Snowflake user_id) const {
  return options_.members == MemberCachePolicy::all || (self_ && self_->id == user_id);
}

void Cache::store_user(const User& user) {
  if (!options_.users || !user.id.value) return;
  users_[user.id.value] = user;
}

void Cache::store_member(GuildEntry& g, Member member) {
  if (!member.user_id.value || !keep_member(member.user_id)) return;
  g.members.insert_or_assign(member.user_id.value, std::move(member));
}

void Cache::on_ready(const json::object& d) {
  if (const auto* user = obj_of(d, "user")) self_ = parse_user(*user);
  if (const auto* guilds = arr_of(d, "guilds")) {
    for (const auto& v : *guilds) {
      if (!v.is_object()) continue;
      auto id = id_of(v.as_object(), "id");
      if (!id.value) continue;
      auto& g = guilds_[id.value];
      g.guild.id = id;
      g.guild.unavailable = true;
    }
  }
}

void Cache::on_guild_create(const json::object& d) {
  auto guild = parse_guild(d);
  if (!guild.id.value) return;
  auto& g = guilds_[guild.id.value];
  for (auto id : g.channel_ids) channels_.erase(id.value);
  g = GuildEntry{};
  g.guild = std::move(guild);
  if (const auto* roles = arr_of(d, "roles")) {
    g.roles.reserve(roles->size());
    for (const auto& v : *roles) {
      if (v.is_object()) g.roles.push_back(parse_role(v.as_object()));
    }
  }
  for (const char* key : {"channels", "threads"}) {
    if (const auto* channels = arr_of(d, key)) {
      for (const auto& v : *channels) {
        if (!v.is_object()) continue;
        auto channel = parse_channel(v.as_object(), g.guild.id);
        g.channel_ids.push_back(channel.id);
        channels_[channel.id.value] = std::move(channel);
      }
    }
  }
  if (const auto* members = arr_of(d, "members")) {
    for (const auto& v : *members) {
      if (!v.is_object()) continue;
      const auto& o = v.as_object();
      if (const auto* user = obj_of(o, "user")) store_user(parse_user(*user));
      store_member(g, parse_member(o));
    }
  }
  if (const auto* states = arr_of(d, "voice_states")) {
    for (const auto& v : *states) {
      if (!v.is_object()) continue;
      auto state = parse_voice_state(v.as_object(), g.guild.id);
      if (state.channel_id.value) g.voice_states[state.user_id.value] = std::move(state);
    }
  }
}

void Cache::on_guild_update(const json::object& d) {
  auto guild = parse_guild(d);
  auto it = guilds_.find(guild.id.value);
  if (it == guilds_.end()) return;
  auto& g = it->second;
  // GUILD_UPDATE has no member_count.
  guild.member_count = g.guild.member_count;
  g.guild = std::move(guild);
  if (const auto* roles = arr_of(d, "roles")) {
    g.roles.clear();
    for (const auto& v : *roles) {
      if (v.is_object()) g.roles.push_back(parse_role(v.as_object()));
    }
  }
}

void Cache::on_guild_delete(const json::object& d) {
  auto id = id_of(d, "id");
  auto it = guilds_.find(id.value);
  if (it == guilds_.end()) return;
  const auto* unavailable = d.if_contains("unavailable");
  if (unavailable && unavailable->is_bool() && unavailable->as_bool()) {
    it->second.guild.unavailable = true;  // an outage: the guild comes back with GUILD_CREATE
    return;
  }
  for (auto cid : it->second.channel_ids) channels_.erase(cid.value);
  guilds_.erase(it);
}

void Cache::on_channel_upsert(const json::object& d) {
  auto channel = parse_channel(d);
  if (!channel.id.value) return;
  if (channel.guild_id.value) {
    auto it = guilds_.find(channel.guild_id.value);
    if (it != guilds_.end()) {
      auto& ids = it->second.channel_ids;
      if (std::find(ids.begin(), ids.end(), channel.id) == ids.end()) ids.push_back(channel.id);
    }
  }
  channels_[channel.id.value] = std::move(channel);
}

void Cache::remove_channel(Snowflake id) {
  auto it = channels_.find(id.value);
  if (it == channels_.end()) return;
  if (auto g = guilds_.find(it->second.guild_id.value); g != guilds_.end()) {
    auto& ids = g->second.channel_ids;
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
  }
  channels_.erase(it);
}

void Cache::on_channel_delete(const json::object& d) { remove_channel(id_of(d, "id")); }

void Cache::on_role_upsert(const json::object& d) {
  auto it = guilds_.find(id_of(d, "guild_id").value);
  const auto* role_obj = obj_of(d, "role");
  if (it == guilds_.end() || !role_obj) return;
  auto role = parse_role(*role_obj);
  auto& roles = it->second.roles;
  auto existing = std::find_if(roles.begin(), roles.end(), [&](const Role& r) { return r.id == role.id; });
  if (existing != roles.end()) {
    *existing = std::move(role);
  } else {
    roles.push_back(std::move(role));
  }
}

void Cache::on_role_delete(const json::object& d) {
  auto it = guilds_.find(id_of(d, "guild_id").value);
  if (it == guilds_.end()) return;
  const auto role_id = id_of(d, "role_id");
  auto& roles = it->second.roles;
  roles.erase(std::remove_if(roles.begin(), roles.end(), [&](const Role& r) { return r.id == role_id; }), roles.end());
  // Members lose the deleted role.
  for (auto& [uid, member] : it->second.members) {
    if (!member.roles.contains(role_id)) continue;
    std::vector<Snowflake> kept;
    for (auto r : member.roles) {
      if (r != role_id) kept.push_back(r);
    }
    member.roles = IdList(kept);
  }
}

void Cache::on_member_upsert(const json::object& d, Snowflake guild_id) {
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end()) return;
  if (const auto* user = obj_of(d, "user")) store_user(parse_user(*user));
  auto member = parse_member(d);
  if (it->second.members.find(member.user_id.value) == it->second.members.end() && !d.contains("joined_at")) {
    // A partial update for an uncached member: nothing reliable to store.
    return;
  }
  store_member(it->second, std::move(member));
}

void Cache::on_member_remove(const json::object& d) {
  auto it = guilds_.find(id_of(d, "guild_id").value);
  if (it == guilds_.end()) return;
  if (const auto* user = obj_of(d, "user")) {
    const auto uid = id_of(*user, "id");
    it->second.members.erase(uid.value);
    it->second.voice_states.erase(uid.value);
  }
}

void Cache::on_members_chunk(const json::object& d) {
  auto it = guilds_.find(id_of(d, "guild_id").value);
  if (it == guilds_.end()) return;
  if (const auto* members = arr_of(d, "members")) {
    if (options_.members == MemberCachePolicy::all)
      it->second.members.reserve(it->second.members.size() + members->size());
    for (const auto& v : *members) {
      if (!v.is_object()) continue;
      const auto& o = v.as_object();
      if (const auto* user = obj_of(o, "user")) store_user(parse_user(*user));
      store_member(it->second, parse_member(o));
    }
  }
}

void Cache::on_voice_state(const json::object& d) {
  auto state = parse_voice_state(d);
  auto it = guilds_.find(state.guild_id.value);
  if (it == guilds_.end() || !state.user_id.value) return;
  if (const auto* member = obj_of(d, "member")) store_member(it->second, parse_member(*member, state.user_id));
  if (!state.channel_id.value) {
    it->second.voice_states.erase(state.user_id.value);
  } else {
    it->second.voice_states[state.user_id.value] = std::move(state);
  }
}

void Cache::put_member(Snowflake guild_id, Member member, std::optional<User> user) {
  std::unique_lock lock(mutex_);
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end()) return;
  if (user) store_user(*user);
  store_member(it->second, std::move(member));
}

// ---- reads -----------------------------------------------------------------

std::optional<User> Cache::self() const {
  std::shared_lock lock(mutex_);
  return self_;
}

std::optional<Guild> Cache::guild(Snowflake id) const {
  std::shared_lock lock(mutex_);
  auto it = guilds_.find(id.value);
  if (it == guilds_.end()) return std::nullopt;
  return it->second.guild;
}

std::vector<Snowflake> Cache::guild_ids() const {
  std::shared_lock lock(mutex_);
  std::vector<Snowflake> out;
  out.reserve(guilds_.size());
  for (const auto& [id, g] : guilds_) out.push_back(Snowflake{id});
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<Channel> Cache::channel(Snowflake id) const {
  std::shared_lock lock(mutex_);
  auto it = channels_.find(id.value);
  if (it == channels_.end()) return std::nullopt;
  return it->second;
}

std::vector<Channel> Cache::guild_channels(Snowflake guild_id) const {
  std::shared_lock lock(mutex_);
  std::vector<Channel> out;
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end()) return out;
  for (auto id : it->second.channel_ids) {
    if (auto c = channels_.find(id.value); c != channels_.end()) out.push_back(c->second);
  }
  std::sort(out.begin(), out.end(), [](const Channel& a, const Channel& b) {
    return a.position != b.position ? a.position < b.position : a.id < b.id;
  });
  return out;
}

std::optional<Role> Cache::role(Snowflake guild_id, Snowflake role_id) const {
  std::shared_lock lock(mutex_);
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end()) return std::nullopt;
  for (const auto& r : it->second.roles) {
    if (r.id == role_id) return r;
  }
  return std::nullopt;
}

std::vector<Role> Cache::roles(Snowflake guild_id) const {
  std::shared_lock lock(mutex_);
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end()) return {};
  auto out = it->second.roles;
  std::sort(out.begin(), out.end(), [](const Role& a, const Role& b) { return compare_roles(a.info(), b.info()) > 0; });
  return out;
}

const Member* Cache::find_member(const GuildEntry& g, Snowflake user_id) const {
  auto it = g.members.find(user_id.value);
  return it == g.members.end() ? nullptr : &it->second;
}

std::optional<Member> Cache::member(Snowflake guild_id, Snowflake user_id) const {
  std::shared_lock lock(mutex_);
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end()) return std::nullopt;
  if (const auto* m = find_member(it->second, user_id)) return *m;
  return std::nullopt;
}

std::optional<User> Cache::user(Snowflake id) const {
  std::shared_lock lock(mutex_);
  if (self_ && self_->id == id) return self_;
  auto it = users_.find(id.value);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

std::optional<VoiceState> Cache::voice_state(Snowflake guild_id, Snowflake user_id) const {
  std::shared_lock lock(mutex_);
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end()) return std::nullopt;
  auto v = it->second.voice_states.find(user_id.value);
  if (v == it->second.voice_states.end()) return std::nullopt;
  return v->second;
}

std::vector<VoiceState> Cache::voice_states_in(Snowflake guild_id, Snowflake channel_id) const {
  std::shared_lock lock(mutex_);
  std::vector<VoiceState> out;
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end()) return out;
  for (const auto& [uid, state] : it->second.voice_states) {
    if (state.channel_id == channel_id) out.push_back(state);
  }
  return out;
}

GuildInfo Cache::guild_info(const GuildEntry& g, std::vector<RoleInfo>& scratch) const {
  scratch.clear();
  scratch.reserve(g.roles.size());
  for (const auto& r : g.roles) scratch.push_back(r.info());
  return GuildInfo{g.guild.id, g.guild.owner_id, scratch};
}

std::optional<Permissions> Cache::guild_permissions(Snowflake guild_id, const Member& member,
                                                    std::int64_t now_ms) const {
  std::shared_lock lock(mutex_);
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end() || it->second.guild.unavailable) return std::nullopt;
  std::vector<RoleInfo> scratch;
  auto info = guild_info(it->second, scratch);
  return compute_base_permissions(info, {member.user_id, member.roles.span(), member.timed_out(now_ms)});
}

std::optional<Permissions> Cache::guild_permissions(Snowflake guild_id, Snowflake user_id, std::int64_t now_ms) const {
  auto m = member(guild_id, user_id);
  if (!m) return std::nullopt;
  return guild_permissions(guild_id, *m, now_ms);
}

std::optional<Permissions> Cache::channel_permissions(Snowflake channel_id, const Member& member,
                                                      std::int64_t now_ms) const {
  std::shared_lock lock(mutex_);
  auto c = channels_.find(channel_id.value);
  if (c == channels_.end()) return std::nullopt;
  const Channel* channel = &c->second;
  // Threads take their parent's overwrites.
  if (is_thread(channel->type)) {
    auto parent = channels_.find(channel->parent_id.value);
    if (parent == channels_.end()) return std::nullopt;
    channel = &parent->second;
  }
  auto g = guilds_.find(channel->guild_id.value);
  if (g == guilds_.end() || g->second.guild.unavailable) return std::nullopt;
  std::vector<RoleInfo> scratch;
  auto info = guild_info(g->second, scratch);
  return compute_channel_permissions(info, {member.user_id, member.roles.span(), member.timed_out(now_ms)},
                                     channel->overwrites, is_text_based(c->second.type));
}

std::optional<Permissions> Cache::channel_permissions(Snowflake channel_id, Snowflake user_id,
                                                      std::int64_t now_ms) const {
  auto c = channel(channel_id);
  if (!c) return std::nullopt;
  Snowflake guild_id = c->guild_id;
  if (!guild_id.value && is_thread(c->type)) {
    if (auto parent = channel(c->parent_id)) guild_id = parent->guild_id;
  }
  auto m = member(guild_id, user_id);
  if (!m) return std::nullopt;
  return channel_permissions(channel_id, *m, now_ms);
}

std::optional<bool> Cache::outranks(Snowflake guild_id, Snowflake actor, Snowflake target) const {
  std::shared_lock lock(mutex_);
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end()) return std::nullopt;
  const auto& g = it->second;
  const Member* a = find_member(g, actor);
  const Member* t = find_member(g, target);
  if (!a && actor != g.guild.owner_id) return std::nullopt;
  if (!t && target != g.guild.owner_id) return std::nullopt;
  std::vector<RoleInfo> scratch;
  auto info = guild_info(g, scratch);
  return dbot::discord::outranks(info, actor, a ? a->roles.span() : std::span<const Snowflake>{}, target,
                                 t ? t->roles.span() : std::span<const Snowflake>{});
}

std::optional<bool> Cache::can_manage_role(Snowflake guild_id, Snowflake actor, Snowflake role_id) const {
  std::shared_lock lock(mutex_);
  auto it = guilds_.find(guild_id.value);
  if (it == guilds_.end()) return std::nullopt;
  const auto& g = it->second;
  const Member* a = find_member(g, actor);
  if (!a && actor != g.guild.owner_id) return std::nullopt;
  const Role* role = nullptr;
  for (const auto& r : g.roles) {
    if (r.id == role_id) role = &r;
  }
  if (!role) return std::nullopt;
  std::vector<RoleInfo> scratch;
  auto info = guild_info(g, scratch);
  return dbot::discord::can_manage_role(info, actor, a ? a->roles.span() : std::span<const Snowflake>{}, role->info());
}

Cache::Stats Cache::stats() const {
  std::shared_lock lock(mutex_);
  Stats s;
  s.guilds = guilds_.size();
  s.channels = channels_.size();
  s.users = users_.size();
  // Rough: node + key + value + bucket pointer per hash entry, plus owned heap.
  constexpr std::size_t kNode = 2 * sizeof(void*);
  std::size_t bytes = channels_.size() * (kNode + sizeof(Channel)) + users_.size() * (kNode + sizeof(User) + 24);
  for (const auto& [gid, g] : guilds_) {
    s.roles += g.roles.size();
    s.members += g.members.size();
    s.voice_states += g.voice_states.size();
    bytes += sizeof(GuildEntry) + g.roles.capacity() * sizeof(Role) + g.channel_ids.capacity() * sizeof(Snowflake);
    bytes += g.members.bucket_count() * sizeof(void*) + g.members.size() * (kNode + sizeof(Member));
    for (const auto& [uid, m] : g.members) {
      if (!m.roles.empty()) bytes += (m.roles.size() + 1) * sizeof(std::uint64_t);
      if (!m.nick.empty()) bytes += m.nick.view().size() + 4;
    }
    bytes += g.voice_states.size() * (kNode + sizeof(VoiceState));
  }
  s.approx_bytes = bytes;
  return s;
}

}  // namespace dbot::discord
