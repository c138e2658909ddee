#include "sim/world.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <random>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/snowflake.hpp"
#include "sim/permissions.hpp"

namespace dbot::sim {
namespace json = boost::json;

World::World() = default;

Id World::next_id_at(Clock::time_point at) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  const auto since_epoch = static_cast<std::uint64_t>(
      std::max<std::int64_t>(0, static_cast<std::int64_t>(ms) - static_cast<std::int64_t>(Snowflake::kDiscordEpochMs)));
  // Worker 1, process 0; the low 12 bits count within the millisecond.
  return (since_epoch << 22) | (1ULL << 17) | (++token_counter_ & 0xFFFULL);
}

Id World::next_id() {
  Id id = next_id_at(Clock::now());
  if (id <= last_id_) id = last_id_ + 1;
  last_id_ = id;
  return id;
}

std::string World::next_token() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}{:016x}", rng(), rng());
}

User* World::user(Id id) {
  auto it = users.find(id);
  return it == users.end() ? nullptr : &it->second;
}
Guild* World::guild(Id id) {
  auto it = guilds.find(id);
  return it == guilds.end() ? nullptr : &it->second;
}
Channel* World::channel(Id id) {
  auto it = channels.find(id);
  return it == channels.end() ? nullptr : &it->second;
}
Member* World::member(Id guild_id, Id user_id) {
  auto* g = guild(guild_id);
  if (!g) return nullptr;
  auto it = g->members.find(user_id);
  return it == g->members.end() ? nullptr : &it->second;
}
Role* World::role(Id guild_id, Id role_id) {
  auto* g = guild(guild_id);
  if (!g) return nullptr;
  auto it = g->roles.find(role_id);
  return it == g->roles.end() ? nullptr : &it->second;
}
Message* World::message(Id channel_id, Id message_id) {
  auto* list = channel_messages(channel_id);
  if (!list) return nullptr;
  auto it = list->find(message_id);
  return it == list->end() ? nullptr : &it->second;
}
std::map<Id, Message>* World::channel_messages(Id channel_id) {
  if (!channels.count(channel_id)) return nullptr;
  return &messages[channel_id];
}

Id World::add_user(std::string username, bool bot) {
  User u;
  u.id = next_id();
  u.global_name = username;
  u.username = std::move(username);
  u.bot = bot;
  users[u.id] = u;
  return u.id;
}

Id World::add_guild(std::string name, Id owner_id, std::uint64_t everyone_permissions,
                    std::optional<Clock::time_point> created) {
  Guild g;
  g.id = created ? next_id_at(*created) : next_id();
  g.name = std::move(name);
  g.owner_id = owner_id;
  g.created = created.value_or(Clock::now());
  Role everyone;
  everyone.id = g.id;
  everyone.name = "@everyone";
  everyone.permissions = everyone_permissions;
  everyone.position = 0;
  g.roles[g.id] = everyone;
  const Id id = g.id;
  guilds[id] = std::move(g);
  add_member(id, owner_id);
  return id;
}

Id World::add_role(Id guild_id, std::string name, std::uint64_t permissions, int position, bool managed) {
  auto* g = guild(guild_id);
  if (!g) throw Error("unknown guild");
  for (auto& [rid, r] : g->roles) {
    if (rid != guild_id && r.position >= position) ++r.position;
  }
  Role r;
  r.id = next_id();
  r.name = std::move(name);
  r.permissions = permissions;
  r.position = position;
  r.managed = managed;
  g->roles[r.id] = r;
  return r.id;
}

Id World::add_channel(Id guild_id, std::string name, int type, std::optional<Id> parent) {
  Channel c;
  c.id = next_id();
  c.guild_id = guild_id;
  c.name = std::move(name);
  c.type = type;
  c.parent_id = parent;
  int position = 0;
  for (const auto& [cid, other] : channels) {
    if (other.guild_id == guild_id) ++position;
  }
  c.position = position;
  channels[c.id] = c;
  messages[c.id];
  return c.id;
}

Member& World::add_member(Id guild_id, Id user_id, std::vector<Id> roles) {
  auto* g = guild(guild_id);
  if (!g) throw Error("unknown guild");
  Member m;
  m.user_id = user_id;
  m.roles = std::move(roles);
  m.joined_at = Clock::now();
  return g->members[user_id] = std::move(m);
}

void World::add_bot_to_guild(Id guild_id, int bot_role_position, std::uint64_t permissions) {
  const auto* bot = user(bot_user_id);
  if (!bot) throw Error("the bot user must exist before it joins guilds");
  const Id role_id = add_role(guild_id, bot->username, permissions, bot_role_position, true);
  add_member(guild_id, bot_user_id, {role_id});
}

