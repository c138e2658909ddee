#pragma once
// Our Discord client library (GatewayClient, RestClient, Cache) against an
// in-process Simulator on 127.0.0.1. One io_context thread runs both sides;
// the test thread drives the simulator's control API over HTTP and waits,
// always with a bound, for what the dispatch handler recorded.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/value.hpp>

#include "discord/cache.hpp"
#include "discord/gateway.hpp"
#include "discord/rest_client.hpp"
#include "net/http.hpp"
#include "net/http_client.hpp"
#include "sim/simulator.hpp"

namespace dbot::discord::e2e {

// One dispatch as the handler saw it.
struct Seen {
  std::size_t client = 0;  // which start_gateway() call
  unsigned shard = 0;
  std::string name;
  std::int64_t sequence = 0;
  std::string content;   // MESSAGE_CREATE's content
  std::string guild_id;  // the payload's guild_id (or id for GUILD_CREATE)
  std::string data;      // `d` serialised
};

class ClientFixture {
 public:
  ClientFixture(sim::Simulator::Options sim_options, RestOptions rest_options);
  ~ClientFixture();
  ClientFixture(const ClientFixture&) = delete;
  ClientFixture& operator=(const ClientFixture&) = delete;

  // Simulator options most tests want: 300 ms heartbeats.
  static sim::Simulator::Options fast_sim();
  // RestOptions pointing at the simulator (the api base is filled in later).
  static RestOptions rest_defaults();
  // Gateway options with short reconnect backoff.
  static GatewayOptions gateway_defaults();

  // Starts a GatewayClient (an empty token becomes the simulator's) and
  // returns its index (Seen::client).
  std::size_t start_gateway(GatewayOptions options);
  // Stops every GatewayClient and waits (bounded) for their run() to return.
  void stop_gateways();
  // True once the first GatewayClient's run() returned, within `timeout`.
  bool gateway_finished(std::chrono::milliseconds timeout);
  std::vector<ShardState> shard_states();

  // Runs `task` on the io thread; throws when it takes longer than `limit`.
  template <class T>
  T run(boost::asio::awaitable<T> task, std::chrono::seconds limit = std::chrono::seconds(60)) {
    auto future = boost::asio::co_spawn(io_, std::move(task), boost::asio::use_future);
    if (future.wait_for(limit) != std::future_status::ready) {
      throw std::runtime_error("test step timed out");
    }
    return future.get();
  }

  // A control-API or REST call to the simulator (not through RestClient).
  net::HttpResponse sim_http(const std::string& method, const std::string& path, const std::string& body = {});
  // POST /_sim/faults; returns how many connections it applied to.
  std::int64_t fault(const std::string& json);
  // A user says `content` in `channel` (MESSAGE_CREATE).
  void say(sim::Id channel, sim::Id author, const std::string& content);
  // GET /_sim/requests → the count for one route ("GET /users/@me").
  std::uint64_t requests(const std::string& route);
  // IDENTIFYs the simulator accepted (sessions in /_sim/state).
  std::size_t sessions();
  // Open gateway connections (GET /_sim/faults).
  std::int64_t open_connections();

  // Waits until `pred(seen)` holds; false after `timeout`.
  bool wait_for(const std::function<bool(const std::vector<Seen>&)>& pred,
                std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Waits for a MESSAGE_CREATE with this content.
  bool wait_for_message(const std::string& content, std::chrono::milliseconds timeout = std::chrono::seconds(15));
  std::vector<Seen> seen();
  // MESSAGE_CREATE contents in delivery order.
  std::vector<std::string> messages(std::size_t client = 0);
  std::size_t count(const std::string& name);

  // Log lines at warn level or above since the fixture started.
  std::vector<std::string> log_lines();

  sim::Simulator& sim() { return *sim_; }
  RestClient& rest() { return *rest_; }
  Cache& cache() { return cache_; }
  template <class F>
  auto world(F&& f) {
    return sim_->with_world(std::forward<F>(f));
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log_sink_;
  std::unique_ptr<sim::Simulator> sim_;
  std::shared_ptr<net::HttpClient> http_;
  std::unique_ptr<RestClient> rest_;
  struct Running {
    std::unique_ptr<GatewayClient> client;
    std::future<void> done;
  };
  std::vector<Running> gateways_;
  Cache cache_;
  std::thread thread_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Seen> seen_;
};

}  // namespace dbot::discord::e2e
