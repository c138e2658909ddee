#include "discord/models_json.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace dbot::discord {

namespace json = boost::json;

namespace {

std::string_view str_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v && v->is_string()) return {v->as_string().data(), v->as_string().size()};
  return {};
}

std::int64_t int_of(const json::object& o, std::string_view key, std::int64_t fallback = 0) {
  const auto* v = o.if_contains(key);
  if (!v) return fallback;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  return fallback;
}

bool bool_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}

const json::object* obj_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

const json::array* arr_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? &v->as_array() : nullptr;
}

std::vector<Snowflake> ids_of(const json::object& o, std::string_view key) {
  std::vector<Snowflake> out;
  if (const auto* a = arr_of(o, key)) {
    out.reserve(a->size());
    for (const auto& v : *a) {
      if (auto id = snowflake_of(&v); id.value) out.push_back(id);
    }
  }
  return out;
}

// Embeds as received: the parts the bot reads (text, fields, footer).
std::vector<Embed> embeds_of(const json::array& array) {
  std::vector<Embed> out;
  for (const auto& v : array) {
    if (!v.is_object()) continue;
    const auto& e = v.as_object();
    Embed embed{.title = std::string(str_of(e, "title")), .description = std::string(str_of(e, "description"))};
    if (const auto* color = e.if_contains("color"); color && (color->is_int64() || color->is_uint64())) {
      embed.color = static_cast<std::uint32_t>(int_of(e, "color") & 0xFFFFFF);
    }
    if (const auto* fields = arr_of(e, "fields")) {
      for (const auto& f : *fields) {
        if (!f.is_object()) continue;
        const auto& field = f.as_object();
        embed.field(std::string(str_of(field, "name")), std::string(str_of(field, "value")), bool_of(field, "inline"));
      }
    }
    if (const auto* footer = obj_of(e, "footer")) embed.footer = std::string(str_of(*footer, "text"));
    embed.timestamp = std::string(str_of(e, "timestamp"));
    if (const auto* thumbnail = obj_of(e, "thumbnail")) embed.thumbnail_url = std::string(str_of(*thumbnail, "url"));
    out.push_back(std::move(embed));
  }
  return out;
}

// Action rows (type 1) of buttons (type 2) with a custom_id; link buttons,
// selects and the newer layout components are skipped.
std::vector<ActionRow> button_rows_of(const json::array& rows) {
  std::vector<ActionRow> out;
  for (const auto& r : rows) {
    if (!r.is_object() || int_of(r.as_object(), "type") != 1) continue;
    ActionRow row;
    if (const auto* items = arr_of(r.as_object(), "components")) {
      for (const auto& c : *items) {
        if (!c.is_object()) continue;
        const auto& b = c.as_object();
        const auto style = int_of(b, "style");
        if (int_of(b, "type") != 2 || style < 1 || style > 4) continue;
        Button button{.custom_id = std::string(str_of(b, "custom_id")),
                      .label = std::string(str_of(b, "label")),
                      .style = static_cast<ButtonStyle>(style),
                      .disabled = bool_of(b, "disabled")};
        if (const auto* emoji = obj_of(b, "emoji"); emoji && !emoji->contains("id")) {
          button.emoji = std::string(str_of(*emoji, "name"));
        }
        row.push_back(std::move(button));
      }
    }
    if (!row.empty()) out.push_back(std::move(row));
  }
  return out;
}

Permissions perms_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return {};
  if (v->is_string()) return parse_permissions(str_of(o, key));
  return {static_cast<std::uint64_t>(int_of(o, key))};
}

std::string value_text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_null()) return {};
  return json::serialize(v);
}

std::vector<InteractionOption> parse_options(const json::array* a) {
  std::vector<InteractionOption> out;
  if (!a) return out;
  for (const auto& v : *a) {
    if (!v.is_object()) continue;
    const auto& o = v.as_object();
    InteractionOption opt;
    opt.name = std::string(str_of(o, "name"));
    opt.type = static_cast<std::uint8_t>(int_of(o, "type"));
    if (const auto* value = o.if_contains("value")) opt.value = value_text(*value);
    opt.focused = bool_of(o, "focused");
    opt.options = parse_options(arr_of(o, "options"));
    out.push_back(std::move(opt));
  }
  return out;
}

}  // namespace

