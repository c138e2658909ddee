#pragma once
// The gateway client: one Shard per WebSocket, driven by GatewaySession, and
// a GatewayClient that decides the shard count and runs this process's
// shards. Dispatches are handed to the handler in order per shard, with the
// payload's `d` parsed once and moved into the Dispatch.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include "discord/gateway_compression.hpp"
#include "discord/gateway_limits.hpp"
#include "discord/gateway_session.hpp"

namespace dbot::discord {

class RestClient;

struct Dispatch {
  unsigned shard_id = 0;
  std::string name;  // "MESSAGE_CREATE"
  std::int64_t sequence = 0;
  boost::json::value data;  // the payload's `d`
};

using DispatchHandler = std::function<boost::asio::awaitable<void>(Dispatch&)>;

struct GatewayOptions {
  std::string token;  // never logged
  std::uint64_t intents = 0;
  GatewayCompression compression = GatewayCompression::zlib_stream;
  GatewayDecoderLimits decoder_limits{};  // decompression-bomb bounds per payload
  std::optional<unsigned> shard_count;    // SHARD_COUNT; default from /gateway/bot
  std::vector<unsigned> shard_ids;        // SHARD_IDS: exactly these shards run; empty: all of shard_count
  std::string presence_json;
  ReconnectBackoff::Options backoff{};
  std::chrono::milliseconds stable_after{std::chrono::seconds(60)};  // a session this old resets the backoff
};

enum class ShardState { idle, connecting, connected, reconnecting, stopped, failed };

class Shard {
 public:
  Shard(boost::asio::any_io_executor executor, GatewayIdentity identity, GatewayCompression compression,
        std::shared_ptr<IdentifyLimiter> identify_limiter, DispatchHandler handler, ReconnectBackoff::Options backoff,
        std::chrono::milliseconds stable_after, GatewayDecoderLimits decoder_limits = {});
  ~Shard();

  // Connects and keeps the shard connected until stop() or a fatal close.
  boost::asio::awaitable<void> run(std::string gateway_url);
  void stop();

  ShardState state() const { return state_.load(); }
  unsigned id() const { return session_.identity().shard_id; }
  // The operator sentence of a fatal close, once failed.
  std::string failure() const;
  std::uint64_t connections() const { return connections_.load(); }

 private:
  struct Connection;
  boost::asio::awaitable<GatewaySession::CloseDecision> run_connection(std::string url);
  boost::asio::awaitable<void> heartbeat_loop(std::shared_ptr<Connection> conn, std::chrono::milliseconds interval);
  boost::asio::awaitable<void> send(Connection& conn, std::string payload, bool heartbeat);
  boost::asio::awaitable<void> sleep(std::chrono::milliseconds d);

  boost::asio::any_io_executor executor_;
  GatewaySession session_;
  GatewayCompression compression_;
  GatewayDecoderLimits decoder_limits_;
  std::shared_ptr<IdentifyLimiter> identify_limiter_;
  DispatchHandler handler_;
  ReconnectBackoff backoff_;
  std::chrono::milliseconds stable_after_;
  std::mt19937_64 rng_;
  std::atomic<ShardState> state_{ShardState::idle};
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> connections_{0};
  std::shared_ptr<Connection> current_;
  std::string failure_;
};

// Builds the gateway URL with version, encoding and compression; throws
// dbot::Error for ws:// to a host that is not loopback.
std::string gateway_connect_url(const std::string& base, GatewayCompression compression);

// The shard ids this process runs: `configured` (SHARD_IDS) as listed, or
// every shard of `shard_count` when it is empty. Throws dbot::Error when an
// id is not below shard_count.
std::vector<unsigned> shards_to_run(const std::vector<unsigned>& configured, unsigned shard_count);

class GatewayClient {
 public:
  GatewayClient(boost::asio::any_io_executor executor, GatewayOptions options, RestClient& rest,
                DispatchHandler handler);
  ~GatewayClient();

  // Fetches /gateway/bot, starts this process's shards (identify buckets
  // honoured) and returns when every shard has stopped.
  boost::asio::awaitable<void> run();
  void stop();

  std::vector<ShardState> shard_states() const;
  unsigned shard_count() const { return shard_count_; }
  // The operator sentence of the first shard Discord refused for good
  // (4004, 4010-4014); empty while none has. One such shard stops the rest:
  // those closes mean the configuration is wrong, and retrying cannot help.
  std::string fatal_failure() const;

 private:
  boost::asio::any_io_executor executor_;
  GatewayOptions options_;
  RestClient& rest_;
  DispatchHandler handler_;
  std::vector<std::unique_ptr<Shard>> shards_;
  unsigned shard_count_ = 0;
};

}  // namespace dbot::discord
