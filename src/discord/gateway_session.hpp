#pragma once
// The gateway protocol of one shard as a state machine with no sockets: the
// connection loop feeds it decoded payloads, heartbeat ticks and closes, and
// carries out the Reaction it returns (send, identify, close, dispatch).
// This is where resume-vs-identify-vs-stop is decided, so it is unit-tested
// for every opcode and close code.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace dbot::discord {

// Gateway opcodes (Discord's "Gateway Opcodes" table).
enum class GatewayOpcode : int {
  dispatch = 0,
  heartbeat = 1,
  identify = 2,
  presence_update = 3,
  voice_state_update = 4,
  resume = 6,
  reconnect = 7,
  request_guild_members = 8,
  invalid_session = 9,
  hello = 10,
  heartbeat_ack = 11,
};

// A payload to send, tagged with its opcode: the send path paces by what a
// payload is (heartbeats skip the send budget), never by searching its text.
struct OutgoingPayload {
  GatewayOpcode op;
  std::string json;
};

struct GatewayPayload {
  int op = -1;  // the wire value; compare with GatewayOpcode
  std::optional<std::int64_t> s;
  std::string t;
  boost::json::value d;
};

// Parses one gateway message; throws dbot::Error on malformed JSON.
GatewayPayload parse_gateway_payload(std::string_view text);

namespace intents {
inline constexpr std::uint64_t guilds = 1 << 0;
inline constexpr std::uint64_t guild_members = 1 << 1;
inline constexpr std::uint64_t guild_moderation = 1 << 2;
inline constexpr std::uint64_t guild_expressions = 1 << 3;
inline constexpr std::uint64_t guild_integrations = 1 << 4;
inline constexpr std::uint64_t guild_webhooks = 1 << 5;
inline constexpr std::uint64_t guild_invites = 1 << 6;
inline constexpr std::uint64_t guild_voice_states = 1 << 7;
inline constexpr std::uint64_t guild_presences = 1 << 8;
inline constexpr std::uint64_t guild_messages = 1 << 9;
inline constexpr std::uint64_t guild_message_reactions = 1 << 10;
inline constexpr std::uint64_t guild_message_typing = 1 << 11;
inline constexpr std::uint64_t direct_messages = 1 << 12;
inline constexpr std::uint64_t direct_message_reactions = 1 << 13;
inline constexpr std::uint64_t direct_message_typing = 1 << 14;
inline constexpr std::uint64_t message_content = 1 << 15;
inline constexpr std::uint64_t guild_scheduled_events = 1 << 16;
}  // namespace intents

struct GatewayIdentity {
  std::string token;  // never logged
  std::uint64_t intents = 0;
  unsigned shard_id = 0;
  unsigned shard_count = 1;
  std::string presence_json;  // an update-presence object, or empty
  unsigned large_threshold = 250;
};

enum class SessionEnd {
  resume,       // reconnect to resume_gateway_url and RESUME
  new_session,  // reconnect to the gateway URL and IDENTIFY
  fatal,        // stop this shard: the operator has to fix something
};

// HELLO's heartbeat_interval when it is a number from 100 ms to 10 min;
// nullopt for anything else (the connection is then dropped and resumed).
std::optional<std::chrono::milliseconds> hello_heartbeat_interval(const boost::json::value& d);

class GatewaySession {
 public:
  using Clock = std::chrono::steady_clock;

  struct Reaction {
    std::vector<OutgoingPayload> send;  // payloads to send now, in order
    bool identify = false;              // send identify_payload() once the identify limiter allows
    std::optional<std::chrono::milliseconds> heartbeat_interval;  // HELLO: start beating
    bool dispatch = false;                                        // deliver this payload to the handler
    bool ready = false;                                           // READY arrived (new session)
    bool resumed = false;                                         // RESUMED arrived
    std::optional<std::uint16_t> close;                           // close with this code, then end the connection
  };

  struct CloseDecision {
    SessionEnd end = SessionEnd::resume;
    std::string message;                // for fatal: one plain sentence for the operator
    bool wait_before_identify = false;  // op 9: Discord asks for 1-5 s before IDENTIFY
  };

  explicit GatewaySession(GatewayIdentity identity);

  // A new WebSocket is about to be opened.
  void begin_connection();
  // Which URL to connect to: the resume URL when resuming, else `gateway_url`.
  std::string connect_url(const std::string& gateway_url) const;

  Reaction on_payload(const GatewayPayload& payload);
  // The heartbeat timer fired: beat, or detect a zombie connection.
  Reaction on_heartbeat_due();
  // The connection ended; `code` is the peer's close code (nullopt: dropped).
  CloseDecision on_closed(std::optional<std::uint16_t> code);

  std::string identify_payload() const;
  std::string resume_payload() const;
  std::string heartbeat_payload() const;

  bool can_resume() const { return !session_id_.empty(); }
  const std::string& session_id() const { return session_id_; }
  const std::string& resume_url() const { return resume_url_; }
  std::optional<std::int64_t> sequence() const { return seq_; }
  bool awaiting_ack() const { return awaiting_ack_; }
  std::optional<std::chrono::milliseconds> latency() const { return latency_; }
  const GatewayIdentity& identity() const { return identity_; }

  // Close code we use to drop a connection while keeping the session.
  static constexpr std::uint16_t kResumeCloseCode = 4000;
  // Close code we use when the session is over anyway.
  static constexpr std::uint16_t kNewSessionCloseCode = 1000;

  // Fatal close codes and the sentence logged for each; nullopt if not fatal.
  static std::optional<std::string> fatal_reason(std::uint16_t code);

 private:
  void forget_session();

  GatewayIdentity identity_;
  std::string session_id_;
  std::string resume_url_;
  std::optional<std::int64_t> seq_;
  bool awaiting_ack_ = false;
  Clock::time_point last_beat_{};
  std::optional<std::chrono::milliseconds> latency_;
  std::optional<CloseDecision> pending_end_;  // decided by us before closing
  bool resuming_ = false;                     // this connection sent RESUME
};

}  // namespace dbot::discord
