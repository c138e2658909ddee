#include "discord/gateway_session.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/error.hpp"

namespace dbot::discord {

std::optional<std::chrono::milliseconds> hello_heartbeat_interval(const boost::json::value& d) {
  if (!d.is_object()) return std::nullopt;
  const auto* hb = d.as_object().if_contains("heartbeat_interval");
  if (!hb || !hb->is_number()) return std::nullopt;
  const double value = hb->to_number<double>();
  // Discord sends about 41 s; anything outside 100 ms..10 min is not a real HELLO.
  if (!(value >= 100.0 && value <= 600000.0)) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(value));
}

namespace json = boost::json;

GatewayPayload parse_gateway_payload(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !v.is_object()) throw Error("Discord sent something unexpected.", "gateway: malformed payload");
  auto& o = v.as_object();
  GatewayPayload p;
  if (auto* op = o.if_contains("op"); op && op->is_int64()) p.op = static_cast<int>(op->as_int64());
  if (auto* s = o.if_contains("s"); s && s->is_int64()) p.s = s->as_int64();
  if (auto* t = o.if_contains("t"); t && t->is_string()) p.t = std::string(t->as_string());
  if (auto* d = o.if_contains("d")) p.d = std::move(*d);
  return p;
}

GatewaySession::GatewaySession(GatewayIdentity identity) : identity_(std::move(identity)) {}

void GatewaySession::begin_connection() {
  awaiting_ack_ = false;
  pending_end_.reset();
  resuming_ = false;
}

std::string GatewaySession::connect_url(const std::string& gateway_url) const {
  return can_resume() && !resume_url_.empty() ? resume_url_ : gateway_url;
}

void GatewaySession::forget_session() {
  session_id_.clear();
  resume_url_.clear();
  seq_.reset();
}

std::optional<std::string> GatewaySession::fatal_reason(std::uint16_t code) {
  switch (code) {
    case 4004:
      return std::string(
          "Discord rejected the bot token (close code 4004): the token is wrong or was reset; put the current token "
          "from the developer portal into DISCORD_TOKEN.");
    case 4010:
      return std::string(
          "Discord rejected the shard settings (close code 4010): check SHARD_COUNT and SHARD_IDS, or leave them "
          "unset to use Discord's recommendation.");
    case 4011:
      return std::string(
          "Discord requires sharding for this bot (close code 4011): set SHARD_COUNT, or leave it unset to use "
          "Discord's recommendation.");
    case 4012:
      return std::string("Discord rejected the gateway API version (close code 4012): this build is out of date.");
    case 4013:
      return std::string("Discord rejected the gateway intents (close code 4013): this build sent invalid intents.");
    case 4014:
      return std::string(
          "Discord refused privileged intents (close code 4014): enable the Message Content and Server Members "
          "intents for this bot in the Discord developer portal (Bot page).");
    default: return std::nullopt;
  }
}

