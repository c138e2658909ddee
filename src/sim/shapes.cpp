#include "sim/shapes.hpp"

#include <algorithm>

#include <boost/json.hpp>

namespace dbot::sim::shapes {
namespace json = boost::json;

std::string id_string(Id id) { return std::to_string(id); }

json::array id_array(const std::vector<Id>& ids) {
  json::array out;
  for (Id id : ids) out.emplace_back(id_string(id));
  return out;
}

json::value parse_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  try {
    return json::parse(text);
  } catch (const std::exception&) {
    return nullptr;
  }
}

json::object user(const User& u) {
  json::object o;
  o["id"] = id_string(u.id);
  o["username"] = u.username;
  o["discriminator"] = "0";
  o["global_name"] = u.global_name.empty() ? json::value(nullptr) : json::value(u.global_name);
  o["avatar"] = nullptr;
  o["public_flags"] = 0;
  o["flags"] = 0;
  o["bot"] = u.bot;
  return o;
}

json::object role(const Role& r) {
  json::object o;
  o["id"] = id_string(r.id);
  o["name"] = r.name;
  o["color"] = r.color;
  o["colors"] = json::object{{"primary_color", r.color}, {"secondary_color", nullptr}, {"tertiary_color", nullptr}};
  o["hoist"] = r.hoist;
  o["icon"] = nullptr;
  o["unicode_emoji"] = nullptr;
  o["position"] = r.position;
  o["permissions"] = std::to_string(r.permissions);
  o["managed"] = r.managed;
  o["mentionable"] = r.mentionable;
  o["flags"] = 0;
  return o;
}

json::object channel(const Channel& c) {
  json::object o;
  o["id"] = id_string(c.id);
  o["type"] = c.type;
  o["flags"] = 0;
  o["last_message_id"] = c.last_message_id ? json::value(id_string(*c.last_message_id)) : json::value(nullptr);
  if (c.type == kDm) {
    // recipients are filled in by the caller, which knows the users
    return o;
  }
  o["guild_id"] = id_string(c.guild_id.value_or(0));
  o["name"] = c.name;
  o["position"] = c.position;
  o["parent_id"] = c.parent_id ? json::value(id_string(*c.parent_id)) : json::value(nullptr);
  json::array overwrites;
  for (const auto& ow : c.overwrites) {
    overwrites.push_back(json::object{{"id", id_string(ow.id)},
                                      {"type", ow.type},
                                      {"allow", std::to_string(ow.allow)},
                                      {"deny", std::to_string(ow.deny)}});
  }
  o["permission_overwrites"] = std::move(overwrites);
  o["nsfw"] = c.nsfw;
  if (c.type == kGuildVoice) {
    o["bitrate"] = c.bitrate;
    o["user_limit"] = c.user_limit;
    o["rtc_region"] = nullptr;
    o["rate_limit_per_user"] = c.rate_limit_per_user;
  } else if (c.type != kGuildCategory) {
    o["topic"] = c.topic.empty() ? json::value(nullptr) : json::value(c.topic);
    o["rate_limit_per_user"] = c.rate_limit_per_user;
  }
  return o;
}

json::object member(World& w, Id guild_id, const Member& m, bool with_guild_id) {
  json::object o;
  if (const auto* u = w.user(m.user_id)) o["user"] = user(*u);
  o["nick"] = m.nick.empty() ? json::value(nullptr) : json::value(m.nick);
  o["avatar"] = nullptr;
  o["banner"] = nullptr;
  o["roles"] = id_array(m.roles);
  o["joined_at"] = iso_timestamp(m.joined_at);
  o["premium_since"] = nullptr;
  o["deaf"] = m.deaf;
  o["mute"] = m.mute;
  o["flags"] = 0;
  o["pending"] = false;
  o["communication_disabled_until"] = m.communication_disabled_until && *m.communication_disabled_until > Clock::now()
                                          ? json::value(iso_timestamp(*m.communication_disabled_until))
                                          : json::value(nullptr);
  if (with_guild_id) o["guild_id"] = id_string(guild_id);
  return o;
}