Snowflake snowflake_of(const json::value* v) {
  if (!v) return {};
  if (v->is_string()) return Snowflake::parse(std::string_view(v->as_string())).value_or(Snowflake{});
  if (v->is_uint64()) return Snowflake{v->as_uint64()};
  if (v->is_int64() && v->as_int64() > 0) return Snowflake{static_cast<std::uint64_t>(v->as_int64())};
  return {};
}

User parse_user(const json::object& o) {
  User u;
  u.id = snowflake_of(o.if_contains("id"));
  u.username = str_of(o, "username");
  u.global_name = str_of(o, "global_name");
  u.avatar = str_of(o, "avatar");
  u.bot = bool_of(o, "bot");
  return u;
}

Member parse_member(const json::object& o, Snowflake user_id) {
  Member m;
  m.user_id = user_id;
  if (const auto* user = obj_of(o, "user")) m.user_id = snowflake_of(user->if_contains("id"));
  m.roles = IdList(ids_of(o, "roles"));
  m.nick = str_of(o, "nick");
  m.joined_at_ms = parse_timestamp_ms(str_of(o, "joined_at"));
  m.communication_disabled_until_ms = parse_timestamp_ms(str_of(o, "communication_disabled_until"));
  m.flags = static_cast<std::uint32_t>(int_of(o, "flags"));
  m.pending = bool_of(o, "pending");
  return m;
}

Role parse_role(const json::object& o) {
  Role r;
  r.id = snowflake_of(o.if_contains("id"));
  r.name = std::string(str_of(o, "name"));
  r.permissions = perms_of(o, "permissions");
  r.position = static_cast<std::int32_t>(int_of(o, "position"));
  r.color = static_cast<std::uint32_t>(int_of(o, "color"));
  r.managed = bool_of(o, "managed");
  r.hoist = bool_of(o, "hoist");
  r.mentionable = bool_of(o, "mentionable");
  return r;
}

Channel parse_channel(const json::object& o, Snowflake guild_id) {
  Channel c;
  c.id = snowflake_of(o.if_contains("id"));
  c.guild_id = snowflake_of(o.if_contains("guild_id"));
  if (!c.guild_id.value) c.guild_id = guild_id;
  c.parent_id = snowflake_of(o.if_contains("parent_id"));
  c.type = static_cast<ChannelType>(int_of(o, "type"));
  c.position = static_cast<std::int32_t>(int_of(o, "position"));
  c.name = std::string(str_of(o, "name"));
  c.rate_limit_per_user = static_cast<std::uint32_t>(int_of(o, "rate_limit_per_user"));
  c.nsfw = bool_of(o, "nsfw");
  if (const auto* ows = arr_of(o, "permission_overwrites")) {
    for (const auto& v : *ows) {
      if (!v.is_object()) continue;
      const auto& ow = v.as_object();
      PermissionOverwrite p;
      p.id = snowflake_of(ow.if_contains("id"));
      p.type = int_of(ow, "type") == 1 ? PermissionOverwrite::Type::member : PermissionOverwrite::Type::role;
      p.allow = perms_of(ow, "allow");
      p.deny = perms_of(ow, "deny");
      c.overwrites.push_back(p);
    }
  }
  return c;
}

Guild parse_guild(const json::object& o) {
  Guild g;
  g.id = snowflake_of(o.if_contains("id"));
  g.name = std::string(str_of(o, "name"));
  g.owner_id = snowflake_of(o.if_contains("owner_id"));
  g.icon = str_of(o, "icon");
  g.member_count = static_cast<std::uint32_t>(int_of(o, "member_count"));
  g.unavailable = bool_of(o, "unavailable");
  return g;
}

VoiceState parse_voice_state(const json::object& o, Snowflake guild_id) {
  VoiceState v;
  v.guild_id = snowflake_of(o.if_contains("guild_id"));
  if (!v.guild_id.value) v.guild_id = guild_id;
  v.channel_id = snowflake_of(o.if_contains("channel_id"));
  v.user_id = snowflake_of(o.if_contains("user_id"));
  v.session_id = std::string(str_of(o, "session_id"));
  v.deaf = bool_of(o, "deaf");
  v.mute = bool_of(o, "mute");
  v.self_deaf = bool_of(o, "self_deaf");
  v.self_mute = bool_of(o, "self_mute");
  v.suppress = bool_of(o, "suppress");
  return v;
}