void World::record_audit(Id guild_id, Id actor, int action_type, std::optional<Id> target, std::string reason) {
  auto* g = guild(guild_id);
  if (!g) return;
  AuditEntry e;
  e.id = next_id();
  e.user_id = actor;
  e.action_type = action_type;
  e.target_id = target;
  e.reason = std::move(reason);
  g->audit_log.push_back(std::move(e));
}

namespace {

constexpr std::uint64_t kBotRolePermissions =
    perm::kDefaultEveryone | perm::kKickMembers | perm::kBanMembers | perm::kManageChannels | perm::kManageRoles |
    perm::kManageMessages | perm::kModerateMembers | perm::kManageWebhooks | perm::kViewAuditLog |
    perm::kManageNicknames | perm::kManageGuildExpressions | perm::kMentionEveryone;

void create_bot(World& w, std::string username) {
  w.bot_user_id = w.add_user(std::move(username), true);
  w.application_id = w.bot_user_id;
  w.names.users["bot"] = w.bot_user_id;
}

std::uint64_t permissions_of(const json::value& v) {
  if (v.is_string()) return std::stoull(std::string(v.as_string()));
  if (v.is_int64()) return static_cast<std::uint64_t>(v.as_int64());
  if (v.is_uint64()) return v.as_uint64();
  throw Error("seed: permissions must be a string or a number");
}

std::string string_of(const json::object& o, std::string_view key, std::string fallback = {}) {
  if (auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->as_string());
  return fallback;
}

void add_seed_guild(World& w, const json::object& spec) {
  const std::string name = string_of(spec, "name", "Guild");
  const std::string owner_name = string_of(spec, "owner", "owner");
  auto owner = w.names.users.find(owner_name);
  if (owner == w.names.users.end()) throw Error("seed: guild owner '" + owner_name + "' is not a seeded user");
  std::uint64_t everyone = perm::kDefaultEveryone;
  if (auto* e = spec.if_contains("everyone_permissions")) everyone = permissions_of(*e);
  const Id gid = w.add_guild(name, owner->second, everyone);
  if (!w.names.guilds.count(name)) w.names.guilds[name] = gid;
  w.names.roles.emplace(name + "/@everyone", gid);

  std::map<std::string, Id> roles;
  int position = 1;
  if (auto* list = spec.if_contains("roles")) {
    for (const auto& rv : list->as_array()) {
      const auto& r = rv.as_object();
      const std::string rname = string_of(r, "name", "role");
      std::uint64_t p = 0;
      if (auto* pv = r.if_contains("permissions")) p = permissions_of(*pv);
      const Id rid = w.add_role(gid, rname, p, position++);
      roles[rname] = rid;
      w.names.roles.emplace(rname, rid);
      w.names.roles[name + "/" + rname] = rid;
    }
  }
  int bot_position = 1;
  if (auto* bp = spec.if_contains("bot_role_position")) bot_position = static_cast<int>(bp->to_number<double>());
  w.add_bot_to_guild(gid, bot_position, kBotRolePermissions);

  if (auto* list = spec.if_contains("channels")) {
    for (const auto& cv : list->as_array()) {
      const auto& c = cv.as_object();
      const std::string cname = string_of(c, "name", "channel");
      int type = kGuildText;
      if (auto* t = c.if_contains("type")) type = static_cast<int>(t->to_number<double>());
      const Id cid = w.add_channel(gid, cname, type);
      w.channels[cid].topic = string_of(c, "topic");
      w.names.channels.emplace(cname, cid);
      w.names.channels[name + "/" + cname] = cid;
    }
  }
  if (auto* list = spec.if_contains("members")) {
    for (const auto& mv : list->as_array()) {
      std::string uname;
      std::vector<Id> member_roles;
      if (mv.is_string()) {
        uname = std::string(mv.as_string());
      } else {
        const auto& m = mv.as_object();
        uname = string_of(m, "user");
        if (auto* rl = m.if_contains("roles")) {
          for (const auto& rn : rl->as_array()) {
            auto it = roles.find(std::string(rn.as_string()));
            if (it == roles.end()) throw Error("seed: unknown role " + json::serialize(rn));
            member_roles.push_back(it->second);
          }
        }
      }
      auto uid = w.names.users.find(uname);
      if (uid == w.names.users.end()) throw Error("seed: member '" + uname + "' is not a seeded user");
      if (auto* existing = w.member(gid, uid->second)) {
        existing->roles = member_roles;
      } else {
        w.add_member(gid, uid->second, member_roles);
      }
    }
  }
}

}  // namespace

