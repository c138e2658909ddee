// Guild REST routes: the guild, channels and overwrites, roles, members,
// bans, emojis, invites and the audit log.

#include <algorithm>

#include <fmt/format.h>

#include "core/snowflake.hpp"
#include "sim/detail/rest.hpp"
#include "sim/permissions.hpp"
#include "sim/shapes.hpp"

namespace dbot::sim::detail {

namespace {
constexpr int kAuditGuildUpdate = 1;
constexpr int kAuditChannelCreate = 10;
constexpr int kAuditChannelUpdate = 11;
constexpr int kAuditChannelDelete = 12;
constexpr int kAuditOverwriteCreate = 13;
constexpr int kAuditOverwriteDelete = 15;
constexpr int kAuditMemberKick = 20;
constexpr int kAuditMemberBanAdd = 22;
constexpr int kAuditMemberBanRemove = 23;
constexpr int kAuditMemberUpdate = 24;
constexpr int kAuditMemberRoleUpdate = 25;
constexpr int kAuditRoleCreate = 30;
constexpr int kAuditRoleUpdate = 31;
constexpr int kAuditRoleDelete = 32;
constexpr int kAuditInviteCreate = 40;
constexpr int kAuditInviteDelete = 42;
constexpr int kAuditEmojiCreate = 60;
constexpr int kAuditEmojiUpdate = 61;
constexpr int kAuditEmojiDelete = 62;
constexpr std::int64_t kMaxTimeoutSeconds = 28LL * 24 * 3600;
}  // namespace

void Rest::emit_member_update(Guild& g, Member& m) {
  emit("GUILD_MEMBER_UPDATE", g.id, intents::kGuildMembers, shapes::member(w_, g.id, m, true));
}

void Rest::apply_channel_patch(Channel& ch, const json::object& o) {
  if (o.contains("name")) {
    const auto name = str_field(o, "name");
    if (name.empty() || name.size() > 100)
      throw invalid_form("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
    ch.name = name;
  }
  if (o.contains("topic")) {
    const auto topic = str_field(o, "topic");
    if (topic.size() > 1024) throw invalid_form("topic", "BASE_TYPE_MAX_LENGTH", "Must be 1024 or fewer in length.");
    ch.topic = topic;
  }
  if (const auto* v = o.if_contains("nsfw"); v && v->is_bool()) ch.nsfw = v->as_bool();
  if (auto v = int_field(o, "rate_limit_per_user")) {
    if (*v < 0 || *v > 21600)
      throw invalid_form("rate_limit_per_user", "NUMBER_TYPE_MAX", "int value should be between 0 and 21600.");
    ch.rate_limit_per_user = static_cast<int>(*v);
  }
  if (auto v = int_field(o, "position")) ch.position = static_cast<int>(*v);
  if (auto v = int_field(o, "bitrate")) ch.bitrate = static_cast<int>(*v);
  if (auto v = int_field(o, "user_limit")) ch.user_limit = static_cast<int>(*v);
  if (o.contains("parent_id")) {
    ch.parent_id = id_field(o, "parent_id");
    if (ch.parent_id) {
      const auto* parent = w_.channel(*ch.parent_id);
      if (!parent || parent->type != kGuildCategory || parent->guild_id != ch.guild_id)
        throw invalid_form("parent_id", "CHANNEL_PARENT_INVALID", "Category does not exist.");
    }
  }
  if (const auto* list = o.if_contains("permission_overwrites"); list && list->is_array()) {
    std::vector<Overwrite> overwrites;
    for (const auto& v : list->as_array()) {
      if (!v.is_object()) continue;
      Overwrite ow;
      ow.id = id_field(v.as_object(), "id").value_or(0);
      ow.type = static_cast<int>(int_field(v.as_object(), "type").value_or(0));
      ow.allow = permissions_field(v.as_object(), "allow").value_or(0);
      ow.deny = permissions_field(v.as_object(), "deny").value_or(0);
      overwrites.push_back(ow);
    }
    ch.overwrites = std::move(overwrites);
  }
}

std::optional<net::HttpResponse> Rest::channel_routes(const Segments& s) {
  if (s.size() < 2 || s[0] != "channels") return std::nullopt;
  auto& ch = channel_or_404(parse_id(s[1], 10003, "Channel"));
  if (s.size() == 2) {
    if (method() == "GET") {
      need_channel(ch, 0);
      json::object o = shapes::channel(ch);
      if (ch.type == kDm) {
        json::array recipients;
        for (Id id : ch.recipients)
          if (id != c_.actor)
            if (const auto* u = w_.user(id)) recipients.push_back(shapes::user(*u));
        o["recipients"] = std::move(recipients);
      }
      return json_response(200, o);
    }
    if (!ch.guild_id) throw ApiError{403, 50003, "Cannot execute action on a DM channel", {}};
    if (method() == "PATCH") {
      need_channel(ch, perm::kManageChannels);
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      if (o.contains("permission_overwrites") && !(perms_in(ch) & perm::kManageRoles)) throw missing_permissions();
      apply_channel_patch(ch, o);
      audit(*ch.guild_id, kAuditChannelUpdate, ch.id);
      emit("CHANNEL_UPDATE", ch.guild_id, intents::kGuilds, shapes::channel(ch));
      return json_response(200, shapes::channel(ch));
    }
    if (method() == "DELETE") {
      need_channel(ch, perm::kManageChannels);
      json::object o = shapes::channel(ch);
      const auto guild_id = ch.guild_id;
      const Id id = ch.id;
      audit(*guild_id, kAuditChannelDelete, id);
      w_.channels.erase(id);
      w_.messages.erase(id);
      emit("CHANNEL_DELETE", guild_id, intents::kGuilds, o);
      return json_response(200, o);
    }
    return std::nullopt;
  }
  if (match(s, {"channels", "*", "permissions", "*"}) && ch.guild_id) {
    const Id target = parse_id(s[3], 10009, "Overwrite");
    need_channel(ch, perm::kManageRoles);
    auto it =
        std::find_if(ch.overwrites.begin(), ch.overwrites.end(), [&](const Overwrite& ow) { return ow.id == target; });
    if (method() == "PUT") {
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      Overwrite ow;
      ow.id = target;
      ow.type = static_cast<int>(int_field(o, "type").value_or(0));
      if (ow.type != 0 && ow.type != 1) throw invalid_form("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.");
      ow.allow = permissions_field(o, "allow").value_or(0);
      ow.deny = permissions_field(o, "deny").value_or(0);
      // Nobody may grant or deny permissions they do not have themselves.
      const auto mine = perms_in(ch);
      if (((ow.allow | ow.deny) & ~mine) != 0 && !(mine & perm::kAdministrator)) throw missing_permissions();
      if (it != ch.overwrites.end())
        *it = ow;
      else
        ch.overwrites.push_back(ow);
      audit(*ch.guild_id, kAuditOverwriteCreate, ch.id);
      emit("CHANNEL_UPDATE", ch.guild_id, intents::kGuilds, shapes::channel(ch));
      return no_content();
    }
    if (method() == "DELETE") {
      if (it != ch.overwrites.end()) {
        ch.overwrites.erase(it);
        audit(*ch.guild_id, kAuditOverwriteDelete, ch.id);
        emit("CHANNEL_UPDATE", ch.guild_id, intents::kGuilds, shapes::channel(ch));
      }
      return no_content();
    }
  }
  if (match(s, {"channels", "*", "invites"}) && ch.guild_id) {
    if (method() == "GET") {
      need_channel(ch, perm::kManageChannels);
      json::array out;
      for (const auto& [code, inv] : w_.invites)
        if (inv.channel_id == ch.id) out.push_back(shapes::invite(w_, inv));
      return json_response(200, out);
    }
    if (method() == "POST") {
      need_channel(ch, perm::kCreateInstantInvite);
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      Invite inv;
      inv.code = w_.next_token().substr(0, 8);
      inv.guild_id = *ch.guild_id;
      inv.channel_id = ch.id;
      inv.inviter_id = c_.actor;
      inv.max_age = static_cast<int>(int_field(o, "max_age").value_or(86400));
      inv.max_uses = static_cast<int>(int_field(o, "max_uses").value_or(0));
      if (inv.max_age < 0 || inv.max_age > 604800)
        throw invalid_form("max_age", "NUMBER_TYPE_MAX", "int value should be between 0 and 604800.");
      if (inv.max_uses < 0 || inv.max_uses > 100)
        throw invalid_form("max_uses", "NUMBER_TYPE_MAX", "int value should be between 0 and 100.");
      inv.temporary = o.contains("temporary") && o.at("temporary").is_bool() && o.at("temporary").as_bool();
      inv.created = c_.now;
      w_.invites[inv.code] = inv;
      audit(*ch.guild_id, kAuditInviteCreate, std::nullopt);
      json::object event = shapes::invite(w_, inv);
      event["channel_id"] = shapes::id_string(ch.id);
      event["guild_id"] = shapes::id_string(*ch.guild_id);
      emit("INVITE_CREATE", ch.guild_id, intents::kGuildInvites, event);
      return json_response(200, shapes::invite(w_, inv));
    }
  }
  return std::nullopt;
}

void Rest::ban(Guild& g, Id user_id, std::int64_t delete_message_seconds) {
  g.bans[user_id] = Ban{user_id, c_.reason};
  const auto* u = w_.user(user_id);
  if (g.members.erase(user_id) && u) {
    emit("GUILD_MEMBER_REMOVE", g.id, intents::kGuildMembers,
         json::object{{"guild_id", shapes::id_string(g.id)}, {"user", shapes::user(*u)}});
  }
  if (delete_message_seconds > 0) {
    const auto cutoff = c_.now - std::chrono::seconds(delete_message_seconds);
    for (auto& [cid, ch] : w_.channels) {
      if (ch.guild_id != g.id) continue;
      json::array ids;
      auto& list = w_.messages[cid];
      for (auto it = list.begin(); it != list.end();) {
        if (it->second.author_id == user_id && it->second.timestamp >= cutoff) {
          ids.emplace_back(shapes::id_string(it->first));
          it = list.erase(it);
        } else {
          ++it;
        }
      }
      if (!ids.empty()) {
        emit("MESSAGE_DELETE_BULK", g.id, intents::kGuildMessages,
             json::object{{"ids", ids}, {"channel_id", shapes::id_string(cid)}, {"guild_id", shapes::id_string(g.id)}});
      }
    }
  }
  audit(g.id, kAuditMemberBanAdd, user_id);
  if (u) {
    emit("GUILD_BAN_ADD", g.id, intents::kGuildModeration,
         json::object{{"guild_id", shapes::id_string(g.id)}, {"user", shapes::user(*u)}});
  }
}

std::optional<net::HttpResponse> Rest::guild_routes(const Segments& s) {
  if (s.size() < 2 || s[0] != "guilds") return std::nullopt;
  auto& g = guild_or_404(parse_id(s[1], 10004, "Guild"));
  if (!g.members.count(c_.actor)) throw missing_access();

  if (s.size() == 2) {
    if (method() == "GET") {
      json::object o = shapes::guild(w_, g);
      if (c_.request.query("with_counts") == std::optional<std::string>("true")) {
        o["approximate_member_count"] = g.members.size();
        o["approximate_presence_count"] = 0;
      }
      return json_response(200, o);
    }
    if (method() == "PATCH") {
      need_guild(g, perm::kManageGuild);
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      if (o.contains("name")) {
        const auto name = str_field(o, "name");
        if (name.size() < 2 || name.size() > 100)
          throw invalid_form("name", "BASE_TYPE_BAD_LENGTH", "Must be between 2 and 100 in length.");
        g.name = name;
      }
      audit(g.id, kAuditGuildUpdate, g.id);
      emit("GUILD_UPDATE", g.id, intents::kGuilds, shapes::guild(w_, g));
      return json_response(200, shapes::guild(w_, g));
    }
    return std::nullopt;
  }

  if (match(s, {"guilds", "*", "channels"})) {
    if (method() == "GET") {
      json::array out;
      for (const auto& [id, ch] : w_.channels)
        if (ch.guild_id == g.id) out.push_back(shapes::channel(ch));
      return json_response(200, out);
    }
    if (method() == "POST") {
      need_guild(g, perm::kManageChannels);
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      const auto name = str_field(o, "name");
      if (name.empty()) throw invalid_form("name", "BASE_TYPE_REQUIRED", "This field is required");
      const int type = static_cast<int>(int_field(o, "type").value_or(kGuildText));
      if (type != kGuildText && type != kGuildVoice && type != kGuildCategory && type != kGuildAnnouncement)
        throw invalid_form("type", "BASE_TYPE_CHOICES", "Value must be one of {0, 2, 4, 5}.");
      if (o.contains("permission_overwrites") && !(perms_in(g) & perm::kManageRoles)) throw missing_permissions();
      const Id id = w_.add_channel(g.id, name, type);
      auto& ch = w_.channels[id];
      json::object rest = o;
      rest.erase("name");
      apply_channel_patch(ch, rest);
      audit(g.id, kAuditChannelCreate, id);
      emit("CHANNEL_CREATE", g.id, intents::kGuilds, shapes::channel(ch));
      return json_response(201, shapes::channel(ch));
    }
    if (method() == "PATCH") {
      need_guild(g, perm::kManageChannels);
      const auto body = parse_body(c_.request);
      if (!body.is_array()) throw ApiError{400, 50035, "Invalid Form Body", {}};
      std::vector<Channel*> changed;
      for (const auto& v : body.as_array()) {
        const auto& o = as_object(v);
        auto& ch = channel_or_404(id_field(o, "id").value_or(0));
        if (ch.guild_id != g.id) throw unknown(10003, "Channel");
        if (auto p = int_field(o, "position")) ch.position = static_cast<int>(*p);
        if (o.contains("parent_id")) ch.parent_id = id_field(o, "parent_id");
        changed.push_back(&ch);
      }
      for (auto* ch : changed) emit("CHANNEL_UPDATE", g.id, intents::kGuilds, shapes::channel(*ch));
      return no_content();
    }
    return std::nullopt;
  }

  if (match(s, {"guilds", "*", "audit-logs"}) && method() == "GET") {
    need_guild(g, perm::kViewAuditLog);
    std::int64_t limit = 50;
    if (auto l = c_.request.query("limit")) limit = std::clamp<std::int64_t>(std::atoll(l->c_str()), 1, 100);
    std::optional<int> action;
    if (auto a = c_.request.query("action_type")) action = std::atoi(a->c_str());
    std::optional<Id> user;
    if (auto u = c_.request.query("user_id")) user = Snowflake::parse(*u).value_or(Snowflake{}).value;
    json::array entries;
    json::array users;
    std::vector<Id> seen;
    for (auto it = g.audit_log.rbegin(); it != g.audit_log.rend() && static_cast<std::int64_t>(entries.size()) < limit;
         ++it) {
      if (action && it->action_type != *action) continue;
      if (user && it->user_id != *user) continue;
      entries.push_back(shapes::audit_entry(*it));
      if (std::find(seen.begin(), seen.end(), it->user_id) == seen.end()) {
        seen.push_back(it->user_id);
        if (const auto* u = w_.user(it->user_id)) users.push_back(shapes::user(*u));
      }
    }
    return json_response(200, json::object{{"audit_log_entries", entries},
                                           {"users", users},
                                           {"webhooks", json::array{}},
                                           {"integrations", json::array{}},
                                           {"threads", json::array{}},
                                           {"application_commands", json::array{}},
                                           {"auto_moderation_rules", json::array{}},
                                           {"guild_scheduled_events", json::array{}}});
  }

  if (s.size() >= 3 && s[2] == "bans") {
    if (s.size() == 3 && method() == "GET") {
      need_guild(g, perm::kBanMembers);
      json::array out;
      for (const auto& [uid, b] : g.bans) {
        const auto* u = w_.user(uid);
        if (!u) continue;
        out.push_back(json::object{{"reason", b.reason.empty() ? json::value(nullptr) : json::value(b.reason)},
                                   {"user", shapes::user(*u)}});
      }
      return json_response(200, out);
    }
    if (s.size() != 4) return std::nullopt;
    const Id user_id = parse_id(s[3], 10013, "User");
    need_guild(g, perm::kBanMembers);
    if (method() == "GET") {
      auto it = g.bans.find(user_id);
      if (it == g.bans.end()) throw unknown(10026, "Ban");
      return json_response(200, json::object{{"reason", it->second.reason.empty() ? json::value(nullptr)
                                                                                  : json::value(it->second.reason)},
                                             {"user", shapes::user(*w_.user(user_id))}});
    }
    if (method() == "PUT") {
      if (!w_.user(user_id)) throw unknown(10013, "User");
      if (g.members.count(user_id) && !perm::outranks(g, c_.actor, user_id)) throw missing_permissions();
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      auto seconds = int_field(o, "delete_message_seconds");
      if (!seconds) {
        if (auto days = int_field(o, "delete_message_days")) seconds = *days * 86400;
      }
      if (seconds && (*seconds < 0 || *seconds > 604800))
        throw invalid_form("delete_message_seconds", "NUMBER_TYPE_MAX", "int value should be between 0 and 604800.");
      ban(g, user_id, seconds.value_or(0));
      return no_content();
    }
    if (method() == "DELETE") {
      auto it = g.bans.find(user_id);
      if (it == g.bans.end()) throw unknown(10026, "Ban");
      g.bans.erase(it);
      audit(g.id, kAuditMemberBanRemove, user_id);
      emit("GUILD_BAN_REMOVE", g.id, intents::kGuildModeration,
           json::object{{"guild_id", shapes::id_string(g.id)}, {"user", shapes::user(*w_.user(user_id))}});
      return no_content();
    }
    return std::nullopt;
  }

  if (s.size() >= 3 && s[2] == "invites" && method() == "GET") {
    need_guild(g, perm::kManageGuild);
    json::array out;
    for (const auto& [code, inv] : w_.invites)
      if (inv.guild_id == g.id) out.push_back(shapes::invite(w_, inv));
    return json_response(200, out);
  }

  if (s.size() >= 3 && s[2] == "emojis") {
    auto emit_emojis = [&] {
      json::array list;
      for (const auto& [id, e] : g.emojis) list.push_back(shapes::emoji(w_, e, false));
      emit("GUILD_EMOJIS_UPDATE", g.id, intents::kGuildExpressions,
           json::object{{"guild_id", shapes::id_string(g.id)}, {"emojis", list}});
    };
    if (s.size() == 3 && method() == "GET") {
      json::array out;
      for (const auto& [id, e] : g.emojis) out.push_back(shapes::emoji(w_, e, true));
      return json_response(200, out);
    }
    if (s.size() == 3 && method() == "POST") {
      need_guild(g, perm::kManageGuildExpressions);
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      const auto name = str_field(o, "name");
      if (name.size() < 2 || name.size() > 32)
        throw invalid_form("name", "BASE_TYPE_BAD_LENGTH", "Must be between 2 and 32 in length.");
      if (str_field(o, "image").empty()) throw invalid_form("image", "BASE_TYPE_REQUIRED", "This field is required");
      Emoji e;
      e.id = w_.next_id();
      e.name = name;
      e.creator_id = c_.actor;
      e.animated = str_field(o, "image").rfind("data:image/gif", 0) == 0;
      g.emojis[e.id] = e;
      audit(g.id, kAuditEmojiCreate, e.id);
      emit_emojis();
      return json_response(201, shapes::emoji(w_, e, true));
    }
    if (s.size() != 4) return std::nullopt;
    auto it = g.emojis.find(parse_id(s[3], 10014, "Emoji"));
    if (it == g.emojis.end()) throw unknown(10014, "Emoji");
    if (method() == "GET") return json_response(200, shapes::emoji(w_, it->second, true));
    need_guild(g, perm::kManageGuildExpressions);
    if (method() == "PATCH") {
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      if (o.contains("name")) it->second.name = str_field(o, "name");
      if (const auto* roles = o.if_contains("roles"); roles && roles->is_array()) {
        it->second.roles.clear();
        for (const auto& r : roles->as_array())
          if (r.is_string()) it->second.roles.push_back(std::stoull(std::string(r.as_string())));
      }
      audit(g.id, kAuditEmojiUpdate, it->first);
      emit_emojis();
      return json_response(200, shapes::emoji(w_, it->second, true));
    }
    if (method() == "DELETE") {
      const Id id = it->first;
      g.emojis.erase(it);
      audit(g.id, kAuditEmojiDelete, id);
      emit_emojis();
      return no_content();
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<net::HttpResponse> Rest::role_routes(const Segments& s) {
  if (s.size() < 3 || s[0] != "guilds" || s[2] != "roles") return std::nullopt;
  auto& g = guild_or_404(parse_id(s[1], 10004, "Guild"));
  if (!g.members.count(c_.actor)) throw missing_access();
  auto role_event = [&](const char* name, const Role& r) {
    emit(name, g.id, intents::kGuilds, json::object{{"guild_id", shapes::id_string(g.id)}, {"role", shapes::role(r)}});
  };
  const auto my_perms = perms_in(g);
  auto check_grantable = [&](std::uint64_t permissions) {
    if ((permissions & ~my_perms) != 0) throw missing_permissions();
  };
  if (s.size() == 3) {
    if (method() == "GET") {
      json::array out;
      for (const auto& [id, r] : g.roles) out.push_back(shapes::role(r));
      return json_response(200, out);
    }
    if (method() == "POST") {
      need_guild(g, perm::kManageRoles);
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      const auto permissions = permissions_field(o, "permissions").value_or(g.roles[g.id].permissions);
      check_grantable(permissions);
      const auto name = str_field(o, "name", "new role");
      if (name.size() > 100) throw invalid_form("name", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
      if (g.roles.size() >= 250) throw ApiError{400, 30005, "Maximum number of guild roles reached (250)", {}};
      const Id id = w_.add_role(g.id, name, permissions, 1);
      auto& r = g.roles[id];
      r.color = static_cast<std::uint32_t>(int_field(o, "color").value_or(0));
      if (const auto* v = o.if_contains("hoist"); v && v->is_bool()) r.hoist = v->as_bool();
      if (const auto* v = o.if_contains("mentionable"); v && v->is_bool()) r.mentionable = v->as_bool();
      audit(g.id, kAuditRoleCreate, id);
      // Creating a role at position 1 moved the others up: tell clients.
      for (const auto& [rid, other] : g.roles)
        if (rid != id && rid != g.id && other.position > 1) role_event("GUILD_ROLE_UPDATE", other);
      role_event("GUILD_ROLE_CREATE", r);
      return json_response(200, shapes::role(r));
    }
    if (method() == "PATCH") {
      need_guild(g, perm::kManageRoles);
      const auto body = parse_body(c_.request);
      if (!body.is_array()) throw ApiError{400, 50035, "Invalid Form Body", {}};
      for (const auto& v : body.as_array()) {
        const auto& o = as_object(v);
        const Id id = id_field(o, "id").value_or(0);
        auto it = g.roles.find(id);
        if (it == g.roles.end()) throw unknown(10011, "Role");
        if (id == g.id) throw invalid_form("id", "ROLE_EVERYONE", "Cannot move @everyone.");
        if (!perm::can_manage_role(g, c_.actor, id)) throw missing_permissions();
        const auto pos = int_field(o, "position");
        if (!pos) continue;
        const int target = static_cast<int>(*pos);
        const auto* me = w_.member(g.id, c_.actor);
        if (g.owner_id != c_.actor && me && target >= perm::highest_role_position(g, *me)) throw missing_permissions();
        const int from = it->second.position;
        for (auto& [rid, r] : g.roles) {
          if (rid == id || rid == g.id) continue;
          if (target > from && r.position > from && r.position <= target) --r.position;
          if (target < from && r.position >= target && r.position < from) ++r.position;
        }
        it->second.position = std::max(1, target);
      }
      json::array out;
      for (const auto& [id, r] : g.roles) {
        out.push_back(shapes::role(r));
        if (id != g.id) role_event("GUILD_ROLE_UPDATE", r);
      }
      audit(g.id, kAuditRoleUpdate, std::nullopt);
      return json_response(200, out);
    }
    return std::nullopt;
  }
  if (s.size() != 4) return std::nullopt;
  const Id role_id = parse_id(s[3], 10011, "Role");
  auto it = g.roles.find(role_id);
  if (it == g.roles.end()) throw unknown(10011, "Role");
  if (method() == "GET") return json_response(200, shapes::role(it->second));
  need_guild(g, perm::kManageRoles);
  if (!perm::can_manage_role(g, c_.actor, role_id) && role_id != g.id) throw missing_permissions();
  if (method() == "PATCH") {
    const auto body = parse_body(c_.request);
    const auto& o = as_object(body);
    auto& r = it->second;
    if (o.contains("name")) r.name = str_field(o, "name");
    if (auto p = permissions_field(o, "permissions")) {
      check_grantable(*p & ~r.permissions);
      r.permissions = *p;
    }
    if (auto c = int_field(o, "color")) r.color = static_cast<std::uint32_t>(*c);
    if (const auto* v = o.if_contains("hoist"); v && v->is_bool()) r.hoist = v->as_bool();
    if (const auto* v = o.if_contains("mentionable"); v && v->is_bool()) r.mentionable = v->as_bool();
    audit(g.id, kAuditRoleUpdate, role_id);
    role_event("GUILD_ROLE_UPDATE", r);
    return json_response(200, shapes::role(r));
  }
  if (method() == "DELETE") {
    if (role_id == g.id) throw ApiError{400, 50028, "Invalid role", {}};
    if (it->second.managed) throw ApiError{400, 50028, "Invalid role", {}};
    const int position = it->second.position;
    g.roles.erase(it);
    for (auto& [rid, r] : g.roles)
      if (rid != g.id && r.position > position) --r.position;
    for (auto& [uid, m] : g.members) {
      if (std::erase(m.roles, role_id)) emit_member_update(g, m);
    }
    audit(g.id, kAuditRoleDelete, role_id);
    emit("GUILD_ROLE_DELETE", g.id, intents::kGuilds,
         json::object{{"guild_id", shapes::id_string(g.id)}, {"role_id", shapes::id_string(role_id)}});
    return no_content();
  }
  return std::nullopt;
}

std::optional<net::HttpResponse> Rest::member_routes(const Segments& s) {
  if (s.size() < 3 || s[0] != "guilds" || s[2] != "members") return std::nullopt;
  auto& g = guild_or_404(parse_id(s[1], 10004, "Guild"));
  if (!g.members.count(c_.actor)) throw missing_access();
  if (s.size() == 3 && method() == "GET") {
    std::int64_t limit = 1;
    if (auto l = c_.request.query("limit")) {
      limit = std::atoll(l->c_str());
      if (limit < 1 || limit > 1000)
        throw invalid_form("limit", "NUMBER_TYPE_MAX", "int value should be between 1 and 1000.");
    }
    Id after = 0;
    if (auto a = c_.request.query("after")) after = Snowflake::parse(*a).value_or(Snowflake{}).value;
    json::array out;
    for (auto it = g.members.upper_bound(after); it != g.members.end() && static_cast<std::int64_t>(out.size()) < limit;
         ++it)
      out.push_back(shapes::member(w_, g.id, it->second));
    return json_response(200, out);
  }
  if (s.size() == 4 && s[3] == "search" && method() == "GET") {
    const auto query = c_.request.query("query");
    if (!query) throw invalid_form("query", "BASE_TYPE_REQUIRED", "This field is required");
    std::int64_t limit = 1;
    if (auto l = c_.request.query("limit")) limit = std::clamp<std::int64_t>(std::atoll(l->c_str()), 1, 1000);
    json::array out;
    for (const auto& [uid, m] : g.members) {
      if (static_cast<std::int64_t>(out.size()) >= limit) break;
      const auto* u = w_.user(uid);
      if (!u) continue;
      if (u->username.rfind(*query, 0) == 0 || m.nick.rfind(*query, 0) == 0 || u->global_name.rfind(*query, 0) == 0)
        out.push_back(shapes::member(w_, g.id, m));
    }
    return json_response(200, out);
  }
  if (s.size() < 4) return std::nullopt;
  const bool me = s[3] == "@me";
  const Id user_id = me ? c_.actor : parse_id(s[3], 10013, "User");

  if (s.size() == 6 && s[4] == "roles") {
    auto& m = member_or_404(g, user_id);
    const Id role_id = parse_id(s[5], 10011, "Role");
    if (!g.roles.count(role_id) || role_id == g.id) throw unknown(10011, "Role");
    need_guild(g, perm::kManageRoles);
    if (!perm::can_manage_role(g, c_.actor, role_id) || g.roles[role_id].managed) throw missing_permissions();
    bool changed = false;
    if (method() == "PUT" && std::find(m.roles.begin(), m.roles.end(), role_id) == m.roles.end()) {
      m.roles.push_back(role_id);
      changed = true;
    } else if (method() == "DELETE") {
      changed = std::erase(m.roles, role_id) > 0;
    } else if (method() != "PUT") {
      return std::nullopt;
    }
    if (changed) {
      audit(g.id, kAuditMemberRoleUpdate, user_id);
      emit_member_update(g, m);
    }
    return no_content();
  }
  if (s.size() != 4) return std::nullopt;

  if (method() == "GET") return json_response(200, shapes::member(w_, g.id, member_or_404(g, user_id)));
  if (method() == "DELETE") {
    auto& m = member_or_404(g, user_id);
    (void)m;
    need_guild(g, perm::kKickMembers);
    if (!perm::outranks(g, c_.actor, user_id)) throw missing_permissions();
    g.members.erase(user_id);
    audit(g.id, kAuditMemberKick, user_id);
    emit("GUILD_MEMBER_REMOVE", g.id, intents::kGuildMembers,
         json::object{{"guild_id", shapes::id_string(g.id)}, {"user", shapes::user(*w_.user(user_id))}});
    return no_content();
  }
  if (method() == "PATCH") {
    auto& m = member_or_404(g, user_id);
    const auto body = parse_body(c_.request);
    const auto& o = as_object(body);
    const auto mine = perms_in(g);
    const bool self = user_id == c_.actor;
    bool roles_changed = false;
    if (o.contains("nick")) {
      const auto nick = str_field(o, "nick");
      if (nick.size() > 32) throw invalid_form("nick", "BASE_TYPE_MAX_LENGTH", "Must be 32 or fewer in length.");
      if (self ? !(mine & (perm::kChangeNickname | perm::kManageNicknames)) : !(mine & perm::kManageNicknames))
        throw missing_permissions();
      if (!self && !perm::outranks(g, c_.actor, user_id)) throw missing_permissions();
      m.nick = nick;
    }
    if (const auto* roles = o.if_contains("roles"); roles && roles->is_array()) {
      if (!(mine & perm::kManageRoles)) throw missing_permissions();
      std::vector<Id> wanted;
      for (const auto& r : roles->as_array()) {
        if (!r.is_string()) throw invalid_form("roles", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
        const Id rid = std::stoull(std::string(r.as_string()));
        if (!g.roles.count(rid) || rid == g.id) throw unknown(10011, "Role");
        wanted.push_back(rid);
      }
      // Every role added or removed must be below the actor's highest role.
      for (Id rid : wanted)
        if (std::find(m.roles.begin(), m.roles.end(), rid) == m.roles.end() && !perm::can_manage_role(g, c_.actor, rid))
          throw missing_permissions();
      for (Id rid : m.roles)
        if (std::find(wanted.begin(), wanted.end(), rid) == wanted.end() && !perm::can_manage_role(g, c_.actor, rid))
          throw missing_permissions();
      roles_changed = wanted != m.roles;
      m.roles = std::move(wanted);
    }
    if (o.contains("communication_disabled_until")) {
      if (!(mine & perm::kModerateMembers)) throw missing_permissions();
      if (!perm::outranks(g, c_.actor, user_id)) throw missing_permissions();
      // Administrators cannot be timed out.
      if (perm::base_permissions(g, m, c_.now) & perm::kAdministrator) throw missing_permissions();
      const auto* v = o.if_contains("communication_disabled_until");
      if (v->is_null()) {
        m.communication_disabled_until.reset();
      } else {
        const auto until = v->is_string() ? parse_iso_timestamp(std::string(v->as_string())) : std::nullopt;
        if (!until) throw invalid_form("communication_disabled_until", "DATE_TYPE_PARSE", "Could not parse the date.");
        if (*until > c_.now + std::chrono::seconds(kMaxTimeoutSeconds))
          throw invalid_form("communication_disabled_until", "BASE_TYPE_BAD_TIMEOUT",
                             "Timeout can only be up to 28 days in the future.");
        m.communication_disabled_until = *until;
      }
    }
    if (const auto* v = o.if_contains("mute"); v && v->is_bool()) m.mute = v->as_bool();
    if (const auto* v = o.if_contains("deaf"); v && v->is_bool()) m.deaf = v->as_bool();
    audit(g.id, roles_changed ? kAuditMemberRoleUpdate : kAuditMemberUpdate, user_id);
    emit_member_update(g, m);
    return json_response(200, shapes::member(w_, g.id, m));
  }
  if (method() == "PUT") {
    // Adding a member needs an OAuth2 token the simulator does not issue; an existing one is 204.
    if (g.members.count(user_id)) return no_content();
    throw ApiError{403, 50025, "Invalid OAuth2 access token", {}};
  }
  return std::nullopt;
}

}  // namespace dbot::sim::detail
