// Shared REST helpers and the message routes: create/get/list/edit/delete,
// bulk delete, reactions, typing, pins.

#include <algorithm>
#include <regex>

#include <fmt/format.h>

#include "core/snowflake.hpp"
#include "sim/detail/rest.hpp"
#include "sim/permissions.hpp"
#include "sim/shapes.hpp"

namespace dbot::sim::detail {

namespace {
constexpr std::size_t kMaxContent = 2000;

// A message's nonce as Discord takes it: an integer, or a string of at most
// 25 characters. Numbers are kept as their digits.
std::optional<std::string> message_nonce(const json::object& body) {
  const auto* n = body.if_contains("nonce");
  if (!n || n->is_null()) return std::nullopt;
  if (n->is_string() && n->as_string().size() <= 25) return std::string(n->as_string());
  if (n->is_int64() || n->is_uint64()) return json::serialize(*n);
  throw invalid_form("nonce", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
}

constexpr std::size_t kMaxEmbeds = 10;
constexpr std::uint64_t kTextPermissions = perm::kViewChannel | perm::kSendMessages | perm::kReadMessageHistory |
                                           perm::kAddReactions | perm::kEmbedLinks | perm::kAttachFiles |
                                           perm::kUseExternalEmojis | perm::kMentionEveryone;
constexpr int kAuditMessageDelete = 72;
constexpr int kAuditMessageBulkDelete = 73;

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

std::size_t text_length(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? utf8_length(std::string_view(v->as_string())) : 0;
}

void check_length(const json::object& o, std::string_view key, std::size_t max, const std::string& path) {
  if (text_length(o, key) > max)
    throw invalid_form(path, "BASE_TYPE_MAX_LENGTH", fmt::format("Must be {} or fewer in length.", max));
}

}  // namespace

// ---- shared helpers -------------------------------------------------------

Guild& Rest::guild_or_404(Id id) {
  auto* g = w_.guild(id);
  if (!g) throw unknown(10004, "Guild");
  return *g;
}

Channel& Rest::channel_or_404(Id id) {
  auto* ch = w_.channel(id);
  if (!ch) throw unknown(10003, "Channel");
  return *ch;
}

Message& Rest::message_or_404(Id channel_id, Id message_id) {
  auto* m = w_.message(channel_id, message_id);
  if (!m) throw unknown(10008, "Message");
  return *m;
}

Member& Rest::member_or_404(Guild& g, Id user_id) {
  auto it = g.members.find(user_id);
  if (it == g.members.end()) throw unknown(10007, "Member");
  return it->second;
}

std::uint64_t Rest::perms_in(const Channel& ch) {
  if (!ch.guild_id) {
    const bool recipient = std::find(ch.recipients.begin(), ch.recipients.end(), c_.actor) != ch.recipients.end();
    return recipient ? kTextPermissions : 0;
  }
  auto* g = w_.guild(*ch.guild_id);
  if (!g) return 0;
  auto it = g->members.find(c_.actor);
  if (it == g->members.end()) return 0;
  return perm::channel_permissions(*g, it->second, ch, c_.now);
}

std::uint64_t Rest::perms_in(const Guild& g) {
  auto it = g.members.find(c_.actor);
  if (it == g.members.end()) return 0;
  return perm::base_permissions(g, it->second, c_.now);
}

void Rest::need_channel(const Channel& ch, std::uint64_t bits) {
  const auto p = perms_in(ch);
  if (!(p & perm::kViewChannel)) throw missing_access();
  if ((p & bits) != bits) throw missing_permissions();
}

void Rest::need_guild(const Guild& g, std::uint64_t bits) {
  if (!g.members.count(c_.actor)) throw missing_access();
  if ((perms_in(g) & bits) != bits) throw missing_permissions();
}

void Rest::emit(std::string name, std::optional<Id> guild_id, std::uint64_t intents, const json::value& data,
                bool message_content) {
  Gateway::Event e;
  e.name = std::move(name);
  e.guild_id = guild_id;
  e.intents = intents;
  e.data = json::serialize(data);
  e.message_content = message_content;
  c_.gateway.dispatch(e);
}

void Rest::audit(Id guild_id, int action_type, std::optional<Id> target) {
  w_.record_audit(guild_id, c_.actor, action_type, target, c_.reason);
  auto* g = w_.guild(guild_id);
  if (!g) return;
  json::object entry = shapes::audit_entry(g->audit_log.back());
  entry["guild_id"] = shapes::id_string(guild_id);
  emit("GUILD_AUDIT_LOG_ENTRY_CREATE", guild_id, intents::kGuildModeration, entry);
}

json::object Rest::member_with_permissions(Guild& g, Member& m, const Channel* ch) {
  json::object o = shapes::member(w_, g.id, m);
  const auto p = ch ? perm::channel_permissions(g, m, *ch, c_.now) : perm::base_permissions(g, m, c_.now);
  o["permissions"] = std::to_string(p);
  return o;
}

// ---- messages -------------------------------------------------------------

void Rest::validate_message(const json::object& body, bool allow_empty) {
  check_length(body, "content", kMaxContent, "content");
  std::size_t embed_total = 0;
  bool has_embeds = false;
  if (const auto* embeds = body.if_contains("embeds"); embeds && !embeds->is_null()) {
    if (!embeds->is_array()) throw invalid_form("embeds", "LIST_TYPE_CONVERT", "Must be an array.");
    const auto& arr = embeds->as_array();
    if (arr.size() > kMaxEmbeds) throw invalid_form("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
    has_embeds = !arr.empty();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      if (!arr[i].is_object()) throw invalid_form(fmt::format("embeds.{}", i), "MODEL_TYPE_CONVERT", "Not an object.");
      const auto& e = arr[i].as_object();
      const std::string base = fmt::format("embeds.{}.", i);
      check_length(e, "title", 256, base + "title");
      check_length(e, "description", 4096, base + "description");
      embed_total += text_length(e, "title") + text_length(e, "description");
      if (const auto* footer = e.if_contains("footer"); footer && footer->is_object()) {
        check_length(footer->as_object(), "text", 2048, base + "footer.text");
        embed_total += text_length(footer->as_object(), "text");
      }
      if (const auto* author = e.if_contains("author"); author && author->is_object()) {
        check_length(author->as_object(), "name", 256, base + "author.name");
        embed_total += text_length(author->as_object(), "name");
      }
      if (const auto* fields = e.if_contains("fields"); fields && fields->is_array()) {
        if (fields->as_array().size() > 25)
          throw invalid_form(base + "fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        std::size_t j = 0;
        for (const auto& f : fields->as_array()) {
          if (!f.is_object()) continue;
          check_length(f.as_object(), "name", 256, fmt::format("{}fields.{}.name", base, j));
          check_length(f.as_object(), "value", 1024, fmt::format("{}fields.{}.value", base, j));
          embed_total += text_length(f.as_object(), "name") + text_length(f.as_object(), "value");
          ++j;
        }
      }
    }
    if (embed_total > 6000)
      throw invalid_form("embeds", "BASE_TYPE_MAX_LENGTH", "Embed size exceeds maximum size of 6000");
  }
  bool has_components = false;
  if (const auto* components = body.if_contains("components"); components && !components->is_null()) {
    if (!components->is_array()) throw invalid_form("components", "LIST_TYPE_CONVERT", "Must be an array.");
    const auto& rows = components->as_array();
    has_components = !rows.empty();
    const auto flags = int_field(body, "flags").value_or(0);
    const bool v2 = (flags & (1 << 15)) != 0;
    if (!v2 && rows.size() > 5)
      throw invalid_form("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].is_object()) continue;
      const auto* children = rows[i].as_object().if_contains("components");
      if (!children || !children->is_array()) continue;
      if (!v2 && children->as_array().size() > 5)
        throw invalid_form(fmt::format("components.{}.components", i), "BASE_TYPE_MAX_LENGTH",
                           "Must be 5 or fewer in length.");
      for (const auto& child : children->as_array()) {
        if (!child.is_object()) continue;
        const std::string custom_id = str_field(child.as_object(), "custom_id");
        if (child.as_object().contains("custom_id")) {
          if (custom_id.empty() || custom_id.size() > 100)
            throw invalid_form(fmt::format("components.{}.components", i), "BASE_TYPE_BAD_LENGTH",
                               "custom_id must be between 1 and 100 in length.");
          if (std::find(ids.begin(), ids.end(), custom_id) != ids.end())
            throw invalid_form("components", "COMPONENT_CUSTOM_ID_DUPLICATED",
                               "Component custom id cannot be duplicated");
          ids.push_back(custom_id);
        }
        check_length(child.as_object(), "label", 80, fmt::format("components.{}.components.label", i));
      }
    }
  }
  const bool has_content = text_length(body, "content") > 0;
  const bool has_attachments =
      body.contains("attachments") && body.at("attachments").is_array() && !body.at("attachments").as_array().empty();
  const bool has_sticker = body.contains("sticker_ids");
  const bool has_poll = body.contains("poll");
  if (!allow_empty && !has_content && !has_embeds && !has_components && !has_attachments && !has_sticker && !has_poll)
    throw ApiError{400, 50006, "Cannot send an empty message", {}};
}

void Rest::parse_mentions(Message& m, const json::object& body) {
  std::vector<Id> users;
  std::vector<Id> roles;
  static const std::regex kUser("<@!?([0-9]{1,20})>");
  static const std::regex kRole("<@&([0-9]{1,20})>");
  for (auto it = std::sregex_iterator(m.content.begin(), m.content.end(), kUser); it != std::sregex_iterator(); ++it) {
    const Id id = std::stoull((*it)[1].str());
    if (w_.user(id) && std::find(users.begin(), users.end(), id) == users.end()) users.push_back(id);
  }
  for (auto it = std::sregex_iterator(m.content.begin(), m.content.end(), kRole); it != std::sregex_iterator(); ++it) {
    const Id id = std::stoull((*it)[1].str());
    if (m.guild_id && w_.role(*m.guild_id, id) && std::find(roles.begin(), roles.end(), id) == roles.end())
      roles.push_back(id);
  }
  bool everyone = m.content.find("@everyone") != std::string::npos || m.content.find("@here") != std::string::npos;
  bool replied_user = true;
  if (const auto* am = body.if_contains("allowed_mentions"); am && am->is_object()) {
    const auto& allowed = am->as_object();
    bool parse_users = false, parse_roles = false, parse_everyone = false;
    if (const auto* parse = allowed.if_contains("parse"); parse && parse->is_array()) {
      for (const auto& p : parse->as_array()) {
        if (!p.is_string()) continue;
        parse_users |= p.as_string() == "users";
        parse_roles |= p.as_string() == "roles";
        parse_everyone |= p.as_string() == "everyone";
      }
    }
    std::vector<Id> allowed_users, allowed_roles;
    if (const auto* list = allowed.if_contains("users"); list && list->is_array()) {
      for (const auto& v : list->as_array())
        if (v.is_string()) allowed_users.push_back(std::stoull(std::string(v.as_string())));
    }
    if (const auto* list = allowed.if_contains("roles"); list && list->is_array()) {
      for (const auto& v : list->as_array())
        if (v.is_string()) allowed_roles.push_back(std::stoull(std::string(v.as_string())));
    }
    if (parse_users && !allowed_users.empty())
      throw invalid_form("allowed_mentions", "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                         "parse:[\"users\"] and users: [ids...] are mutually exclusive.");
    if (!parse_users)
      std::erase_if(users, [&](Id id) { return !std::count(allowed_users.begin(), allowed_users.end(), id); });
    if (!parse_roles)
      std::erase_if(roles, [&](Id id) { return !std::count(allowed_roles.begin(), allowed_roles.end(), id); });
    everyone = everyone && parse_everyone;
    if (const auto* ru = allowed.if_contains("replied_user"); ru && ru->is_bool())
      replied_user = ru->as_bool();
    else
      replied_user = false;
  }
  if (everyone && m.guild_id) {
    if (auto* ch = w_.channel(m.channel_id); ch && !(perms_in(*ch) & perm::kMentionEveryone)) everyone = false;
  }
  if (!m.message_reference_json.empty() && replied_user) {
    auto ref = shapes::parse_or_null(m.message_reference_json);
    if (ref.is_object()) {
      if (auto mid = id_field(ref.as_object(), "message_id")) {
        if (const auto* target = w_.message(m.channel_id, *mid);
            target && std::find(users.begin(), users.end(), target->author_id) == users.end())
          users.push_back(target->author_id);
      }
    }
  }
  m.mentions = std::move(users);
  m.mention_roles = std::move(roles);
  m.mention_everyone = everyone;
}

Message& Rest::create_message(Channel& ch, Id author, const json::object& body, std::optional<Id> webhook_id) {
  validate_message(body, false);
  Message m;
  m.nonce = message_nonce(body);
  m.id = w_.next_id();
  m.channel_id = ch.id;
  m.guild_id = ch.guild_id;
  m.author_id = author;
  m.webhook_id = webhook_id;
  m.content = str_field(body, "content");
  m.timestamp = c_.now;
  m.tts = body.contains("tts") && body.at("tts").is_bool() && body.at("tts").as_bool();
  m.flags = static_cast<std::uint64_t>(int_field(body, "flags").value_or(0)) &
            ((1ULL << 2) | (1ULL << 6) | (1ULL << 12) | (1ULL << 15));
  if (const auto* e = body.if_contains("embeds"); e && e->is_array()) {
    json::array embeds = e->as_array();
    for (auto& embed : embeds) {
      if (embed.is_object() && !embed.as_object().contains("type")) embed.as_object()["type"] = "rich";
    }
    m.embeds_json = json::serialize(embeds);
  }
  if (const auto* comp = body.if_contains("components"); comp && comp->is_array())
    m.components_json = json::serialize(*comp);
  if (const auto* att = body.if_contains("attachments"); att && att->is_array())
    m.attachments_json = json::serialize(*att);
  if (const auto* ref = body.if_contains("message_reference"); ref && ref->is_object()) {
    json::object r = ref->as_object();
    const auto target_channel = id_field(r, "channel_id").value_or(ch.id);
    const auto target = id_field(r, "message_id");
    if (target) {
      const bool fail = !r.contains("fail_if_not_exists") || !r.at("fail_if_not_exists").is_bool() ||
                        r.at("fail_if_not_exists").as_bool();
      if (!w_.message(target_channel, *target)) {
        if (fail) throw invalid_form("message_reference", "REPLIES_UNKNOWN_MESSAGE", "Unknown message");
      } else {
        r["type"] = 0;
        r["channel_id"] = shapes::id_string(target_channel);
        r["message_id"] = shapes::id_string(*target);
        if (ch.guild_id) r["guild_id"] = shapes::id_string(*ch.guild_id);
        r.erase("fail_if_not_exists");
        m.message_reference_json = json::serialize(r);
        m.type = 19;
      }
    }
  }
  parse_mentions(m, body);
  auto& list = w_.messages[ch.id];
  Message& stored = list[m.id] = std::move(m);
  ch.last_message_id = stored.id;

  json::object data = shapes::message(w_, stored);
  if (ch.guild_id && !webhook_id) {
    if (auto* g = w_.guild(*ch.guild_id)) {
      if (auto it = g->members.find(author); it != g->members.end()) {
        json::object member = shapes::member(w_, g->id, it->second);
        member.erase("user");
        data["member"] = std::move(member);
      }
    }
  }
  emit("MESSAGE_CREATE", ch.guild_id, ch.guild_id ? intents::kGuildMessages : intents::kDirectMessages, data, true);
  return stored;
}

Message& Rest::edit_message(Message& m, const json::object& body) {
  json::object merged;
  merged["content"] = body.contains("content") ? body.at("content") : json::value(m.content);
  merged["embeds"] = body.contains("embeds") ? body.at("embeds") : shapes::parse_or_null(m.embeds_json);
  merged["components"] = body.contains("components") ? body.at("components") : shapes::parse_or_null(m.components_json);
  if (merged["content"].is_null()) merged["content"] = "";
  if (merged["embeds"].is_null()) merged["embeds"] = json::array{};
  if (merged["components"].is_null()) merged["components"] = json::array{};
  merged["flags"] = m.flags;
  validate_message(merged, true);
  m.content = std::string(merged["content"].as_string());
  json::array embeds = merged["embeds"].as_array();
  for (auto& embed : embeds) {
    if (embed.is_object() && !embed.as_object().contains("type")) embed.as_object()["type"] = "rich";
  }
  m.embeds_json = json::serialize(embeds);
  m.components_json = json::serialize(merged["components"]);
  if (const auto* att = body.if_contains("attachments"); att && att->is_array())
    m.attachments_json = json::serialize(*att);
  if (const auto flags = int_field(body, "flags")) {
    // Only SUPPRESS_EMBEDS may be toggled on edit; LOADING is cleared by any edit.
    m.flags = (m.flags & ~(1ULL << 2)) | (static_cast<std::uint64_t>(*flags) & (1ULL << 2));
  }
  m.flags &= ~(1ULL << 7);
  m.edited_timestamp = c_.now;
  parse_mentions(m, body);
  emit("MESSAGE_UPDATE", m.guild_id, m.guild_id ? intents::kGuildMessages : intents::kDirectMessages,
       shapes::message(w_, m), true);
  return m;
}

void Rest::delete_message(Message& m) {
  json::object data{{"id", shapes::id_string(m.id)}, {"channel_id", shapes::id_string(m.channel_id)}};
  if (m.guild_id) data["guild_id"] = shapes::id_string(*m.guild_id);
  const auto guild_id = m.guild_id;
  const Id channel_id = m.channel_id;
  const Id id = m.id;
  w_.messages[channel_id].erase(id);
  emit("MESSAGE_DELETE", guild_id, guild_id ? intents::kGuildMessages : intents::kDirectMessages, data);
}

std::optional<net::HttpResponse> Rest::message_routes(const Segments& s) {
  if (s.size() < 3 || s[0] != "channels" || s[2] != "messages") {
    if (match(s, {"channels", "*", "typing"}) && method() == "POST") {
      auto& ch = channel_or_404(parse_id(s[1], 10003, "Channel"));
      need_channel(ch, perm::kSendMessages);
      json::object data{
          {"channel_id", shapes::id_string(ch.id)},
          {"user_id", shapes::id_string(c_.actor)},
          {"timestamp", std::chrono::duration_cast<std::chrono::seconds>(c_.now.time_since_epoch()).count()}};
      if (ch.guild_id) {
        data["guild_id"] = shapes::id_string(*ch.guild_id);
        if (auto* member = w_.member(*ch.guild_id, c_.actor))
          data["member"] = shapes::member(w_, *ch.guild_id, *member);
      }
      emit("TYPING_START", ch.guild_id, ch.guild_id ? intents::kGuildMessageTyping : intents::kDirectMessageTyping,
           data);
      return no_content();
    }
    if (match(s, {"channels", "*", "pins"}) && method() == "GET") {
      auto& ch = channel_or_404(parse_id(s[1], 10003, "Channel"));
      need_channel(ch, perm::kReadMessageHistory);
      json::array out;
      for (auto it = w_.messages[ch.id].rbegin(); it != w_.messages[ch.id].rend(); ++it)
        if (it->second.pinned) out.push_back(shapes::message(w_, it->second));
      return json_response(200, out);
    }
    if (match(s, {"channels", "*", "pins", "*"}) && (method() == "PUT" || method() == "DELETE")) {
      auto& ch = channel_or_404(parse_id(s[1], 10003, "Channel"));
      need_channel(ch, perm::kManageMessages);
      auto& m = message_or_404(ch.id, parse_id(s[3], 10008, "Message"));
      m.pinned = method() == "PUT";
      emit("MESSAGE_UPDATE", m.guild_id, intents::kGuildMessages, shapes::message(w_, m), true);
      return no_content();
    }
    return std::nullopt;
  }
  auto& ch = channel_or_404(parse_id(s[1], 10003, "Channel"));
  if (ch.type == kGuildVoice || ch.type == kGuildCategory) {
    if (ch.type == kGuildCategory) throw ApiError{400, 50008, "Cannot send messages in a non-text channel", {}};
  }

  if (s.size() == 3) {
    if (method() == "POST") {
      need_channel(ch, perm::kSendMessages);
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      if (o.contains("message_reference") && !(perms_in(ch) & perm::kReadMessageHistory)) throw missing_permissions();
      if (ch.type == kDm) {
        const bool allowed = std::any_of(ch.recipients.begin(), ch.recipients.end(), [&](Id id) {
          const auto* u = w_.user(id);
          return id != c_.actor && u && !u->bot;
        });
        if (!allowed) throw ApiError{403, 50007, "Cannot send messages to this user", {}};
      }
      // With enforce_nonce, the same author's same nonce within a few minutes
      // returns the message it created, and nothing new is posted (Discord).
      const auto nonce = message_nonce(o);
      const auto* enforce = o.if_contains("enforce_nonce");
      const bool enforced = nonce && enforce && enforce->is_bool() && enforce->as_bool();
      if (enforced) {
        std::erase_if(w_.message_nonces,
                      [&](const auto& entry) { return c_.now - entry.second.created > kNonceWindow; });
        if (auto it = w_.message_nonces.find({c_.actor, *nonce}); it != w_.message_nonces.end()) {
          if (const auto* existing = w_.message(it->second.channel_id, it->second.message_id)) {
            return json_response(200, shapes::message(w_, *existing));
          }
        }
      }
      auto& m = create_message(ch, c_.actor, o);
      if (enforced) w_.message_nonces[{c_.actor, *nonce}] = NonceRecord{ch.id, m.id, c_.now};
      return json_response(200, shapes::message(w_, m));
    }
    if (method() == "GET") {
      need_channel(ch, 0);
      if (!(perms_in(ch) & perm::kReadMessageHistory)) return json_response(200, json::array{});
      std::int64_t limit = 50;
      if (auto l = c_.request.query("limit")) {
        try {
          limit = std::stoll(*l);
        } catch (const std::exception&) {
          throw invalid_form("limit", "NUMBER_TYPE_COERCE", "Value is not int.");
        }
        if (limit < 1 || limit > 100)
          throw invalid_form("limit", "NUMBER_TYPE_MAX", "int value should be between 1 and 100.");
      }
      auto& list = w_.messages[ch.id];
      json::array out;
      auto id_query = [&](const char* name) -> std::optional<Id> {
        auto v = c_.request.query(name);
        if (!v) return std::nullopt;
        auto id = Snowflake::parse(*v);
        if (!id) throw invalid_form(name, "NUMBER_TYPE_COERCE", "Value is not snowflake.");
        return id->value;
      };
      const auto before = id_query("before");
      const auto after = id_query("after");
      const auto around = id_query("around");
      if (after) {
        // The `limit` messages right after `after`, newest first.
        std::vector<const Message*> picked;
        for (auto it = list.upper_bound(*after); it != list.end() && static_cast<std::int64_t>(picked.size()) < limit;
             ++it)
          picked.push_back(&it->second);
        for (auto it = picked.rbegin(); it != picked.rend(); ++it) out.push_back(shapes::message(w_, **it));
      } else if (around) {
        std::vector<const Message*> picked;
        auto centre = list.lower_bound(*around);
        auto back = std::make_reverse_iterator(centre);
        const std::int64_t half = limit / 2;
        std::vector<const Message*> older;
        for (auto it = back; it != list.rend() && static_cast<std::int64_t>(older.size()) < half; ++it)
          older.push_back(&it->second);
        for (auto it = older.rbegin(); it != older.rend(); ++it) picked.push_back(*it);
        for (auto it = centre; it != list.end() && static_cast<std::int64_t>(picked.size()) < limit; ++it)
          picked.push_back(&it->second);
        for (auto it = picked.rbegin(); it != picked.rend(); ++it) out.push_back(shapes::message(w_, **it));
      } else {
        auto end = before ? list.lower_bound(*before) : list.end();
        for (auto it = std::make_reverse_iterator(end);
             it != list.rend() && static_cast<std::int64_t>(out.size()) < limit; ++it)
          out.push_back(shapes::message(w_, it->second));
      }
      return json_response(200, out);
    }
    return std::nullopt;
  }

  if (s.size() == 4 && s[3] == "bulk-delete" && method() == "POST") {
    need_channel(ch, perm::kManageMessages);
    const auto body = parse_body(c_.request);
    const auto& o = as_object(body);
    const auto* ids = o.if_contains("messages");
    if (!ids || !ids->is_array()) throw invalid_form("messages", "BASE_TYPE_REQUIRED", "This field is required");
    const auto& arr = ids->as_array();
    if (arr.size() < 2) throw invalid_form("messages", "BASE_TYPE_MIN_LENGTH", "Must be 2 or more in length.");
    if (arr.size() > 100) throw invalid_form("messages", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
    std::vector<Id> wanted;
    for (const auto& v : arr) {
      if (!v.is_string()) throw invalid_form("messages", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
      auto id = Snowflake::parse(std::string(v.as_string()));
      if (!id) throw invalid_form("messages", "NUMBER_TYPE_COERCE", "Value is not snowflake.");
      if (std::find(wanted.begin(), wanted.end(), id->value) != wanted.end())
        throw invalid_form("messages", "BASE_TYPE_DUPLICATE", "Duplicate message ids.");
      wanted.push_back(id->value);
    }
    const auto cutoff = c_.now - std::chrono::hours(24 * 14);
    for (Id id : wanted) {
      if (Snowflake{id}.created_at() < cutoff)
        throw ApiError{400, 50034, "You can only bulk delete messages that are under 14 days old.", {}};
    }
    json::array deleted;
    auto& list = w_.messages[ch.id];
    for (Id id : wanted) {
      if (list.erase(id)) deleted.emplace_back(shapes::id_string(id));
    }
    json::object data{{"ids", deleted}, {"channel_id", shapes::id_string(ch.id)}};
    if (ch.guild_id) {
      data["guild_id"] = shapes::id_string(*ch.guild_id);
      audit(*ch.guild_id, kAuditMessageBulkDelete, ch.id);
    }
    emit("MESSAGE_DELETE_BULK", ch.guild_id, intents::kGuildMessages, data);
    return no_content();
  }

  auto& m = message_or_404(ch.id, parse_id(s[3], 10008, "Message"));
  if (s.size() == 4) {
    if (method() == "GET") {
      need_channel(ch, perm::kReadMessageHistory);
      return json_response(200, shapes::message(w_, m));
    }
    if (method() == "PATCH") {
      need_channel(ch, 0);
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      if (m.author_id != c_.actor || m.webhook_id) {
        // Others' messages: only SUPPRESS_EMBEDS with MANAGE_MESSAGES.
        if (o.size() == 1 && o.contains("flags")) {
          need_channel(ch, perm::kManageMessages);
        } else {
          throw ApiError{403, 50005, "Cannot edit a message authored by another user", {}};
        }
      }
      return json_response(200, shapes::message(w_, edit_message(m, o)));
    }
    if (method() == "DELETE") {
      if (m.author_id != c_.actor) {
        need_channel(ch, perm::kManageMessages);
        if (ch.guild_id) audit(*ch.guild_id, kAuditMessageDelete, m.author_id);
      } else {
        need_channel(ch, 0);
      }
      delete_message(m);
      return no_content();
    }
    return std::nullopt;
  }

  // Reactions: /channels/{c}/messages/{m}/reactions[/{emoji}[/{user|@me}]]
  if (s[4] != "reactions") return std::nullopt;
  const auto reaction_intent = ch.guild_id ? intents::kGuildMessageReactions : intents::kDirectMessageReactions;
  if (s.size() == 5 && method() == "DELETE") {
    need_channel(ch, perm::kManageMessages);
    m.reactions.clear();
    json::object data{{"channel_id", shapes::id_string(ch.id)}, {"message_id", shapes::id_string(m.id)}};
    if (ch.guild_id) data["guild_id"] = shapes::id_string(*ch.guild_id);
    emit("MESSAGE_REACTION_REMOVE_ALL", ch.guild_id, reaction_intent, data);
    return no_content();
  }
  if (s.size() < 6) return std::nullopt;
  const std::string emoji = net::percent_decode(s[5]);
  if (emoji.empty()) throw unknown(10014, "Emoji");
  json::object emoji_json;
  if (auto colon = emoji.find(':'); colon != std::string::npos) {
    const Id emoji_id = parse_id(std::string_view(emoji).substr(colon + 1), 10014, "Emoji");
    bool found = false;
    for (auto& [gid, g] : w_.guilds) found = found || g.emojis.count(emoji_id) > 0;
    if (!found) throw unknown(10014, "Emoji");
    emoji_json = json::object{{"id", shapes::id_string(emoji_id)}, {"name", emoji.substr(0, colon)}};
  } else {
    emoji_json = json::object{{"id", nullptr}, {"name", emoji}};
  }
  auto reaction =
      std::find_if(m.reactions.begin(), m.reactions.end(), [&](const Reaction& r) { return r.emoji == emoji; });
  if (s.size() == 6) {
    if (method() == "GET") {
      need_channel(ch, perm::kReadMessageHistory);
      json::array users;
      if (reaction != m.reactions.end()) {
        for (Id id : reaction->users)
          if (const auto* u = w_.user(id)) users.push_back(shapes::user(*u));
      }
      return json_response(200, users);
    }
    if (method() == "DELETE") {
      need_channel(ch, perm::kManageMessages);
      if (reaction != m.reactions.end()) m.reactions.erase(reaction);
      json::object data{
          {"channel_id", shapes::id_string(ch.id)}, {"message_id", shapes::id_string(m.id)}, {"emoji", emoji_json}};
      if (ch.guild_id) data["guild_id"] = shapes::id_string(*ch.guild_id);
      emit("MESSAGE_REACTION_REMOVE_EMOJI", ch.guild_id, reaction_intent, data);
      return no_content();
    }
    return std::nullopt;
  }
  if (s.size() != 7) return std::nullopt;
  const bool me = s[6] == "@me";
  const Id user_id = me ? c_.actor : parse_id(s[6], 10013, "User");
  json::object data{{"user_id", shapes::id_string(user_id)},
                    {"channel_id", shapes::id_string(ch.id)},
                    {"message_id", shapes::id_string(m.id)},
                    {"emoji", emoji_json},
                    {"burst", false},
                    {"type", 0}};
  if (ch.guild_id) data["guild_id"] = shapes::id_string(*ch.guild_id);
  if (method() == "PUT" && me) {
    need_channel(ch, perm::kReadMessageHistory);
    if (reaction == m.reactions.end()) {
      if (!(perms_in(ch) & perm::kAddReactions)) throw missing_permissions();
      if (m.reactions.size() >= 20) throw ApiError{400, 30010, "Maximum number of reactions reached (20)", {}};
      m.reactions.push_back(Reaction{emoji, {}});
      reaction = std::prev(m.reactions.end());
    }
    if (std::find(reaction->users.begin(), reaction->users.end(), user_id) == reaction->users.end()) {
      reaction->users.push_back(user_id);
      if (ch.guild_id) {
        if (auto* member = w_.member(*ch.guild_id, user_id)) data["member"] = shapes::member(w_, *ch.guild_id, *member);
      }
      data["message_author_id"] = shapes::id_string(m.author_id);
      emit("MESSAGE_REACTION_ADD", ch.guild_id, reaction_intent, data);
    }
    return no_content();
  }
  if (method() == "DELETE") {
    if (!me) need_channel(ch, perm::kManageMessages);
    if (reaction != m.reactions.end()) {
      auto it = std::find(reaction->users.begin(), reaction->users.end(), user_id);
      if (it != reaction->users.end()) {
        reaction->users.erase(it);
        if (reaction->users.empty()) m.reactions.erase(reaction);
        emit("MESSAGE_REACTION_REMOVE", ch.guild_id, reaction_intent, data);
      }
    }
    return no_content();
  }
  return std::nullopt;
}

}  // namespace dbot::sim::detail