World World::make_default() {
  World w;
  create_bot(w, "sim-bot");
  for (const char* name : {"owner", "admin", "mod", "alice", "bob"}) w.names.users[name] = w.add_user(name);
  const Id gid = w.add_guild("Sandbox", w.names.users["owner"], perm::kDefaultEveryone);
  w.names.guilds["Sandbox"] = gid;
  w.names.roles["@everyone"] = gid;
  const Id member = w.add_role(gid, "Member", perm::kDefaultEveryone, 1);
  const Id moderator = w.add_role(
      gid, "Moderator",
      perm::kBanMembers | perm::kKickMembers | perm::kModerateMembers | perm::kManageMessages | perm::kViewAuditLog, 2);
  w.add_bot_to_guild(gid, 3, kBotRolePermissions);
  const Id admin = w.add_role(gid, "Admin", perm::kAdministrator, 4);
  w.names.roles["Member"] = member;
  w.names.roles["Moderator"] = moderator;
  w.names.roles["Admin"] = admin;
  w.names.roles["sim-bot"] = w.guilds[gid].members[w.bot_user_id].roles.front();
  w.names.channels["general"] = w.add_channel(gid, "general", kGuildText);
  w.names.channels["mod-log"] = w.add_channel(gid, "mod-log", kGuildText);
  w.names.channels["voice"] = w.add_channel(gid, "Voice", kGuildVoice);
  w.channels[w.names.channels["general"]].topic = "Say hello";
  w.add_member(gid, w.names.users["admin"], {admin});
  w.add_member(gid, w.names.users["mod"], {moderator});
  w.add_member(gid, w.names.users["alice"], {member});
  w.add_member(gid, w.names.users["bob"], {member});
  return w;
}

World World::from_seed(std::string_view text) {
  json::value root;
  try {
    root = json::parse(text);
  } catch (const std::exception& e) {
    throw Error("The seed file is not valid JSON.", std::string("seed: ") + e.what());
  }
  if (!root.is_object()) throw Error("The seed file must hold a JSON object.");
  const auto& obj = root.as_object();
  try {
    const bool with_default = obj.if_contains("include_default") && obj.at("include_default").as_bool();
    World w;
    if (with_default) {
      w = make_default();
    } else {
      std::string bot_name = "sim-bot";
      if (auto* b = obj.if_contains("bot"); b && b->is_object())
        bot_name = string_of(b->as_object(), "username", bot_name);
      create_bot(w, bot_name);
    }
    if (auto* list = obj.if_contains("users")) {
      for (const auto& uv : list->as_array()) {
        const std::string name = uv.is_string() ? std::string(uv.as_string()) : string_of(uv.as_object(), "name");
        if (name.empty()) throw Error("seed: a user needs a name");
        if (!w.names.users.count(name)) w.names.users[name] = w.add_user(name);
      }
    }
    if (auto* list = obj.if_contains("guilds")) {
      for (const auto& gv : list->as_array()) add_seed_guild(w, gv.as_object());
    }
    return w;
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error("The seed file does not have the expected shape.", std::string("seed: ") + e.what());
  }
}

std::string iso_timestamp(Clock::time_point t) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, us % 1000000);
}

std::optional<Clock::time_point> parse_iso_timestamp(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, n = 0;
  const std::string str(text);
  if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6) return std::nullopt;
  std::size_t pos = static_cast<std::size_t>(n);
  std::int64_t micros = 0;
  if (pos < str.size() && str[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < str.size() && std::isdigit(static_cast<unsigned char>(str[pos]))) {
      if (digits < 6) {
        micros = micros * 10 + (str[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    for (; digits < 6; ++digits) micros *= 10;
  }
  std::int64_t offset_s = 0;
  if (pos < str.size()) {
    if (str[pos] == 'Z') {
      ++pos;
    } else if (str[pos] == '+' || str[pos] == '-') {
      int oh = 0, om = 0;
      if (std::sscanf(str.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
      offset_s = (oh * 3600 + om * 60) * (str[pos] == '-' ? -1 : 1);
      pos += 6;
    }
  }
  if (pos != str.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  const std::time_t t = timegm(&tm);
  return Clock::time_point(std::chrono::seconds(t - offset_s)) + std::chrono::microseconds(micros);
}

}  // namespace dbot::sim
