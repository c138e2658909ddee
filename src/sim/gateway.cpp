#include "sim/gateway.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/snowflake.hpp"
#include "sim/shapes.hpp"

namespace dbot::sim {
namespace json = boost::json;

namespace {

enum Op : int {
  kDispatch = 0,
  kHeartbeat = 1,
  kIdentify = 2,
  kPresenceUpdate = 3,
  kVoiceStateUpdate = 4,
  kResume = 6,
  kReconnect = 7,
  kRequestGuildMembers = 8,
  kInvalidSession = 9,
  kHello = 10,
  kHeartbeatAck = 11,
  kRequestSoundboardSounds = 31,
};

GatewayAction close_action(std::uint16_t code, std::string reason) {
  GatewayAction a;
  a.kind = GatewayAction::Kind::close;
  a.code = code;
  a.reason = std::move(reason);
  return a;
}

GatewayAction send_action(std::string text) {
  GatewayAction a;
  a.kind = GatewayAction::Kind::send;
  a.text = std::move(text);
  return a;
}

std::string new_session_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}{:016x}", rng(), rng());
}

std::string dispatch_text(std::string_view name, std::int64_t seq, std::string_view data_json) {
  return fmt::format(R"({{"op":0,"t":"{}","s":{},"d":{}}})", name, seq, data_json);
}

std::string strip_bot_prefix(std::string token) {
  if (token.rfind("Bot ", 0) == 0) token.erase(0, 4);
  return token;
}

// Without MESSAGE_CONTENT, Discord empties these fields unless the message
// mentions the bot, was sent by it, or is a DM.
std::string strip_content(const std::string& data, Id bot_id) {
  json::value v = json::parse(data);
  if (!v.is_object()) return data;
  auto& o = v.as_object();
  if (!o.contains("guild_id")) return data;
  const std::string bot = std::to_string(bot_id);
  if (auto* author = o.if_contains("author"); author && author->is_object()) {
    if (auto* id = author->as_object().if_contains("id"); id && id->is_string() && id->as_string() == bot) return data;
  }
  if (auto* mentions = o.if_contains("mentions"); mentions && mentions->is_array()) {
    for (const auto& m : mentions->as_array()) {
      if (m.is_object()) {
        if (auto* id = m.as_object().if_contains("id"); id && id->is_string() && id->as_string() == bot) return data;
      }
    }
  }
  if (o.contains("content")) o["content"] = "";
  if (o.contains("embeds")) o["embeds"] = json::array{};
  if (o.contains("attachments")) o["attachments"] = json::array{};
  if (o.contains("components")) o["components"] = json::array{};
  o.erase("poll");
  return json::serialize(v);
}

}  // namespace

std::string gateway_payload(int op, std::string_view d_json) {
  return fmt::format(R"({{"op":{},"d":{},"s":null,"t":null}})", op, d_json);
}

GatewayConnection::~GatewayConnection() {
  if (session && session->connection == this) session->connection = nullptr;
}

void GatewayConnection::push(GatewayAction action) {
  if (finished) return;
  if (action.kind != GatewayAction::Kind::send) finished = true;
  outbox.push_back(std::move(action));
  if (notify) notify();
}

Gateway::Gateway(World& world, GatewayConfig config) : world_(world), config_(std::move(config)) {}

std::shared_ptr<GatewayConnection> Gateway::open() {
  auto c = std::make_shared<GatewayConnection>();
  c->push(send_action(
      gateway_payload(kHello, fmt::format(R"({{"heartbeat_interval":{}}})", config_.heartbeat_interval.count()))));
  connections_.push_back(c);
  return c;
}

std::vector<std::shared_ptr<GatewayConnection>> Gateway::live() {
  std::vector<std::shared_ptr<GatewayConnection>> out;
  std::erase_if(connections_, [&](const std::weak_ptr<GatewayConnection>& w) {
    auto c = w.lock();
    if (!c) return true;
    if (!c->finished) out.push_back(c);
    return false;
  });
  return out;
}