Message parse_message(const json::object& o) {
  Message m;
  m.id = snowflake_of(o.if_contains("id"));
  m.channel_id = snowflake_of(o.if_contains("channel_id"));
  m.guild_id = snowflake_of(o.if_contains("guild_id"));
  if (const auto* author = obj_of(o, "author")) m.author = parse_user(*author);
  if (const auto* member = obj_of(o, "member")) m.member = parse_member(*member, m.author.id);
  m.content = std::string(str_of(o, "content"));
  if (const auto* mentions = arr_of(o, "mentions")) {
    for (const auto& v : *mentions) {
      if (!v.is_object()) continue;
      m.mention_users.push_back(parse_user(v.as_object()));
      m.mentions.push_back(m.mention_users.back().id);
    }
  }
  m.mention_roles = ids_of(o, "mention_roles");
  m.mention_everyone = bool_of(o, "mention_everyone");
  if (const auto* ref = obj_of(o, "message_reference"))
    m.referenced_message_id = snowflake_of(ref->if_contains("message_id"));
  if (const auto* referenced = obj_of(o, "referenced_message")) {
    if (const auto* author = obj_of(*referenced, "author"))
      m.referenced_author_id = snowflake_of(author->if_contains("id"));
  }
  m.webhook_id = snowflake_of(o.if_contains("webhook_id"));
  m.timestamp_ms = parse_timestamp_ms(str_of(o, "timestamp"));
  m.type = static_cast<std::uint32_t>(int_of(o, "type"));
  m.flags = static_cast<std::uint64_t>(int_of(o, "flags"));
  if (const auto* embeds = arr_of(o, "embeds")) m.embeds = embeds_of(*embeds);
  if (const auto* rows = arr_of(o, "components")) m.components = button_rows_of(*rows);
  if (const auto* attachments = arr_of(o, "attachments")) {
    for (const auto& v : *attachments) {
      if (!v.is_object()) continue;
      const auto& a = v.as_object();
      m.attachments.push_back({.id = snowflake_of(a.if_contains("id")),
                               .filename = std::string(str_of(a, "filename")),
                               .content_type = std::string(str_of(a, "content_type")),
                               .size = static_cast<std::uint64_t>(int_of(a, "size")),
                               .url = std::string(str_of(a, "url"))});
    }
  }
  return m;
}

Interaction parse_interaction(const json::object& o) {
  Interaction i;
  i.id = snowflake_of(o.if_contains("id"));
  i.application_id = snowflake_of(o.if_contains("application_id"));
  i.type = static_cast<InteractionType>(int_of(o, "type", 1));
  i.token = std::string(str_of(o, "token"));
  i.guild_id = snowflake_of(o.if_contains("guild_id"));
  i.channel_id = snowflake_of(o.if_contains("channel_id"));
  if (!i.channel_id.value) {
    if (const auto* ch = obj_of(o, "channel")) i.channel_id = snowflake_of(ch->if_contains("id"));
  }
  if (const auto* member = obj_of(o, "member")) {
    if (const auto* user = obj_of(*member, "user")) i.user = parse_user(*user);
    i.member = parse_member(*member, i.user.id);
    i.member_permissions = perms_of(*member, "permissions");
  } else if (const auto* user = obj_of(o, "user")) {
    i.user = parse_user(*user);
  }
  i.app_permissions = perms_of(o, "app_permissions");
  i.locale = std::string(str_of(o, "locale"));
  if (const auto* message = obj_of(o, "message")) i.message_id = snowflake_of(message->if_contains("id"));
  if (const auto* data = obj_of(o, "data")) {
    i.command_id = snowflake_of(data->if_contains("id"));
    i.command_name = std::string(str_of(*data, "name"));
    i.command_type = static_cast<std::uint8_t>(int_of(*data, "type"));
    i.options = parse_options(arr_of(*data, "options"));
    i.custom_id = std::string(str_of(*data, "custom_id"));
    i.component_type = static_cast<std::uint8_t>(int_of(*data, "component_type"));
    if (const auto* values = arr_of(*data, "values")) {
      for (const auto& v : *values) i.values.push_back(value_text(v));
    }
    if (const auto* comps = arr_of(*data, "components")) i.modal_values_json = json::serialize(*comps);
  }
  return i;
}

}  // namespace dbot::discord
