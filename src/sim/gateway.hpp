#pragma once
// The gateway's protocol logic, free of sockets: HELLO, IDENTIFY (token,
// intents, shard), READY and GUILD_CREATE, heartbeats, dispatches with
// increasing sequence numbers, per-session replay buffers for RESUME,
// INVALID SESSION, RECONNECT, the 120-sends-per-60-s limit, intents
// filtering (MESSAGE_CONTENT) and shard routing. The socket layer feeds
// client messages in and drains each connection's outbox.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/world.hpp"

namespace boost::json {
class object;
}

namespace dbot::sim {

namespace intents {
inline constexpr std::uint64_t kGuilds = 1ULL << 0;
inline constexpr std::uint64_t kGuildMembers = 1ULL << 1;
inline constexpr std::uint64_t kGuildModeration = 1ULL << 2;
inline constexpr std::uint64_t kGuildExpressions = 1ULL << 3;
inline constexpr std::uint64_t kGuildWebhooks = 1ULL << 5;
inline constexpr std::uint64_t kGuildInvites = 1ULL << 6;
inline constexpr std::uint64_t kGuildVoiceStates = 1ULL << 7;
inline constexpr std::uint64_t kGuildPresences = 1ULL << 8;
inline constexpr std::uint64_t kGuildMessages = 1ULL << 9;
inline constexpr std::uint64_t kGuildMessageReactions = 1ULL << 10;
inline constexpr std::uint64_t kGuildMessageTyping = 1ULL << 11;
inline constexpr std::uint64_t kDirectMessages = 1ULL << 12;
inline constexpr std::uint64_t kDirectMessageReactions = 1ULL << 13;
inline constexpr std::uint64_t kDirectMessageTyping = 1ULL << 14;
inline constexpr std::uint64_t kMessageContent = 1ULL << 15;
// Every intent bit Discord defines (0-16, 20, 21, 24, 25).
inline constexpr std::uint64_t kValid = ((1ULL << 17) - 1) | (1ULL << 20) | (1ULL << 21) | (1ULL << 24) | (1ULL << 25);
}  // namespace intents

struct GatewayConfig {
  std::vector<std::string> tokens{"sim-bot-token"};
  std::uint64_t disallowed_intents = 0;
  std::chrono::milliseconds heartbeat_interval{41250};
  std::string resume_gateway_url = "ws://127.0.0.1";
  std::size_t max_receives_per_window = 120;
  std::chrono::milliseconds receive_window{60000};
  std::size_t max_payload_bytes = 4096;
  std::size_t replay_buffer_size = 5000;
};

struct GatewayAction {
  enum class Kind { send, close, drop };
  Kind kind = Kind::send;
  std::string text;        // send: the JSON payload
  std::uint16_t code = 0;  // close: the close code
  std::string reason;
};

class GatewayConnection;

// An identified session; outlives its connection so that RESUME can find it.
struct GatewaySession {
  std::string id;
  Id user_id = 0;
  std::uint64_t intents = 0;
  unsigned shard_id = 0;
  unsigned shard_count = 1;
  std::int64_t seq = 0;
  std::deque<std::pair<std::int64_t, std::string>> replay;  // (s, payload) of every dispatch
  GatewayConnection* connection = nullptr;
  bool invalidated = false;
};

class GatewayConnection {
 public:
  using SteadyClock = std::chrono::steady_clock;

  std::deque<GatewayAction> outbox;
  // Called whenever something was queued (the socket layer wakes its writer).
  std::function<void()> notify;
  std::shared_ptr<GatewaySession> session;
  bool ack_heartbeats = true;
  bool finished = false;  // a close or drop was queued; nothing more is sent
  std::deque<SteadyClock::time_point> receives;
  std::uint64_t heartbeats_received = 0;

  GatewayConnection() = default;
  GatewayConnection(const GatewayConnection&) = delete;
  GatewayConnection& operator=(const GatewayConnection&) = delete;
  // Detaches its session so that the session never points at a dead connection.
  ~GatewayConnection();

  void push(GatewayAction action);
};

class Gateway {
 public:
  using SteadyClock = std::chrono::steady_clock;

  struct Event {
    std::string name;
    std::optional<Id> guild_id;    // none: DMs and global events (shard 0)
    std::uint64_t intents = 0;     // any of these bits delivers it; 0: always
    std::string data;              // JSON text of `d`
    bool message_content = false;  // strip content unless MESSAGE_CONTENT or mentioned
  };

  Gateway(World& world, GatewayConfig config);

  const GatewayConfig& config() const { return config_; }
  void set_resume_gateway_url(std::string url) { config_.resume_gateway_url = std::move(url); }

  // A new connection; HELLO is already in its outbox.
  std::shared_ptr<GatewayConnection> open();
  void receive(GatewayConnection& connection, std::string_view text, SteadyClock::time_point now = SteadyClock::now());
  // The socket is gone; `client_close_code` is the code the client sent, if any.
  void closed(GatewayConnection& connection, std::optional<std::uint16_t> client_close_code);

  void dispatch(const Event& event);

  // Faults, applied to every open connection; each returns how many it touched.
  std::size_t fault_disconnect();
  std::size_t fault_close(std::uint16_t code);
  std::size_t fault_reconnect();
  std::size_t fault_invalid_session(bool resumable);
  std::size_t fault_heartbeat_ack(bool ack);

  const std::map<std::string, std::shared_ptr<GatewaySession>>& sessions() const { return sessions_; }
  std::size_t open_connections() const;

 private:
  const boost::json::object* authenticated_data(GatewayConnection& c, const void* payload);
  void identify(GatewayConnection& c, const void* payload);
  void resume(GatewayConnection& c, const void* payload);
  void request_members(GatewayConnection& c, const void* payload);
  // Sequences, buffers and (if attached) sends a dispatch to one session.
  void deliver(GatewaySession& s, const std::string& name, const std::string& data_json);
  std::vector<std::shared_ptr<GatewayConnection>> live();

  World& world_;
  GatewayConfig config_;
  std::map<std::string, std::shared_ptr<GatewaySession>> sessions_;
  std::vector<std::weak_ptr<GatewayConnection>> connections_;
};

// Serialises an op payload: {"op":op,"d":d,"s":null,"t":null}; `d_json` is raw JSON.
std::string gateway_payload(int op, std::string_view d_json);

}  // namespace dbot::sim