GatewaySession::Reaction GatewaySession::on_payload(const GatewayPayload& p) {
  Reaction r;
  switch (static_cast<GatewayOpcode>(p.op)) {
    case GatewayOpcode::dispatch: {
      if (p.s) seq_ = p.s;
      if (p.t == "READY" && p.d.is_object()) {
        const auto& d = p.d.as_object();
        if (auto* id = d.if_contains("session_id"); id && id->is_string()) session_id_ = std::string(id->as_string());
        if (auto* url = d.if_contains("resume_gateway_url"); url && url->is_string()) {
          resume_url_ = std::string(url->as_string());
        }
        r.ready = true;
      } else if (p.t == "RESUMED") {
        r.resumed = true;
      }
      r.dispatch = true;
      break;
    }
    case GatewayOpcode::heartbeat:  // the server asks for a heartbeat now
      r.send.push_back({GatewayOpcode::heartbeat, heartbeat_payload()});
      break;
    case GatewayOpcode::reconnect:
      pending_end_ = CloseDecision{can_resume() ? SessionEnd::resume : SessionEnd::new_session, {}, false};
      r.close = kResumeCloseCode;
      break;
    case GatewayOpcode::invalid_session: {  // d says whether it can be resumed
      const bool resumable = p.d.is_bool() && p.d.as_bool() && can_resume();
      if (resumable) {
        pending_end_ = CloseDecision{SessionEnd::resume, {}, false};
        r.close = kResumeCloseCode;
      } else {
        forget_session();
        pending_end_ = CloseDecision{SessionEnd::new_session, {}, true};
        r.close = kNewSessionCloseCode;
      }
      break;
    }
    case GatewayOpcode::hello: {
      const auto interval = hello_heartbeat_interval(p.d);
      if (!interval) {
        // Garbage (NaN, negative, absurd, missing): the double→integer cast
        // was undefined. Drop this connection, keep the session for RESUME.
        pending_end_ = CloseDecision{can_resume() ? SessionEnd::resume : SessionEnd::new_session, {}, false};
        r.close = kResumeCloseCode;
        break;
      }
      r.heartbeat_interval = *interval;
      awaiting_ack_ = false;
      if (can_resume()) {
        resuming_ = true;
        r.send.push_back({GatewayOpcode::resume, resume_payload()});
      } else {
        r.identify = true;
      }
      break;
    }
    case GatewayOpcode::heartbeat_ack:
      if (awaiting_ack_) {
        latency_ = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - last_beat_);
      }
      awaiting_ack_ = false;
      break;
    default: break;
  }
  return r;
}

GatewaySession::Reaction GatewaySession::on_heartbeat_due() {
  Reaction r;
  if (awaiting_ack_) {
    // No ACK since the last beat: the connection is a zombie. Close with a
    // code other than 1000/1001 so that the session survives, then resume.
    pending_end_ = CloseDecision{can_resume() ? SessionEnd::resume : SessionEnd::new_session, {}, false};
    r.close = kResumeCloseCode;
    return r;
  }
  awaiting_ack_ = true;
  last_beat_ = Clock::now();
  r.send.push_back({GatewayOpcode::heartbeat, heartbeat_payload()});
  return r;
}

GatewaySession::CloseDecision GatewaySession::on_closed(std::optional<std::uint16_t> code) {
  awaiting_ack_ = false;
  if (pending_end_) {
    auto decision = std::move(*pending_end_);
    pending_end_.reset();
    return decision;
  }
  if (code) {
    if (auto reason = fatal_reason(*code)) return CloseDecision{SessionEnd::fatal, std::move(*reason), false};
    if (*code == 4007 || *code == 4009) {
      // Invalid sequence / session timed out: start over.
      forget_session();
      return CloseDecision{SessionEnd::new_session, {}, false};
    }
  }
  // 4000-4003, 4005, 4008, any other code, or a drop without a close frame.
  return CloseDecision{can_resume() ? SessionEnd::resume : SessionEnd::new_session, {}, false};
}

std::string GatewaySession::identify_payload() const {
  json::object d;
  d["token"] = identity_.token;
  d["intents"] = identity_.intents;
  d["properties"] = json::object{{"os", "linux"}, {"browser", "discord-bot"}, {"device", "discord-bot"}};
  d["shard"] = json::array{identity_.shard_id, identity_.shard_count};
  d["large_threshold"] = identity_.large_threshold;
  if (!identity_.presence_json.empty()) {
    boost::system::error_code ec;
    auto presence = json::parse(identity_.presence_json, ec);
    if (!ec && presence.is_object()) d["presence"] = std::move(presence);
  }
  return json::serialize(json::object{{"op", 2}, {"d", std::move(d)}});
}

std::string GatewaySession::resume_payload() const {
  json::object d;
  d["token"] = identity_.token;
  d["session_id"] = session_id_;
  if (seq_) {
    d["seq"] = *seq_;
  } else {
    d["seq"] = nullptr;
  }
  return json::serialize(json::object{{"op", 6}, {"d", std::move(d)}});
}

std::string GatewaySession::heartbeat_payload() const {
  json::object o;
  o["op"] = 1;
  if (seq_) {
    o["d"] = *seq_;
  } else {
    o["d"] = nullptr;
  }
  return json::serialize(o);
}

}  // namespace dbot::discord