std::size_t Gateway::open_connections() const {
  return static_cast<std::size_t>(std::count_if(connections_.begin(), connections_.end(), [](const auto& w) {
    auto c = w.lock();
    return c && !c->finished;
  }));
}

void Gateway::receive(GatewayConnection& c, std::string_view text, SteadyClock::time_point now) {
  if (c.finished) return;
  c.receives.push_back(now);
  while (!c.receives.empty() && now - c.receives.front() >= config_.receive_window) c.receives.pop_front();
  if (c.receives.size() > config_.max_receives_per_window) {
    c.push(close_action(4008, "Rate limited."));
    return;
  }
  if (text.size() > config_.max_payload_bytes) {
    c.push(close_action(4002, "Decode error."));
    return;
  }
  json::value v;
  try {
    v = json::parse(text);
  } catch (const std::exception&) {
    c.push(close_action(4002, "Decode error."));
    return;
  }
  if (!v.is_object() || !v.as_object().contains("op") || !v.as_object().at("op").is_number()) {
    c.push(close_action(4002, "Decode error."));
    return;
  }
  const auto& payload = v.as_object();
  const int op = static_cast<int>(payload.at("op").to_number<double>());
  switch (op) {
    case kHeartbeat:
      ++c.heartbeats_received;
      if (c.ack_heartbeats) c.push(send_action(gateway_payload(kHeartbeatAck, "null")));
      return;
    case kIdentify:
      if (c.session) {
        c.push(close_action(4005, "Already authenticated."));
        return;
      }
      identify(c, &payload);
      return;
    case kResume:
      if (c.session) {
        c.push(close_action(4005, "Already authenticated."));
        return;
      }
      resume(c, &payload);
      return;
    case kPresenceUpdate:
    case kVoiceStateUpdate:
    case kRequestGuildMembers:
    case kRequestSoundboardSounds:
      if (!c.session) {
        c.push(close_action(4003, "Not authenticated."));
        return;
      }
      if (op == kRequestGuildMembers) request_members(c, &payload);
      return;
    default: c.push(close_action(4001, "Unknown opcode.")); return;
  }
}

// The `d` of an IDENTIFY or RESUME whose token is one of ours; otherwise
// closes the connection as Discord does (4002 bad payload, 4004 bad token).
const json::object* Gateway::authenticated_data(GatewayConnection& c, const void* raw) {
  const auto& payload = *static_cast<const json::object*>(raw);
  const auto* d = payload.if_contains("d");
  if (!d || !d->is_object()) {
    c.push(close_action(4002, "Decode error."));
    return nullptr;
  }
  const auto& data = d->as_object();
  const auto* token = data.if_contains("token");
  const std::string tok = token && token->is_string() ? strip_bot_prefix(std::string(token->as_string())) : "";
  if (std::find(config_.tokens.begin(), config_.tokens.end(), tok) == config_.tokens.end()) {
    c.push(close_action(4004, "Authentication failed."));
    return nullptr;
  }
  return &data;
}

