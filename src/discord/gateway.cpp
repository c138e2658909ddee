#include "discord/gateway.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/address.hpp"
#include "core/error.hpp"
#include "core/spawn.hpp"
#include "discord/rest_client.hpp"
#include "net/websocket.hpp"

namespace dbot::discord {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string gateway_connect_url(const std::string& base, GatewayCompression compression) {
  std::string url = base;
  if (url.rfind("ws://", 0) == 0) {
    auto host = url.substr(5);
    host = host.substr(0, host.find_first_of("/?"));
    if (!host.empty() && host.front() == '[') {
      host = host.substr(1, host.find(']') - 1);
    } else if (auto colon = host.rfind(':'); colon != std::string::npos) {
      host = host.substr(0, colon);
    }
    if (!is_loopback_address(host)) {
      throw Error("The Discord gateway must use wss:// (plain ws:// is only allowed for loopback).",
                  "gateway: refusing plain ws:// to a non-loopback host");
    }
  } else if (url.rfind("wss://", 0) != 0) {
    throw Error("The Discord gateway URL must start with wss://.", "gateway: bad gateway URL scheme");
  }
  if (auto q = url.find('?'); q != std::string::npos) url.erase(q);
  if (url.back() != '/') url += '/';
  url += "?v=10&encoding=json";
  if (compression != GatewayCompression::none) url += "&compress=" + std::string(to_string(compression));
  return url;
}

struct Shard::Connection {
  std::shared_ptr<net::WebSocket> ws;
  asio::steady_timer heartbeat_timer;
  bool over = false;
  GatewaySendLimiter send_limiter;
  explicit Connection(asio::any_io_executor ex) : heartbeat_timer(std::move(ex)) {}
};

Shard::Shard(asio::any_io_executor executor, GatewayIdentity identity, GatewayCompression compression,
             std::shared_ptr<IdentifyLimiter> identify_limiter, DispatchHandler handler,
             ReconnectBackoff::Options backoff, milliseconds stable_after, GatewayDecoderLimits decoder_limits)
    : executor_(asio::make_strand(executor)),
      session_(std::move(identity)),
      compression_(compression),
      decoder_limits_(decoder_limits),
      identify_limiter_(std::move(identify_limiter)),
      handler_(std::move(handler)),
      backoff_(backoff),
      stable_after_(stable_after),
      rng_(std::random_device{}()) {}

Shard::~Shard() = default;

std::string Shard::failure() const { return failure_; }

asio::awaitable<void> Shard::sleep(milliseconds d) {
  asio::steady_timer timer(executor_, d);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

void Shard::stop() {
  stopping_ = true;
  asio::post(executor_, [this] {
    if (current_ && current_->ws && !current_->over) {
      current_->over = true;
      current_->heartbeat_timer.cancel();
      current_->ws->drop();
    }
  });
}

asio::awaitable<void> Shard::run(std::string gateway_url) {
  const auto shard = id();
  while (!stopping_) {
    state_ = connections_ == 0 ? ShardState::connecting : ShardState::reconnecting;
    const auto started = Clock::now();
    GatewaySession::CloseDecision decision;
    try {
      decision = co_await run_connection(gateway_connect_url(session_.connect_url(gateway_url), compression_));
    } catch (const Error& e) {
      if (std::string_view(e.operator_detail()).find("refusing plain ws://") != std::string_view::npos ||
          std::string_view(e.operator_detail()).find("bad gateway URL") != std::string_view::npos) {
        failure_ = e.user_message();
        spdlog::error("Shard {}: {}", shard, failure_);
        state_ = ShardState::failed;
        co_return;
      }
      spdlog::warn("Shard {}: connection failed: {}", shard, e.operator_detail());
      decision = session_.on_closed(std::nullopt);
    } catch (const std::exception& e) {
      spdlog::warn("Shard {}: connection failed: {}", shard, e.what());
      decision = session_.on_closed(std::nullopt);
    }
    if (stopping_) break;
    if (decision.end == SessionEnd::fatal) {
      failure_ = decision.message;
      spdlog::error("Shard {} stopped. {}", shard, decision.message);
      state_ = ShardState::failed;
      co_return;
    }
    if (Clock::now() - started >= stable_after_) backoff_.reset();
    auto delay = backoff_.next(rng_);
    if (decision.wait_before_identify) {
      std::uniform_int_distribution<int> pick(1000, 5000);
      delay = std::max(delay, milliseconds(pick(rng_)));
    }
    spdlog::info("Shard {}: {} in {} ms", shard, decision.end == SessionEnd::resume ? "resuming" : "reconnecting",
                 delay.count());
    state_ = ShardState::reconnecting;
    co_await sleep(delay);
  }
  state_ = ShardState::stopped;
}

asio::awaitable<void> Shard::send(Connection& conn, std::string payload, bool heartbeat) {
  for (;;) {
    auto wait = conn.send_limiter.try_send(heartbeat, Clock::now());
    if (!wait) break;
    co_await sleep(std::chrono::ceil<milliseconds>(*wait));
    if (conn.over) co_return;
  }
  co_await conn.ws->send_text(std::move(payload));
}

asio::awaitable<void> Shard::heartbeat_loop(std::shared_ptr<Connection> conn, milliseconds interval) {
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  auto delay = milliseconds(static_cast<std::int64_t>(static_cast<double>(interval.count()) * jitter(rng_)));
  for (;;) {
    conn->heartbeat_timer.expires_after(delay);
    boost::system::error_code ec;
    co_await conn->heartbeat_timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (conn->over) co_return;
    auto r = session_.on_heartbeat_due();
    if (r.close) {
      spdlog::warn("Shard {}: no heartbeat ACK since the last beat; reconnecting", id());
      conn->over = true;
      co_await conn->ws->close(*r.close);
      co_return;
    }
    try {
      for (auto& p : r.send) co_await send(*conn, std::move(p.json), p.op == GatewayOpcode::heartbeat);
    } catch (const std::exception&) {
      co_return;  // the read loop sees the broken connection
    }
    delay = interval;
  }
}

asio::awaitable<GatewaySession::CloseDecision> Shard::run_connection(std::string url) {
  session_.begin_connection();
  // A new session waits for its IDENTIFY slot before connecting. Waiting
  // after HELLO instead would stall this read loop: heartbeat ACKs would go
  // unread, the connection would be closed as a zombie before identifying,
  // and each retry would reserve yet another slot, so it never identified.
  bool identify_slot = false;
  if (!session_.can_resume()) {
    const auto wait = identify_limiter_->reserve(id(), Clock::now());
    if (wait > Clock::duration::zero()) co_await sleep(std::chrono::ceil<milliseconds>(wait));
    identify_slot = true;
    if (stopping_) co_return session_.on_closed(std::nullopt);
  }
  auto conn = std::make_shared<Connection>(executor_);
  conn->ws = co_await net::connect_websocket(url);
  current_ = conn;
  ++connections_;
  if (stopping_) conn->ws->drop();
  auto decoder = make_gateway_decoder(compression_, decoder_limits_);
  std::string text;
  bool heartbeating = false;
  try {
    while (auto msg = co_await conn->ws->read()) {
      if (!decoder->feed(msg->data, text)) continue;
      auto payload = parse_gateway_payload(text);
      auto r = session_.on_payload(payload);
      if (r.heartbeat_interval && !heartbeating) {
        heartbeating = true;
        spawn(executor_, heartbeat_loop(conn, *r.heartbeat_interval), "Gateway heartbeat");
      }
      for (auto& p : r.send) co_await send(*conn, std::move(p.json), p.op == GatewayOpcode::heartbeat);
      if (r.identify) {
        if (!identify_slot) {
          const auto wait = identify_limiter_->reserve(id(), Clock::now());
          if (wait > Clock::duration::zero()) co_await sleep(std::chrono::ceil<milliseconds>(wait));
        }
        identify_slot = false;
        co_await send(*conn, session_.identify_payload(), false);
      }
      if (r.ready) {
        state_ = ShardState::connected;
        spdlog::info("Shard {}: ready (new session)", id());
      } else if (r.resumed) {
        state_ = ShardState::connected;
        spdlog::info("Shard {}: resumed", id());
      }
      if (r.dispatch) {
        Dispatch d{id(), std::move(payload.t), payload.s.value_or(0), std::move(payload.d)};
        try {
          co_await handler_(d);
        } catch (const std::exception& e) {
          spdlog::error("Shard {}: handler failed on {}: {}", id(), d.name, e.what());
        }
      }
      if (r.close) {
        conn->over = true;
        conn->heartbeat_timer.cancel();
        co_await conn->ws->close(*r.close);
        break;
      }
    }
  } catch (const std::exception& e) {
    spdlog::warn("Shard {}: dropping the connection: {}", id(), e.what());
    conn->ws->drop();
  }
  conn->over = true;
  conn->heartbeat_timer.cancel();
  const auto code = conn->ws->close_code();
  current_.reset();
  co_return session_.on_closed(code);
}

std::vector<unsigned> shards_to_run(const std::vector<unsigned>& configured, unsigned shard_count) {
  std::vector<unsigned> ids;
  if (configured.empty()) {
    for (unsigned id = 0; id < shard_count; ++id) ids.push_back(id);
    return ids;
  }
  for (const unsigned id : configured) {
    if (id >= shard_count) {
      throw Error(
          "SHARD_IDS lists shard " + std::to_string(id) + ", outside SHARD_COUNT=" + std::to_string(shard_count) + ".",
          "gateway: shard id out of range");
    }
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

namespace {

// "0..3" for a contiguous run, else "0,2,5".
std::string describe_shards(const std::vector<unsigned>& ids) {
  if (ids.empty()) return "none";
  bool contiguous = true;
  for (std::size_t i = 1; i < ids.size(); ++i) contiguous = contiguous && ids[i] == ids[i - 1] + 1;
  if (contiguous) return std::to_string(ids.front()) + ".." + std::to_string(ids.back());
  std::string out;
  for (const unsigned id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

}  // namespace

GatewayClient::GatewayClient(asio::any_io_executor executor, GatewayOptions options, RestClient& rest,
                             DispatchHandler handler)
    : executor_(std::move(executor)), options_(std::move(options)), rest_(rest), handler_(std::move(handler)) {}

GatewayClient::~GatewayClient() = default;

asio::awaitable<void> GatewayClient::run() {
  auto info = co_await rest_.get_gateway_bot();
  shard_count_ = options_.shard_count.value_or(info.shards);
  if (shard_count_ == 0) shard_count_ = 1;
  const auto ids = shards_to_run(options_.shard_ids, shard_count_);
  const auto mine = static_cast<unsigned>(ids.size());
  if (info.session_start_remaining < mine) {
    spdlog::warn("Discord allows {} more new sessions until its daily limit resets in {} s; waiting",
                 info.session_start_remaining, info.session_start_reset_after.count() / 1000);
    asio::steady_timer timer(executor_, info.session_start_reset_after);
    co_await timer.async_wait(asio::use_awaitable);
  }
  auto limiter = std::make_shared<IdentifyLimiter>(info.max_concurrency);
  spdlog::info("Gateway: {} shard(s) total, running {}, compression {}", shard_count_, describe_shards(ids),
               to_string(options_.compression));

  using Done = asio::experimental::channel<void(boost::system::error_code)>;
  auto done = std::make_shared<Done>(executor_, mine);
  for (const unsigned id : ids) {
    GatewayIdentity identity{options_.token, options_.intents, id, shard_count_, options_.presence_json, 250};
    shards_.push_back(std::make_unique<Shard>(executor_, std::move(identity), options_.compression, limiter, handler_,
                                              options_.backoff, options_.stable_after, options_.decoder_limits));
    auto* shard = shards_.back().get();
    asio::co_spawn(executor_, shard->run(info.url), [this, done, shard, id](std::exception_ptr error) {
      dbot::detail::log_escaped("Shard " + std::to_string(id), error);
      if (shard->state() == ShardState::failed) stop();
      done->try_send(boost::system::error_code{});
    });
  }
  for (unsigned i = 0; i < mine; ++i) {
    boost::system::error_code ec;
    co_await done->async_receive(asio::redirect_error(asio::use_awaitable, ec));
  }
}

void GatewayClient::stop() {
  for (auto& s : shards_) s->stop();
}

std::string GatewayClient::fatal_failure() const {
  for (const auto& s : shards_) {
    if (s->state() == ShardState::failed) return s->failure();
  }
  return {};
}

std::vector<ShardState> GatewayClient::shard_states() const {
  std::vector<ShardState> out;
  for (const auto& s : shards_) out.push_back(s->state());
  return out;
}

}  // namespace dbot::discord