json::object message(World& w, const Message& m) {
  json::object o;
  o["id"] = id_string(m.id);
  o["type"] = m.type;
  o["channel_id"] = id_string(m.channel_id);
  if (m.guild_id) o["guild_id"] = id_string(*m.guild_id);
  if (m.webhook_id) {
    o["webhook_id"] = id_string(*m.webhook_id);
    std::string name = "Webhook";
    if (auto it = w.webhooks.find(*m.webhook_id); it != w.webhooks.end()) name = it->second.name;
    if (m.webhook_id == w.application_id) name = w.user(w.bot_user_id)->username;
    o["author"] = json::object{{"id", id_string(*m.webhook_id)},
                               {"username", name},
                               {"discriminator", "0000"},
                               {"avatar", nullptr},
                               {"bot", true},
                               {"global_name", nullptr},
                               {"public_flags", 0}};
    if (m.webhook_id == w.application_id) o["author"] = user(*w.user(w.bot_user_id));
  } else if (const auto* u = w.user(m.author_id)) {
    o["author"] = user(*u);
  }
  o["content"] = m.content;
  o["timestamp"] = iso_timestamp(m.timestamp);
  o["edited_timestamp"] = m.edited_timestamp ? json::value(iso_timestamp(*m.edited_timestamp)) : json::value(nullptr);
  o["tts"] = m.tts;
  o["mention_everyone"] = m.mention_everyone;
  json::array mentions;
  for (Id id : m.mentions) {
    if (const auto* u = w.user(id)) mentions.push_back(user(*u));
  }
  o["mentions"] = std::move(mentions);
  o["mention_roles"] = id_array(m.mention_roles);
  o["attachments"] = parse_or_null(m.attachments_json);
  o["embeds"] = parse_or_null(m.embeds_json);
  o["components"] = parse_or_null(m.components_json);
  o["pinned"] = m.pinned;
  o["flags"] = m.flags;
  if (m.nonce) o["nonce"] = *m.nonce;
  if (!m.reactions.empty()) {
    json::array reactions;
    for (const auto& r : m.reactions) {
      json::object emoji;
      if (auto colon = r.emoji.find(':'); colon != std::string::npos) {
        emoji["name"] = r.emoji.substr(0, colon);
        emoji["id"] = r.emoji.substr(colon + 1);
      } else {
        emoji["name"] = r.emoji;
        emoji["id"] = nullptr;
      }
      const bool me = std::find(r.users.begin(), r.users.end(), w.bot_user_id) != r.users.end();
      reactions.push_back(json::object{{"count", r.users.size()},
                                       {"count_details", json::object{{"burst", 0}, {"normal", r.users.size()}}},
                                       {"me", me},
                                       {"me_burst", false},
                                       {"burst_colors", json::array{}},
                                       {"emoji", std::move(emoji)}});
    }
    o["reactions"] = std::move(reactions);
  }
  if (!m.message_reference_json.empty()) {
    auto ref = parse_or_null(m.message_reference_json);
    o["message_reference"] = ref;
    if (ref.is_object()) {
      if (auto* mid = ref.as_object().if_contains("message_id"); mid && mid->is_string()) {
        const Id referenced = std::stoull(std::string(mid->as_string()));
        if (const auto* target = w.message(m.channel_id, referenced)) {
          o["referenced_message"] = message(w, *target);
        } else {
          o["referenced_message"] = nullptr;
        }
      }
    }
  }
  if (!m.interaction_metadata_json.empty()) o["interaction_metadata"] = parse_or_null(m.interaction_metadata_json);
  return o;
}

json::object guild(World& w, const Guild& g) {
  json::object o;
  o["id"] = id_string(g.id);
  o["name"] = g.name;
  o["icon"] = nullptr;
  o["splash"] = nullptr;
  o["discovery_splash"] = nullptr;
  o["banner"] = nullptr;
  o["description"] = nullptr;
  o["owner_id"] = id_string(g.owner_id);
  o["afk_channel_id"] = nullptr;
  o["afk_timeout"] = 300;
  o["widget_enabled"] = false;
  o["verification_level"] = 0;
  o["default_message_notifications"] = 0;
  o["explicit_content_filter"] = 0;
  o["mfa_level"] = 0;
  o["nsfw_level"] = 0;
  o["premium_tier"] = 0;
  o["premium_subscription_count"] = 0;
  o["premium_progress_bar_enabled"] = false;
  o["preferred_locale"] = "en-US";
  o["system_channel_id"] = nullptr;
  o["system_channel_flags"] = 0;
  o["rules_channel_id"] = nullptr;
  o["public_updates_channel_id"] = nullptr;
  o["safety_alerts_channel_id"] = nullptr;
  o["vanity_url_code"] = nullptr;
  o["application_id"] = nullptr;
  o["max_members"] = 500000;
  o["max_video_channel_users"] = 25;
  o["features"] = json::array{};
  o["stickers"] = json::array{};
  json::array roles;
  for (const auto& [id, r] : g.roles) roles.push_back(role(r));
  o["roles"] = std::move(roles);
  json::array emojis;
  for (const auto& [id, e] : g.emojis) emojis.push_back(emoji(w, e, false));
  o["emojis"] = std::move(emojis);
  return o;
}

