// REST routes outside guilds and channels: gateway discovery, users and DMs,
// the application, webhooks, interaction callbacks and follow-ups, and
// application commands. Also the route table.

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/snowflake.hpp"
#include "sim/detail/rest.hpp"
#include "sim/permissions.hpp"
#include "sim/shapes.hpp"

namespace dbot::sim::detail {

namespace {
constexpr int kAuditWebhookCreate = 50;
constexpr int kAuditWebhookDelete = 52;
constexpr int kAuditInviteDelete = 42;
}  // namespace

std::optional<net::HttpResponse> Rest::route(const Segments& s) {
  if (auto r = misc_routes(s)) return r;
  if (auto r = interaction_routes(s)) return r;
  if (auto r = webhook_routes(s)) return r;
  if (auto r = command_routes(s)) return r;
  if (auto r = message_routes(s)) return r;
  if (auto r = channel_routes(s)) return r;
  if (auto r = role_routes(s)) return r;
  if (auto r = member_routes(s)) return r;
  if (auto r = guild_routes(s)) return r;
  return std::nullopt;
}

json::object Rest::interaction_payload(const Interaction& i) {
  json::object o;
  o["id"] = shapes::id_string(i.id);
  o["application_id"] = shapes::id_string(w_.application_id);
  o["type"] = i.type;
  o["data"] = shapes::parse_or_null(i.data_json);
  o["guild_id"] = shapes::id_string(i.guild_id);
  o["channel_id"] = shapes::id_string(i.channel_id);
  auto* ch = w_.channel(i.channel_id);
  if (ch) o["channel"] = shapes::channel(*ch);
  if (auto* g = w_.guild(i.guild_id)) {
    o["guild"] = json::object{{"id", shapes::id_string(g->id)}, {"locale", "en-US"}, {"features", json::array{}}};
    if (auto* m = w_.member(g->id, i.user_id)) o["member"] = member_with_permissions(*g, *m, ch);
    if (auto* bot = w_.member(g->id, w_.bot_user_id); bot && ch)
      o["app_permissions"] = std::to_string(perm::channel_permissions(*g, *bot, *ch, c_.now));
  }
  if (i.message_id) {
    if (const auto* m = w_.message(i.channel_id, *i.message_id)) o["message"] = shapes::message(w_, *m);
  }
  o["token"] = i.token;
  o["version"] = 1;
  o["locale"] = "en-US";
  o["guild_locale"] = "en-US";
  o["entitlements"] = json::array{};
  o["authorizing_integration_owners"] = json::object{{"0", shapes::id_string(i.guild_id)}};
  o["context"] = 0;
  o["attachment_size_limit"] = 10485760;
  return o;
}

std::optional<net::HttpResponse> Rest::misc_routes(const Segments& s) {
  if (match(s, {"gateway"}) && method() == "GET") return json_response(200, json::object{{"url", c_.gateway_url}});
  if (match(s, {"gateway", "bot"}) && method() == "GET") {
    return json_response(
        200,
        json::object{
            {"url", c_.gateway_url},
            {"shards", c_.recommended_shards},
            {"session_start_limit",
             json::object{{"total", 1000}, {"remaining", 1000}, {"reset_after", 86400000}, {"max_concurrency", 1}}}});
  }
  if (match(s, {"users", "@me"}) && method() == "GET") {
    json::object u = shapes::user(*w_.user(c_.actor));
    u["verified"] = true;
    u["mfa_enabled"] = false;
    return json_response(200, u);
  }
  if (match(s, {"users", "@me", "guilds"}) && method() == "GET") {
    json::array out;
    for (auto& [id, g] : w_.guilds) {
      if (!g.members.count(c_.actor)) continue;
      out.push_back(json::object{{"id", shapes::id_string(id)},
                                 {"name", g.name},
                                 {"icon", nullptr},
                                 {"owner", g.owner_id == c_.actor},
                                 {"permissions", std::to_string(perms_in(g))},
                                 {"features", json::array{}}});
    }
    return json_response(200, out);
  }
  if (match(s, {"users", "@me", "guilds", "*"}) && method() == "DELETE") {
    auto& g = guild_or_404(parse_id(s[3], 10004, "Guild"));
    if (!g.members.erase(c_.actor)) throw unknown(10004, "Guild");
    emit("GUILD_DELETE", g.id, intents::kGuilds, json::object{{"id", shapes::id_string(g.id)}});
    return no_content();
  }
  if (match(s, {"users", "@me", "channels"}) && method() == "POST") {
    const auto body = parse_body(c_.request);
    const auto recipient = id_field(as_object(body), "recipient_id");
    if (!recipient) throw invalid_form("recipient_id", "BASE_TYPE_REQUIRED", "This field is required");
    if (!w_.user(*recipient)) throw unknown(10013, "User");
    Channel* dm = nullptr;
    for (auto& [id, ch] : w_.channels) {
      if (ch.type == kDm && std::count(ch.recipients.begin(), ch.recipients.end(), *recipient) &&
          std::count(ch.recipients.begin(), ch.recipients.end(), c_.actor))
        dm = &ch;
    }
    if (!dm) {
      Channel ch;
      ch.id = w_.next_id();
      ch.type = kDm;
      ch.recipients = {c_.actor, *recipient};
      w_.channels[ch.id] = ch;
      w_.messages[ch.id];
      dm = &w_.channels[ch.id];
    }
    json::object o = shapes::channel(*dm);
    o["recipients"] = json::array{shapes::user(*w_.user(*recipient))};
    return json_response(200, o);
  }
  if (match(s, {"users", "*"}) && method() == "GET") {
    const auto* u = w_.user(parse_id(s[1], 10013, "User"));
    if (!u) throw unknown(10013, "User");
    return json_response(200, shapes::user(*u));
  }
  if ((match(s, {"applications", "@me"}) || match(s, {"oauth2", "applications", "@me"})) && method() == "GET") {
    const auto* bot = w_.user(w_.bot_user_id);
    const Guild* first = w_.guilds.empty() ? nullptr : &w_.guilds.begin()->second;
    // Like an unverified bot's application: each privileged intent enabled
    // in the portal shows as its *_LIMITED flag (presence 1<<13, members
    // 1<<15, message content 1<<19).
    std::uint64_t flags = 0;
    if ((w_.disallowed_intents & (1u << 8)) == 0) flags |= 1u << 13;
    if ((w_.disallowed_intents & (1u << 1)) == 0) flags |= 1u << 15;
    if ((w_.disallowed_intents & (1u << 15)) == 0) flags |= 1u << 19;
    json::object o{{"id", shapes::id_string(w_.application_id)},
                   {"name", bot->username},
                   {"icon", nullptr},
                   {"description", "The simulator's bot application"},
                   {"bot_public", true},
                   {"bot_require_code_grant", false},
                   {"verify_key", "0000"},
                   {"flags", flags},
                   {"team", nullptr},
                   {"bot", shapes::user(*bot)},
                   {"approximate_guild_count", w_.guilds.size()}};
    if (first) {
      if (const auto* owner = w_.user(first->owner_id)) o["owner"] = shapes::user(*owner);
    }
    return json_response(200, o);
  }
  if (match(s, {"invites", "*"})) {
    const std::string code(s[1]);
    auto it = w_.invites.find(code);
    if (it == w_.invites.end()) throw unknown(10006, "Invite");
    if (method() == "GET") return json_response(200, shapes::invite(w_, it->second));
    if (method() == "DELETE") {
      auto& ch = channel_or_404(it->second.channel_id);
      need_channel(ch, perm::kManageChannels);
      json::object o = shapes::invite(w_, it->second);
      const Invite inv = it->second;
      w_.invites.erase(it);
      audit(inv.guild_id, kAuditInviteDelete, std::nullopt);
      emit("INVITE_DELETE", inv.guild_id, intents::kGuildInvites,
           json::object{{"channel_id", shapes::id_string(inv.channel_id)},
                        {"guild_id", shapes::id_string(inv.guild_id)},
                        {"code", inv.code}});
      return json_response(200, o);
    }
  }
  return std::nullopt;
}

std::optional<net::HttpResponse> Rest::webhook_routes(const Segments& s) {
  if (match(s, {"channels", "*", "webhooks"}) || match(s, {"guilds", "*", "webhooks"})) {
    const bool by_channel = s[0] == "channels";
    std::optional<Id> channel_id, guild_id;
    if (by_channel) {
      auto& ch = channel_or_404(parse_id(s[1], 10003, "Channel"));
      if (!ch.guild_id) throw ApiError{403, 50003, "Cannot execute action on a DM channel", {}};
      need_channel(ch, perm::kManageWebhooks);
      channel_id = ch.id;
      guild_id = ch.guild_id;
    } else {
      auto& g = guild_or_404(parse_id(s[1], 10004, "Guild"));
      need_guild(g, perm::kManageWebhooks);
      guild_id = g.id;
    }
    if (method() == "GET") {
      json::array out;
      for (const auto& [id, h] : w_.webhooks)
        if (h.guild_id == guild_id && (!channel_id || h.channel_id == *channel_id))
          out.push_back(shapes::webhook(w_, h, true));
      return json_response(200, out);
    }
    if (method() == "POST" && by_channel) {
      const auto body = parse_body(c_.request);
      const auto name = str_field(as_object(body), "name");
      if (name.empty() || name.size() > 80)
        throw invalid_form("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 80 in length.");
      Webhook h;
      h.id = w_.next_id();
      h.guild_id = *guild_id;
      h.channel_id = *channel_id;
      h.name = name;
      h.token = w_.next_token() + w_.next_token();
      h.creator_id = c_.actor;
      w_.webhooks[h.id] = h;
      audit(*guild_id, kAuditWebhookCreate, h.id);
      emit("WEBHOOKS_UPDATE", guild_id, intents::kGuildWebhooks,
           json::object{{"guild_id", shapes::id_string(*guild_id)}, {"channel_id", shapes::id_string(*channel_id)}});
      return json_response(200, shapes::webhook(w_, h, true));
    }
    return std::nullopt;
  }
  if (s.size() < 2 || s[0] != "webhooks") return std::nullopt;
  const Id webhook_id = parse_id(s[1], 10015, "Webhook");
  if (webhook_id == w_.application_id) return std::nullopt;  // interaction follow-ups
  auto it = w_.webhooks.find(webhook_id);
  if (it == w_.webhooks.end()) throw unknown(10015, "Webhook");
  Webhook& h = it->second;
  const bool with_token = s.size() >= 3;
  if (with_token && s[2] != h.token) throw ApiError{401, 50027, "Invalid Webhook Token", {}};
  if (!with_token) {
    auto& ch = channel_or_404(h.channel_id);
    need_channel(ch, perm::kManageWebhooks);
  }
  auto remove = [&] {
    const Webhook copy = h;
    w_.webhooks.erase(it);
    audit(copy.guild_id, kAuditWebhookDelete, copy.id);
    emit("WEBHOOKS_UPDATE", copy.guild_id, intents::kGuildWebhooks,
         json::object{{"guild_id", shapes::id_string(copy.guild_id)},
                      {"channel_id", shapes::id_string(copy.channel_id)}});
  };
  if (s.size() <= 3) {
    if (method() == "GET") return json_response(200, shapes::webhook(w_, h, !with_token ? true : false));
    if (method() == "DELETE") {
      remove();
      return no_content();
    }
    if (method() == "PATCH") {
      const auto body = parse_body(c_.request);
      if (as_object(body).contains("name")) h.name = str_field(as_object(body), "name");
      return json_response(200, shapes::webhook(w_, h, !with_token));
    }
    if (method() == "POST" && with_token) {
      const auto body = parse_body(c_.request);
      auto& ch = channel_or_404(h.channel_id);
      json::object o = as_object(body);
      auto& m = create_message(ch, h.id, o, h.id);
      if (o.contains("username")) {
        // The per-message name override is only visible on the author object.
        auto shaped = shapes::message(w_, m);
        shaped["author"].as_object()["username"] = o.at("username");
        if (c_.request.query("wait") == std::optional<std::string>("true")) return json_response(200, shaped);
        return no_content();
      }
      if (c_.request.query("wait") == std::optional<std::string>("true"))
        return json_response(200, shapes::message(w_, m));
      return no_content();
    }
    return std::nullopt;
  }
  if (s.size() == 5 && s[3] == "messages" && with_token) {
    auto& m = message_or_404(h.channel_id, parse_id(s[4], 10008, "Message"));
    if (m.webhook_id != h.id) throw unknown(10008, "Message");
    if (method() == "GET") return json_response(200, shapes::message(w_, m));
    if (method() == "PATCH") {
      const auto body = parse_body(c_.request);
      return json_response(200, shapes::message(w_, edit_message(m, as_object(body))));
    }
    if (method() == "DELETE") {
      delete_message(m);
      return no_content();
    }
  }
  return std::nullopt;
}

std::optional<net::HttpResponse> Rest::interaction_routes(const Segments& s) {
  auto record = [](Interaction& i, std::string kind, int type, const json::value& body) {
    i.responses.push_back(json::serialize(json::object{{"kind", kind}, {"type", type}, {"body", body}}));
  };
  if (match(s, {"interactions", "*", "*", "callback"}) && method() == "POST") {
    auto it = w_.interactions.find(parse_id(s[1], 10062, "interaction"));
    if (it == w_.interactions.end() || it->second.token != s[2]) throw unknown(10062, "interaction");
    Interaction& i = it->second;
    if (i.acknowledged) throw ApiError{400, 40060, "Interaction has already been acknowledged.", {}};
    const auto body = parse_body(c_.request);
    const auto& o = as_object(body);
    const int type = static_cast<int>(int_field(o, "type").value_or(0));
    json::object data;
    if (const auto* d = o.if_contains("data"); d && d->is_object()) data = d->as_object();
    auto& ch = channel_or_404(i.channel_id);
    std::optional<Id> resource_message;
    const Id saved_actor = c_.actor;
    switch (type) {
      case 1: break;
      case 4:
      case 5: {
        if (type == 5) {
          data = json::object{{"content", ""},
                              {"flags", (data.contains("flags") ? int_field(data, "flags").value_or(0) : 0)}};
        }
        json::object msg = data;
        std::uint64_t flags = static_cast<std::uint64_t>(int_field(data, "flags").value_or(0));
        if (type == 5) flags |= 1ULL << 7;  // LOADING
        msg.erase("flags");
        c_.actor = w_.bot_user_id;
        if (type == 5) {
          // A deferred response is an empty "thinking" message until @original is edited.
          Message m;
          m.id = w_.next_id();
          m.channel_id = ch.id;
          m.guild_id = ch.guild_id;
          m.author_id = w_.bot_user_id;
          m.webhook_id = w_.application_id;
          m.type = 20;
          m.timestamp = c_.now;
          m.flags = flags;
          Message& stored = w_.messages[ch.id][m.id] = std::move(m);
          emit("MESSAGE_CREATE", ch.guild_id, intents::kGuildMessages, shapes::message(w_, stored), true);
          i.original_message_id = stored.id;
        } else {
          validate_message(data, false);
          auto& m = create_message(ch, w_.bot_user_id, msg, w_.application_id);
          m.type = i.type == 2 ? 20 : 0;
          m.flags = flags & ((1ULL << 6) | (1ULL << 2) | (1ULL << 12) | (1ULL << 15));
          m.interaction_metadata_json = json::serialize(json::object{
              {"id", shapes::id_string(i.id)}, {"type", i.type}, {"user", shapes::user(*w_.user(i.user_id))}});
          i.original_message_id = m.id;
        }
        c_.actor = saved_actor;
        resource_message = i.original_message_id;
        break;
      }
      case 6:
        if (!i.message_id) throw ApiError{400, 50035, "Invalid Form Body", {}};
        break;
      case 7: {
        if (!i.message_id) throw ApiError{400, 50035, "Invalid Form Body", {}};
        auto& m = message_or_404(i.channel_id, *i.message_id);
        edit_message(m, data);
        resource_message = m.id;
        break;
      }
      case 8:
      case 9: break;
      default: throw invalid_form("type", "BASE_TYPE_CHOICES", "Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.");
    }
    i.acknowledged = true;
    record(i, "callback", type, body);
    if (c_.request.query("with_response") == std::optional<std::string>("true")) {
      json::object resp{
          {"interaction",
           json::object{{"id", shapes::id_string(i.id)},
                        {"type", i.type},
                        {"response_message_id",
                         resource_message ? json::value(shapes::id_string(*resource_message)) : json::value(nullptr)},
                        {"response_message_loading", type == 5},
                        {"response_message_ephemeral", false}}}};
      json::object resource{{"type", type}};
      if (resource_message)
        if (const auto* m = w_.message(i.channel_id, *resource_message)) resource["message"] = shapes::message(w_, *m);
      resp["resource"] = std::move(resource);
      return json_response(200, resp);
    }
    return no_content();
  }
  // Follow-ups: /webhooks/{application_id}/{token}[/messages/{@original|id}]
  if (s.size() < 3 || s[0] != "webhooks") return std::nullopt;
  if (parse_id(s[1], 10015, "Webhook") != w_.application_id) return std::nullopt;
  Interaction* found = nullptr;
  for (auto& [id, i] : w_.interactions)
    if (i.token == s[2]) found = &i;
  if (!found) throw unknown(10015, "Webhook");
  Interaction& i = *found;
  auto& ch = channel_or_404(i.channel_id);
  const Id saved_actor = c_.actor;
  c_.actor = w_.bot_user_id;
  struct Restore {
    Id& actor;
    Id value;
    ~Restore() { actor = value; }
  } restore{c_.actor, saved_actor};
  if (s.size() == 3 && method() == "POST") {
    if (!i.acknowledged) throw unknown(10015, "Webhook");
    const auto body = parse_body(c_.request);
    json::object o = as_object(body);
    const auto flags = static_cast<std::uint64_t>(int_field(o, "flags").value_or(0));
    auto& m = create_message(ch, w_.bot_user_id, o, w_.application_id);
    m.flags = flags & ((1ULL << 6) | (1ULL << 2) | (1ULL << 12) | (1ULL << 15));
    i.followup_ids.push_back(m.id);
    record(i, "followup", 0, body);
    return json_response(200, shapes::message(w_, m));
  }
  if (s.size() == 5 && s[3] == "messages") {
    Id message_id = 0;
    if (s[4] == "@original") {
      if (!i.original_message_id) throw unknown(10008, "Message");
      message_id = *i.original_message_id;
    } else {
      message_id = parse_id(s[4], 10008, "Message");
    }
    auto& m = message_or_404(ch.id, message_id);
    if (method() == "GET") return json_response(200, shapes::message(w_, m));
    if (method() == "PATCH") {
      const auto body = parse_body(c_.request);
      record(i, s[4] == "@original" ? "edit_original" : "edit_followup", 0, body);
      return json_response(200, shapes::message(w_, edit_message(m, as_object(body))));
    }
    if (method() == "DELETE") {
      record(i, "delete", 0, nullptr);
      delete_message(m);
      return no_content();
    }
  }
  return std::nullopt;
}

std::optional<net::HttpResponse> Rest::command_routes(const Segments& s) {
  if (s.size() < 3 || s[0] != "applications") return std::nullopt;
  const Id app = parse_id(s[1], 10002, "Application");
  if (app != w_.application_id) throw ApiError{403, 50001, "Missing Access", {}};
  std::optional<Id> guild_id;
  std::size_t at = 2;
  if (s[2] == "guilds") {
    if (s.size() < 5) return std::nullopt;
    auto& g = guild_or_404(parse_id(s[3], 10004, "Guild"));
    if (!g.members.count(c_.actor)) throw missing_access();
    guild_id = g.id;
    at = 4;
  }
  if (s[at] != "commands") return std::nullopt;

  auto validate = [&](const json::object& o) {
    const auto name = str_field(o, "name");
    const int type = static_cast<int>(int_field(o, "type").value_or(1));
    if (name.empty() || name.size() > 32)
      throw invalid_form("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.");
    if (type == 1) {
      for (char ch : name)
        if (!(std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) ||
              ch == '-' || ch == '_'))
          throw invalid_form("name", "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
      const auto description = str_field(o, "description");
      if (description.empty() || description.size() > 100)
        throw invalid_form("description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
    }
    if (const auto* opts = o.if_contains("options"); opts && opts->is_array() && opts->as_array().size() > 25)
      throw invalid_form("options", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  };
  auto store = [&](const json::object& o, std::optional<Id> existing) -> AppCommand& {
    validate(o);
    AppCommand c;
    c.id = existing.value_or(w_.next_id());
    c.guild_id = guild_id;
    c.name = str_field(o, "name");
    c.type = static_cast<int>(int_field(o, "type").value_or(1));
    json::object def = o;
    def.erase("id");
    def.erase("application_id");
    def.erase("version");
    c.json = json::serialize(def);
    c.version = w_.next_id();
    return w_.commands[c.id] = std::move(c);
  };
  auto find_by_name = [&](const std::string& name, int type) -> std::optional<Id> {
    for (auto& [id, c] : w_.commands)
      if (c.guild_id == guild_id && c.name == name && c.type == type) return id;
    return std::nullopt;
  };

  if (s.size() == at + 1) {
    if (method() == "GET") {
      json::array out;
      for (auto& [id, c] : w_.commands)
        if (c.guild_id == guild_id) out.push_back(shapes::command(w_, c));
      return json_response(200, out);
    }
    if (method() == "POST") {
      const auto body = parse_body(c_.request);
      const auto& o = as_object(body);
      const auto existing = find_by_name(str_field(o, "name"), static_cast<int>(int_field(o, "type").value_or(1)));
      auto& c = store(o, existing);
      return json_response(existing ? 200 : 201, shapes::command(w_, c));
    }
    if (method() == "PUT") {
      const auto body = parse_body(c_.request);
      if (!body.is_array()) throw ApiError{400, 50035, "Invalid Form Body", {}};
      if (body.as_array().size() > 100)
        throw invalid_form("_", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
      for (const auto& v : body.as_array()) validate(as_object(v));
      std::map<std::pair<std::string, int>, Id> keep;
      for (auto& [id, c] : w_.commands)
        if (c.guild_id == guild_id) keep[{c.name, c.type}] = id;
      std::erase_if(w_.commands, [&](const auto& kv) { return kv.second.guild_id == guild_id; });
      json::array out;
      for (const auto& v : body.as_array()) {
        const auto& o = v.as_object();
        std::optional<Id> existing;
        if (auto k = keep.find({str_field(o, "name"), static_cast<int>(int_field(o, "type").value_or(1))});
            k != keep.end())
          existing = k->second;
        out.push_back(shapes::command(w_, store(o, existing)));
      }
      return json_response(200, out);
    }
    return std::nullopt;
  }
  if (s.size() != at + 2) return std::nullopt;
  const Id command_id = parse_id(s[at + 1], 10063, "application command");
  auto it = w_.commands.find(command_id);
  if (it == w_.commands.end() || it->second.guild_id != guild_id) throw unknown(10063, "application command");
  if (method() == "GET") return json_response(200, shapes::command(w_, it->second));
  if (method() == "DELETE") {
    w_.commands.erase(it);
    return no_content();
  }
  if (method() == "PATCH") {
    const auto body = parse_body(c_.request);
    json::object merged = shapes::parse_or_null(it->second.json).is_object()
                              ? shapes::parse_or_null(it->second.json).as_object()
                              : json::object{};
    for (const auto& [k, v] : as_object(body)) merged[k] = v;
    merged["name"] = merged.contains("name") ? merged["name"] : json::value(it->second.name);
    return json_response(200, shapes::command(w_, store(merged, command_id)));
  }
  return std::nullopt;
}

}  // namespace dbot::sim::detail
