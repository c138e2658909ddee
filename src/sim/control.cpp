// The control API under /_sim/: lets tests act as users (send messages,
// click buttons, join, react), inject faults and read the state. Documented
// in docs/simulator.md.

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "core/snowflake.hpp"
#include "sim/detail/rest.hpp"
#include "sim/permissions.hpp"
#include "sim/service.hpp"
#include "sim/shapes.hpp"

namespace dbot::sim {
using namespace detail;

namespace {

Id required_id(const json::object& o, std::string_view key) {
  auto id = id_field(o, key);
  if (!id) throw invalid_form(key, "BASE_TYPE_REQUIRED", "This field is required");
  return *id;
}

// Finds the channel holding a message (control requests may omit channel_id).
std::optional<Id> channel_of_message(World& w, Id message_id) {
  for (auto& [cid, list] : w.messages)
    if (list.count(message_id)) return cid;
  return std::nullopt;
}

}  // namespace

net::HttpResponse Service::control(const net::HttpRequest& request, std::string_view path) {
  const Segments s = split_path(path);  // s[0] == "_sim"
  const std::string& method = request.method;
  auto rest_as = [&](Id actor) {
    RestContext ctx{world_, gateway_, request, Clock::now()};
    ctx.actor = actor;
    ctx.http_base = http_base_;
    ctx.gateway_url = options_.gateway_url;
    return Rest(std::move(ctx));
  };

  if (match(s, {"_sim", "state"}) && method == "GET") return net::HttpResponse::json(200, state_json());

  if (match(s, {"_sim", "requests"}) && method == "GET") {
    json::object counts;
    for (const auto& [route, count] : request_counts_) counts[route] = count;
    return json_response(200, counts);
  }

  if (match(s, {"_sim", "messages"}) && method == "POST") {
    const auto body = parse_body(request);
    const auto& o = as_object(body);
    const Id channel_id = required_id(o, "channel_id");
    const Id author_id = required_id(o, "author_id");
    if (!world_.user(author_id)) throw unknown(10013, "User");
    auto rest = rest_as(author_id);
    auto& ch = rest.channel_or_404(channel_id);
    if (ch.guild_id) {
      auto& g = rest.guild_or_404(*ch.guild_id);
      if (!g.members.count(author_id)) throw missing_access();
    }
    rest.need_channel(ch, perm::kSendMessages);
    json::object msg = o;
    msg.erase("channel_id");
    msg.erase("author_id");
    auto& m = rest.create_message(ch, author_id, msg);
    return json_response(200, shapes::message(world_, m));
  }

  if (match(s, {"_sim", "channels", "*", "messages"}) && method == "GET") {
    const Id channel_id = parse_id(s[2], 10003, "Channel");
    auto* list = world_.channel_messages(channel_id);
    if (!list) throw unknown(10003, "Channel");
    json::array out;
    for (const auto& [id, m] : *list) out.push_back(shapes::message(world_, m));
    return json_response(200, out);
  }

  if (match(s, {"_sim", "reactions"}) && method == "POST") {
    const auto body = parse_body(request);
    const auto& o = as_object(body);
    const Id message_id = required_id(o, "message_id");
    const Id user_id = required_id(o, "user_id");
    const auto channel_id =
        id_field(o, "channel_id") ? id_field(o, "channel_id") : channel_of_message(world_, message_id);
    if (!channel_id) throw unknown(10008, "Message");
    const std::string emoji = str_field(o, "emoji");
    // Replays the REST route as the user.
    net::HttpRequest as_user;
    as_user.method = "PUT";
    const auto segments = Segments{"channels", "", "messages", "", "reactions", "", "@me"};
    (void)segments;
    const std::string c = std::to_string(*channel_id), m = std::to_string(message_id);
    const std::string encoded = net::percent_encode(emoji);
    as_user.target = fmt::format("/channels/{}/messages/{}/reactions/{}/@me", c, m, encoded);
    RestContext ctx{world_, gateway_, as_user, Clock::now()};
    ctx.actor = user_id;
    Rest rest(std::move(ctx));
    auto r = rest.route(split_path(as_user.target));
    return r ? std::move(*r) : json_response(404, json::object{{"message", "404: Not Found"}, {"code", 0}});
  }

  // A user's own REST call, as their Discord client would make it (a
  // moderator banning from the member list, an admin editing roles).
  // {"user_id", "method", "path": "/guilds/1/bans/2", "body"?: {...}, "reason"?: "..."}
  if (match(s, {"_sim", "rest"}) && method == "POST") {
    const auto body = parse_body(request);
    const auto& o = as_object(body);
    const Id user_id = required_id(o, "user_id");
    if (!world_.user(user_id)) throw unknown(10013, "User");
    net::HttpRequest as_user;
    as_user.method = str_field(o, "method", "GET");
    as_user.target = str_field(o, "path");
    if (as_user.target.empty() || as_user.target.front() != '/')
      throw invalid_form("path", "BASE_TYPE_REQUIRED", "A path starting with / is required");
    if (const auto* b = o.if_contains("body")) as_user.body = json::serialize(*b);
    RestContext ctx{world_, gateway_, as_user, Clock::now()};
    ctx.actor = user_id;
    ctx.reason = str_field(o, "reason");
    Rest rest(std::move(ctx));
    const std::string_view target = as_user.target;
    auto r = rest.route(split_path(target.substr(0, target.find('?'))));
    return r ? std::move(*r) : json_response(404, json::object{{"message", "404: Not Found"}, {"code", 0}});
  }

  if (match(s, {"_sim", "typing"}) && method == "POST") {
    const auto body = parse_body(request);
    const auto& o = as_object(body);
    net::HttpRequest as_user;
    as_user.method = "POST";
    as_user.target = fmt::format("/channels/{}/typing", required_id(o, "channel_id"));
    RestContext ctx{world_, gateway_, as_user, Clock::now()};
    ctx.actor = required_id(o, "user_id");
    Rest rest(std::move(ctx));
    auto r = rest.route(split_path(as_user.target));
    return r ? std::move(*r) : json_response(404, json::object{{"message", "404: Not Found"}, {"code", 0}});
  }

  if (match(s, {"_sim", "interactions"}) && method == "POST") {
    const auto body = parse_body(request);
    const auto& o = as_object(body);
    const Id user_id = required_id(o, "user_id");
    if (!world_.user(user_id)) throw unknown(10013, "User");
    Interaction i;
    i.id = world_.next_id();
    i.token = "interaction-" + world_.next_token();
    i.user_id = user_id;
    if (o.contains("custom_id")) {
      const Id message_id = required_id(o, "message_id");
      const auto channel_id =
          id_field(o, "channel_id") ? id_field(o, "channel_id") : channel_of_message(world_, message_id);
      if (!channel_id) throw unknown(10008, "Message");
      const auto* m = world_.message(*channel_id, message_id);
      if (!m) throw unknown(10008, "Message");
      const std::string custom_id = str_field(o, "custom_id");
      // The button must exist on the message, as on Discord.
      int component_type = 0;
      const auto components = shapes::parse_or_null(m->components_json);
      std::function<void(const json::value&)> find = [&](const json::value& v) {
        if (v.is_array()) {
          for (const auto& x : v.as_array()) find(x);
        } else if (v.is_object()) {
          const auto& c = v.as_object();
          if (auto* id = c.if_contains("custom_id"); id && id->is_string() && id->as_string() == custom_id)
            component_type = static_cast<int>(int_field(c, "type").value_or(2));
          if (auto* children = c.if_contains("components")) find(*children);
          if (auto* acc = c.if_contains("accessory")) find(*acc);
        }
      };
      find(components);
      if (component_type == 0)
        throw invalid_form("custom_id", "COMPONENT_NOT_FOUND", "No component with that custom_id.");
      i.type = 3;
      i.channel_id = *channel_id;
      i.message_id = message_id;
      json::object data{{"custom_id", custom_id}, {"component_type", component_type}};
      if (const auto* values = o.if_contains("values")) data["values"] = *values;
      i.data_json = json::serialize(data);
    } else {
      const std::string name = str_field(o, "command");
      if (name.empty()) throw invalid_form("command", "BASE_TYPE_REQUIRED", "Give custom_id (button) or command.");
      i.type = 2;
      i.channel_id = required_id(o, "channel_id");
      std::optional<Id> command_id;
      for (const auto& [cid, c] : world_.commands)
        if (c.name == name) command_id = cid;
      json::object data{{"id", command_id ? shapes::id_string(*command_id) : shapes::id_string(world_.next_id())},
                        {"name", name},
                        {"type", 1}};
      if (const auto* options = o.if_contains("options")) data["options"] = *options;
      i.data_json = json::serialize(data);
    }
    const auto* ch = world_.channel(i.channel_id);
    if (!ch) throw unknown(10003, "Channel");
    i.guild_id = ch->guild_id.value_or(0);
    const Id id = i.id;
    world_.interactions[id] = std::move(i);
    auto rest = rest_as(user_id);
    json::object payload = rest.interaction_payload(world_.interactions[id]);
    Gateway::Event e;
    e.name = "INTERACTION_CREATE";
    e.guild_id = world_.interactions[id].guild_id ? std::optional<Id>(world_.interactions[id].guild_id) : std::nullopt;
    e.data = json::serialize(payload);
    gateway_.dispatch(e);
    return json_response(
        200, json::object{
                 {"id", shapes::id_string(id)}, {"token", world_.interactions[id].token}, {"interaction", payload}});
  }

  if (match(s, {"_sim", "interactions", "*"}) && method == "GET") {
    auto it = world_.interactions.find(parse_id(s[2], 10062, "interaction"));
    if (it == world_.interactions.end()) throw unknown(10062, "interaction");
    const auto& i = it->second;
    json::array responses;
    for (const auto& r : i.responses) responses.push_back(json::parse(r));
    return json_response(
        200, json::object{
                 {"id", shapes::id_string(i.id)},
                 {"acknowledged", i.acknowledged},
                 {"responses", responses},
                 {"original_message_id", i.original_message_id ? json::value(shapes::id_string(*i.original_message_id))
                                                               : json::value(nullptr)},
                 {"followup_ids", shapes::id_array(i.followup_ids)}});
  }

  if (match(s, {"_sim", "members"}) && method == "POST") {
    const auto body = parse_body(request);
    const auto& o = as_object(body);
    Id guild_id = id_field(o, "guild_id").value_or(0);
    if (!guild_id)
      guild_id = world_.names.guilds.count("Sandbox") ? world_.names.guilds["Sandbox"]
                 : world_.guilds.empty()              ? 0
                                                      : world_.guilds.begin()->first;
    auto* g = world_.guild(guild_id);
    if (!g) throw unknown(10004, "Guild");
    Id user_id = id_field(o, "user_id").value_or(0);
    if (!user_id) {
      const std::string username = str_field(o, "username");
      if (username.empty()) throw invalid_form("username", "BASE_TYPE_REQUIRED", "Give user_id or username.");
      if (auto it = world_.names.users.find(username); it != world_.names.users.end()) {
        user_id = it->second;
      } else {
        user_id = world_.add_user(username, o.contains("bot") && o.at("bot").is_bool() && o.at("bot").as_bool());
        world_.names.users[username] = user_id;
      }
    }
    if (!world_.user(user_id)) throw unknown(10013, "User");
    if (g->bans.count(user_id)) throw ApiError{403, 40007, "The user is banned from this guild.", {}};
    if (g->members.count(user_id)) throw ApiError{400, 0, "Already a member", {}};
    std::vector<Id> roles;
    if (const auto* list = o.if_contains("roles"); list && list->is_array()) {
      for (const auto& r : list->as_array()) {
        if (!r.is_string()) continue;
        const Id rid = std::stoull(std::string(r.as_string()));
        if (!g->roles.count(rid)) throw unknown(10011, "Role");
        roles.push_back(rid);
      }
    }
    auto& m = world_.add_member(guild_id, user_id, roles);
    json::object member = shapes::member(world_, guild_id, m, true);
    Gateway::Event e;
    e.name = "GUILD_MEMBER_ADD";
    e.guild_id = guild_id;
    e.intents = intents::kGuildMembers;
    e.data = json::serialize(member);
    gateway_.dispatch(e);
    return json_response(200, member);
  }

  if (match(s, {"_sim", "faults"})) {
    if (method == "GET") {
      json::array out;
      for (const auto& f : rest_faults_)
        out.push_back(json::object{
            {"route", f.route}, {"status", f.status}, {"delay_ms", f.delay.count()}, {"remaining", f.remaining}});
      return json_response(200, json::object{{"rest", out}, {"connections", gateway_.open_connections()}});
    }
    if (method == "DELETE") {
      rest_faults_.clear();
      gateway_.fault_heartbeat_ack(true);
      return no_content();
    }
    if (method != "POST") return json_response(405, json::object{{"message", "405: Method Not Allowed"}, {"code", 0}});
    const auto body = parse_body(request);
    const auto& o = as_object(body);
    const std::string kind = str_field(o, "kind");
    std::size_t applied = 0;
    if (kind == "disconnect") {
      applied = gateway_.fault_disconnect();
    } else if (kind == "close") {
      const auto code = int_field(o, "code").value_or(4000);
      if (code < 1000 || code > 4999) throw invalid_form("code", "NUMBER_TYPE_MAX", "A close code is 1000-4999.");
      applied = gateway_.fault_close(static_cast<std::uint16_t>(code));
    } else if (kind == "reconnect") {
      applied = gateway_.fault_reconnect();
    } else if (kind == "invalid_session") {
      const auto* r = o.if_contains("resumable");
      applied = gateway_.fault_invalid_session(r && r->is_bool() && r->as_bool());
    } else if (kind == "stop_heartbeat_ack") {
      applied = gateway_.fault_heartbeat_ack(false);
    } else if (kind == "resume_heartbeat_ack") {
      applied = gateway_.fault_heartbeat_ack(true);
    } else if (kind == "rest") {
      RestFault f;
      f.route = str_field(o, "route");
      f.status = static_cast<unsigned>(int_field(o, "status").value_or(0));
      f.delay = std::chrono::milliseconds(int_field(o, "delay_ms").value_or(0));
      f.remaining = static_cast<unsigned>(int_field(o, "count").value_or(1));
      if (const auto* processed = o.if_contains("after_processing"); processed && processed->is_bool())
        f.after_processing = processed->as_bool();
      if (f.after_processing && f.status == 0)
        throw invalid_form("status", "BASE_TYPE_REQUIRED", "after_processing needs a status.");
      if (f.status != 0 && f.status != 429 && (f.status < 400 || f.status > 599))
        throw invalid_form("status", "BASE_TYPE_CHOICES", "status is 429 or another 4xx/5xx code.");
      if (f.status == 0 && f.delay.count() <= 0)
        throw invalid_form("status", "BASE_TYPE_REQUIRED", "A REST fault needs a status or a delay_ms.");
      if (f.remaining == 0) throw invalid_form("count", "NUMBER_TYPE_MIN", "count must be at least 1.");
      rest_faults_.push_back(f);
      applied = 1;
    } else {
      throw invalid_form("kind", "BASE_TYPE_CHOICES",
                         "kind is one of disconnect, close, reconnect, invalid_session, stop_heartbeat_ack, "
                         "resume_heartbeat_ack, rest.");
    }
    return json_response(200, json::object{{"kind", kind}, {"applied", applied}});
  }

  return json_response(404, json::object{{"message", "404: Not Found"}, {"code", 0}});
}

}  // namespace dbot::sim
