#include "sim/service.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/snowflake.hpp"
#include "sim/detail/rest.hpp"
#include "sim/permissions.hpp"
#include "sim/shapes.hpp"

namespace dbot::sim {
using namespace detail;

namespace {

// The path below /api[/vN], or nullopt when the request is not for the API.
// Throws ApiError for versions Discord no longer serves.
std::optional<std::string_view> api_path(std::string_view path) {
  if (path.rfind("/api", 0) != 0) return std::nullopt;
  path.remove_prefix(4);
  if (path.empty()) return std::string_view("/");
  if (path.front() != '/') return std::nullopt;
  if (path.size() > 2 && path[1] == 'v' && std::isdigit(static_cast<unsigned char>(path[2]))) {
    auto end = path.find('/', 1);
    const auto version = std::atoi(std::string(path.substr(2, end == std::string_view::npos ? end : end - 2)).c_str());
    if (version < 6 || version > 10) throw ApiError{400, 50041, "Invalid API version provided.", {}};
    path = end == std::string_view::npos ? std::string_view("/") : path.substr(end);
  }
  return path;
}

bool fault_matches(const RestFault& f, const net::HttpRequest& request, std::string_view path) {
  if (f.remaining == 0) return false;
  if (f.route.empty()) return true;
  const auto key = route_key(request.method, path);
  if (f.route == key.name() || f.route == key.route) return true;
  const std::string literal = request.method + " " + std::string(path);
  return f.route == literal || f.route == path;
}

// Routes that authenticate with a token in the URL instead of the bot token.
bool token_in_url(const Segments& s, Id application_id) {
  if (s.size() >= 4 && s[0] == "interactions" && s[3] == "callback") return true;
  if (s.size() >= 3 && s[0] == "webhooks") return true;
  if (s.size() == 2 && s[0] == "invites") return true;
  (void)application_id;
  return false;
}

net::HttpResponse sim_error(unsigned status, std::string message) {
  return json_response(status, json::object{{"message", std::move(message)}, {"code", 0}});
}

}  // namespace

Service::Service(World world, Options options)
    : world_(std::move(world)),
      options_(std::move(options)),
      gateway_(world_, options_.gateway),
      rate_limiter_(options_.rate_limits) {}

void Service::set_base_url(const std::string& http_base, const std::string& ws_url) {
  http_base_ = http_base;
  options_.gateway_url = ws_url;
  gateway_.set_resume_gateway_url(ws_url);
}

std::chrono::milliseconds Service::take_delay(const net::HttpRequest& request) {
  std::optional<std::string_view> path;
  try {
    path = api_path(request.path());
  } catch (const ApiError&) {
    return std::chrono::milliseconds(0);
  }
  if (!path) return std::chrono::milliseconds(0);
  for (auto& f : rest_faults_) {
    if (f.delay.count() > 0 && fault_matches(f, request, *path)) {
      const auto delay = f.delay;
      if (f.status == 0) --f.remaining;
      return delay;
    }
  }
  return std::chrono::milliseconds(0);
}

std::optional<unsigned> Service::take_after_processing_fault(const net::HttpRequest& request, std::string_view path) {
  for (auto it = rest_faults_.begin(); it != rest_faults_.end(); ++it) {
    if (!it->after_processing || it->status == 0 || !fault_matches(*it, request, path)) continue;
    const unsigned status = it->status;
    if (--it->remaining == 0) rest_faults_.erase(it);
    return status;
  }
  return std::nullopt;
}

net::HttpResponse Service::handle(const net::HttpRequest& request, Clock::time_point now) {
  const std::string_view path = request.path();
  try {
    if (path == "/_sim" || path.rfind("/_sim/", 0) == 0) return control(request, path);
    const auto sub = api_path(path);
    if (!sub) return sim_error(404, "404: Not Found");
    auto response = rest(request, *sub, now);
    if (auto status = take_after_processing_fault(request, *sub)) {
      return sim_error(*status, fmt::format("{}: Simulated failure", *status));
    }
    return response;
  } catch (const ApiError& e) {
    return error_response(e);
  }
}

net::HttpResponse Service::rest(const net::HttpRequest& request, std::string_view path, Clock::time_point now) {
  const Segments segments = split_path(path);
  ++request_counts_[route_key(request.method, path).name()];
  // Injected REST faults come first, as a misbehaving Discord edge would.
  for (auto it = rest_faults_.begin(); it != rest_faults_.end(); ++it) {
    if (it->status == 0 || it->after_processing || !fault_matches(*it, request, path)) continue;
    const unsigned status = it->status;
    if (--it->remaining == 0) rest_faults_.erase(it);
    if (status == 429) {
      RateLimiter::Decision d;
      d.allowed = false;
      d.retry_after = 1.0;
      auto r = net::HttpResponse::json(429, RateLimiter::body_for(d));
      r.headers.set("Retry-After", "1");
      r.headers.set("X-RateLimit-Limit", "1");
      r.headers.set("X-RateLimit-Remaining", "0");
      r.headers.set("X-RateLimit-Reset-After", "1.000");
      r.headers.set("X-RateLimit-Reset",
                    fmt::format("{:.3f}", std::chrono::duration<double>(now.time_since_epoch()).count() + 1.0));
      r.headers.set("X-RateLimit-Bucket", "fault");
      r.headers.set("X-RateLimit-Scope", "user");
      return r;
    }
    return sim_error(status, fmt::format("{}: Simulated failure", status));
  }
  std::erase_if(rest_faults_, [](const RestFault& f) { return f.remaining == 0; });

  const bool url_token = token_in_url(segments, world_.application_id);
  const bool public_route = segments.size() == 1 && segments[0] == "gateway";
  if (!url_token && !public_route) {
    const auto auth = request.headers.get("Authorization");
    std::string token = auth ? std::string(*auth) : std::string();
    if (token.rfind("Bot ", 0) != 0) return sim_error(401, "401: Unauthorized");
    token.erase(0, 4);
    const auto& tokens = options_.gateway.tokens;
    if (std::find(tokens.begin(), tokens.end(), token) == tokens.end()) return sim_error(401, "401: Unauthorized");
  }

  const bool exempt_global =
      !segments.empty() && (segments[0] == "interactions" || (segments[0] == "webhooks" && segments.size() >= 3));
  auto decision = rate_limiter_.check(route_key(request.method, path), exempt_global, now);
  if (!decision.allowed) {
    auto r = net::HttpResponse::json(429, RateLimiter::body_for(decision));
    for (const auto& f : decision.headers.fields()) r.headers.set(f.name, f.value);
    return r;
  }

  RestContext ctx{world_, gateway_, request, now};
  ctx.actor = world_.bot_user_id;
  if (auto reason = request.headers.get("X-Audit-Log-Reason")) ctx.reason = audit_reason_from_header(*reason);
  ctx.http_base = http_base_;
  ctx.gateway_url = options_.gateway_url;
  ctx.recommended_shards = options_.recommended_shards;
  net::HttpResponse response;
  try {
    Rest rest(std::move(ctx));
    auto r = rest.route(segments);
    response = r ? std::move(*r) : sim_error(404, "404: Not Found");
  } catch (const ApiError& e) {
    response = error_response(e);
  }
  for (const auto& f : decision.headers.fields()) response.headers.set(f.name, f.value);
  return response;
}

std::string Service::state_json() {
  json::object state;
  state["bot_user_id"] = shapes::id_string(world_.bot_user_id);
  state["application_id"] = shapes::id_string(world_.application_id);
  json::object ids;
  for (const auto& [kind, names] :
       {std::pair<const char*, const std::map<std::string, Id>*>{"users", &world_.names.users},
        {"guilds", &world_.names.guilds},
        {"channels", &world_.names.channels},
        {"roles", &world_.names.roles}}) {
    json::object o;
    for (const auto& [name, id] : *names) o[name] = shapes::id_string(id);
    ids[kind] = std::move(o);
  }
  state["ids"] = std::move(ids);
  json::array users;
  for (const auto& [id, u] : world_.users) users.push_back(shapes::user(u));
  state["users"] = std::move(users);
  json::array guilds;
  for (auto& [gid, g] : world_.guilds) {
    json::object o = shapes::guild(world_, g);
    json::array channels;
    for (const auto& [cid, ch] : world_.channels)
      if (ch.guild_id == gid) channels.push_back(shapes::channel(ch));
    o["channels"] = std::move(channels);
    json::array members;
    for (auto& [uid, m] : g.members) members.push_back(shapes::member(world_, gid, m));
    o["members"] = std::move(members);
    json::array bans;
    for (const auto& [uid, b] : g.bans)
      bans.push_back(json::object{{"user_id", shapes::id_string(uid)},
                                  {"reason", b.reason.empty() ? json::value(nullptr) : json::value(b.reason)}});
    o["bans"] = std::move(bans);
    json::array audit;
    for (const auto& e : g.audit_log) audit.push_back(shapes::audit_entry(e));
    o["audit_log"] = std::move(audit);
    json::array invites;
    for (const auto& [code, inv] : world_.invites)
      if (inv.guild_id == gid) invites.push_back(shapes::invite(world_, inv));
    o["invites"] = std::move(invites);
    guilds.push_back(std::move(o));
  }
  state["guilds"] = std::move(guilds);
  json::array dms;
  for (const auto& [cid, ch] : world_.channels) {
    if (ch.type != kDm) continue;
    json::object o = shapes::channel(ch);
    o["recipient_ids"] = shapes::id_array(ch.recipients);
    dms.push_back(std::move(o));
  }
  state["dm_channels"] = std::move(dms);
  json::array webhooks;
  for (const auto& [id, h] : world_.webhooks) webhooks.push_back(shapes::webhook(world_, h, true));
  state["webhooks"] = std::move(webhooks);
  json::array commands;
  for (const auto& [id, c] : world_.commands) commands.push_back(shapes::command(world_, c));
  state["commands"] = std::move(commands);
  json::array sessions;
  for (const auto& [id, s] : gateway_.sessions()) {
    sessions.push_back(json::object{{"session_id", id},
                                    {"shard", json::array{s->shard_id, s->shard_count}},
                                    {"intents", s->intents},
                                    {"seq", s->seq},
                                    {"connected", s->connection != nullptr},
                                    {"invalidated", s->invalidated}});
  }
  state["sessions"] = std::move(sessions);
  return json::serialize(state);
}

}  // namespace dbot::sim