void Gateway::identify(GatewayConnection& c, const void* raw) {
  const auto* authenticated = authenticated_data(c, raw);
  if (!authenticated) return;
  const auto& data = *authenticated;
  const auto* intents_value = data.if_contains("intents");
  if (!intents_value || !intents_value->is_number()) {
    c.push(close_action(4013, "Invalid intent(s)."));
    return;
  }
  const auto wanted = static_cast<std::uint64_t>(intents_value->to_number<double>());
  if (wanted & ~intents::kValid) {
    c.push(close_action(4013, "Invalid intent(s)."));
    return;
  }
  if (wanted & config_.disallowed_intents) {
    c.push(close_action(4014, "Disallowed intent(s)."));
    return;
  }
  unsigned shard_id = 0;
  unsigned shard_count = 1;
  if (const auto* shard = data.if_contains("shard"); shard && shard->is_array()) {
    const auto& arr = shard->as_array();
    if (arr.size() != 2 || !arr[0].is_number() || !arr[1].is_number()) {
      c.push(close_action(4010, "Invalid shard."));
      return;
    }
    shard_id = static_cast<unsigned>(arr[0].to_number<double>());
    shard_count = static_cast<unsigned>(arr[1].to_number<double>());
    if (shard_count == 0 || shard_id >= shard_count) {
      c.push(close_action(4010, "Invalid shard."));
      return;
    }
  }

  auto s = std::make_shared<GatewaySession>();
  s->id = new_session_id();
  s->user_id = world_.bot_user_id;
  s->intents = wanted;
  s->shard_id = shard_id;
  s->shard_count = shard_count;
  s->connection = &c;
  c.session = s;
  sessions_[s->id] = s;

  std::vector<const Guild*> mine;
  for (const auto& [gid, g] : world_.guilds) {
    if (!g.members.count(world_.bot_user_id)) continue;
    if (Snowflake{gid}.shard_for(shard_count) != shard_id) continue;
    mine.push_back(&g);
  }
  json::object ready;
  ready["v"] = 10;
  json::object user = shapes::user(*world_.user(world_.bot_user_id));
  user["verified"] = true;
  user["mfa_enabled"] = false;
  user["email"] = nullptr;
  ready["user"] = std::move(user);
  json::array guilds;
  for (const auto* g : mine) guilds.push_back(json::object{{"id", shapes::id_string(g->id)}, {"unavailable", true}});
  ready["guilds"] = std::move(guilds);
  ready["session_id"] = s->id;
  ready["session_type"] = "normal";
  ready["resume_gateway_url"] = config_.resume_gateway_url;
  ready["shard"] = json::array{shard_id, shard_count};
  ready["application"] = json::object{{"id", shapes::id_string(world_.application_id)}, {"flags", 0}};
  ready["private_channels"] = json::array{};
  ready["relationships"] = json::array{};
  ready["presences"] = json::array{};
  ready["guild_join_requests"] = json::array{};
  ready["geo_ordered_rtc_regions"] = json::array{"local"};
  ready["user_settings"] = json::object{};
  ready["_trace"] = json::array{"[\"dbot-sim\"]"};
  deliver(*s, "READY", json::serialize(ready));
  if (wanted & intents::kGuilds) {
    for (const auto* g : mine) deliver(*s, "GUILD_CREATE", json::serialize(shapes::guild_create(world_, *g)));
  }
}

void Gateway::resume(GatewayConnection& c, const void* raw) {
  const auto* authenticated = authenticated_data(c, raw);
  if (!authenticated) return;
  const auto& data = *authenticated;
  const auto* sid = data.if_contains("session_id");
  const auto* seqv = data.if_contains("seq");
  auto it = sid && sid->is_string() ? sessions_.find(std::string(sid->as_string())) : sessions_.end();
  if (it == sessions_.end() || it->second->invalidated) {
    c.push(send_action(gateway_payload(kInvalidSession, "false")));
    return;
  }
  auto s = it->second;
  const std::int64_t client_seq = seqv && seqv->is_number() ? static_cast<std::int64_t>(seqv->to_number<double>()) : 0;
  const std::int64_t oldest = s->replay.empty() ? s->seq + 1 : s->replay.front().first;
  if (client_seq > s->seq || client_seq + 1 < oldest) {
    // The events the client missed are no longer (or never were) buffered.
    s->invalidated = true;
    c.push(send_action(gateway_payload(kInvalidSession, "false")));
    return;
  }
  if (s->connection && s->connection != &c) {
    s->connection->session.reset();
    s->connection->push(close_action(4000, "Session resumed elsewhere."));
  }
  s->connection = &c;
  c.session = s;
  for (const auto& [seq, text] : s->replay) {
    if (seq > client_seq) c.push(send_action(text));
  }
  deliver(*s, "RESUMED", "{}");
}