json::object guild_create(World& w, const Guild& g) {
  json::object o = guild(w, g);
  o["unavailable"] = false;
  o["large"] = g.members.size() > 250;
  o["member_count"] = g.members.size();
  if (auto it = g.members.find(w.bot_user_id); it != g.members.end())
    o["joined_at"] = iso_timestamp(it->second.joined_at);
  json::array channels;
  for (const auto& [id, c] : w.channels) {
    if (c.guild_id == g.id) channels.push_back(channel(c));
  }
  o["channels"] = std::move(channels);
  json::array members;
  for (const auto& [id, m] : g.members) members.push_back(member(w, g.id, m));
  o["members"] = std::move(members);
  o["voice_states"] = json::array{};
  o["presences"] = json::array{};
  o["threads"] = json::array{};
  o["stage_instances"] = json::array{};
  o["guild_scheduled_events"] = json::array{};
  o["soundboard_sounds"] = json::array{};
  return o;
}

json::object webhook(World& w, const Webhook& h, bool with_token) {
  json::object o;
  o["id"] = id_string(h.id);
  o["type"] = h.type;
  o["guild_id"] = id_string(h.guild_id);
  o["channel_id"] = id_string(h.channel_id);
  o["name"] = h.name;
  o["avatar"] = nullptr;
  o["application_id"] = nullptr;
  if (with_token) o["token"] = h.token;
  if (const auto* u = w.user(h.creator_id)) o["user"] = user(*u);
  return o;
}

json::object invite(World& w, const Invite& i) {
  json::object o;
  o["type"] = 0;
  o["code"] = i.code;
  if (const auto* g = w.guild(i.guild_id)) {
    o["guild"] =
        json::object{{"id", id_string(g->id)}, {"name", g->name}, {"icon", nullptr}, {"features", json::array{}}};
  }
  if (const auto* c = w.channel(i.channel_id))
    o["channel"] = json::object{{"id", id_string(c->id)}, {"name", c->name}, {"type", c->type}};
  if (const auto* u = w.user(i.inviter_id)) o["inviter"] = user(*u);
  o["uses"] = i.uses;
  o["max_uses"] = i.max_uses;
  o["max_age"] = i.max_age;
  o["temporary"] = i.temporary;
  o["created_at"] = iso_timestamp(i.created);
  o["expires_at"] =
      i.max_age > 0 ? json::value(iso_timestamp(i.created + std::chrono::seconds(i.max_age))) : json::value(nullptr);
  return o;
}

json::object emoji(World& w, const Emoji& e, bool with_user) {
  json::object o;
  o["id"] = id_string(e.id);
  o["name"] = e.name;
  o["roles"] = id_array(e.roles);
  o["require_colons"] = true;
  o["managed"] = false;
  o["animated"] = e.animated;
  o["available"] = true;
  if (with_user) {
    if (const auto* u = w.user(e.creator_id)) o["user"] = user(*u);
  }
  return o;
}

json::object command(World& w, const AppCommand& c) {
  json::object o;
  if (auto def = parse_or_null(c.json); def.is_object()) o = def.as_object();
  o["id"] = id_string(c.id);
  o["application_id"] = id_string(w.application_id);
  o["version"] = id_string(c.version);
  o["name"] = c.name;
  o["type"] = c.type;
  if (c.guild_id) o["guild_id"] = id_string(*c.guild_id);
  if (!o.contains("description")) o["description"] = "";
  if (!o.contains("default_member_permissions")) o["default_member_permissions"] = nullptr;
  if (!o.contains("nsfw")) o["nsfw"] = false;
  return o;
}

json::object audit_entry(const AuditEntry& e) {
  json::object o;
  o["id"] = id_string(e.id);
  o["user_id"] = id_string(e.user_id);
  o["action_type"] = e.action_type;
  o["target_id"] = e.target_id ? json::value(id_string(*e.target_id)) : json::value(nullptr);
  if (!e.reason.empty()) o["reason"] = e.reason;
  o["changes"] = json::array{};
  return o;
}

}  // namespace dbot::sim::shapes