void Gateway::request_members(GatewayConnection& c, const void* raw) {
  const auto& payload = *static_cast<const json::object*>(raw);
  const auto* d = payload.if_contains("d");
  if (!d || !d->is_object()) return;
  const auto& data = d->as_object();
  const auto* gid = data.if_contains("guild_id");
  if (!gid || !gid->is_string()) return;
  const auto parsed = Snowflake::parse(std::string(gid->as_string()));
  const Guild* g = parsed ? world_.guild(parsed->value) : nullptr;
  if (!g) return;
  std::string query;
  if (const auto* q = data.if_contains("query"); q && q->is_string()) query = std::string(q->as_string());
  std::size_t limit = 0;
  if (const auto* l = data.if_contains("limit"); l && l->is_number())
    limit = static_cast<std::size_t>(l->to_number<double>());
  json::array members;
  for (const auto& [uid, m] : g->members) {
    const auto* u = world_.user(uid);
    if (!u || u->username.rfind(query, 0) != 0) continue;
    if (limit != 0 && members.size() >= limit) break;
    members.push_back(shapes::member(world_, g->id, m));
  }
  json::object chunk{{"guild_id", shapes::id_string(g->id)},
                     {"members", std::move(members)},
                     {"chunk_index", 0},
                     {"chunk_count", 1},
                     {"not_found", json::array{}}};
  if (const auto* nonce = data.if_contains("nonce")) chunk["nonce"] = *nonce;
  deliver(*c.session, "GUILD_MEMBERS_CHUNK", json::serialize(chunk));
}

void Gateway::deliver(GatewaySession& s, const std::string& name, const std::string& data_json) {
  const std::int64_t seq = ++s.seq;
  std::string text = dispatch_text(name, seq, data_json);
  if (s.connection) s.connection->push(send_action(text));
  s.replay.emplace_back(seq, std::move(text));
  while (s.replay.size() > config_.replay_buffer_size) s.replay.pop_front();
}

void Gateway::closed(GatewayConnection& c, std::optional<std::uint16_t> client_close_code) {
  c.finished = true;
  if (c.session) {
    if (c.session->connection == &c) c.session->connection = nullptr;
    // A client closing with 1000/1001 ends its session (Discord shows the bot offline).
    if (client_close_code && (*client_close_code == 1000 || *client_close_code == 1001)) c.session->invalidated = true;
    c.session.reset();
  }
}

void Gateway::dispatch(const Event& event) {
  for (auto& [id, s] : sessions_) {
    if (s->invalidated) continue;
    if (event.intents != 0 && (s->intents & event.intents) == 0) continue;
    const unsigned shard = event.guild_id ? Snowflake{*event.guild_id}.shard_for(s->shard_count) : 0;
    if (shard != s->shard_id) continue;
    if (event.message_content && !(s->intents & intents::kMessageContent)) {
      deliver(*s, event.name, strip_content(event.data, s->user_id));
    } else {
      deliver(*s, event.name, event.data);
    }
  }
}

std::size_t Gateway::fault_disconnect() {
  auto conns = live();
  for (auto& c : conns) {
    GatewayAction a;
    a.kind = GatewayAction::Kind::drop;
    c->push(std::move(a));
  }
  return conns.size();
}

std::size_t Gateway::fault_close(std::uint16_t code) {
  auto conns = live();
  for (auto& c : conns) {
    // Codes that mean "start a new session" end it here too.
    if (c->session && (code == 4007 || code == 4009 || code == 4004 || code == 4010 || code == 4011 || code == 4012 ||
                       code == 4013 || code == 4014))
      c->session->invalidated = true;
    c->push(close_action(code, "Closed by a simulator fault."));
  }
  return conns.size();
}

std::size_t Gateway::fault_reconnect() {
  auto conns = live();
  for (auto& c : conns) c->push(send_action(gateway_payload(kReconnect, "null")));
  return conns.size();
}

std::size_t Gateway::fault_invalid_session(bool resumable) {
  auto conns = live();
  for (auto& c : conns) {
    if (!resumable && c->session) c->session->invalidated = true;
    c->push(send_action(gateway_payload(kInvalidSession, resumable ? "true" : "false")));
  }
  return conns.size();
}

std::size_t Gateway::fault_heartbeat_ack(bool ack) {
  auto conns = live();
  for (auto& c : conns) c->ack_heartbeats = ack;
  return conns.size();
}

}  // namespace dbot::sim
