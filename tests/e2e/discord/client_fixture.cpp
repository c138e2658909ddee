// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "e2e/discord/client_fixture.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

namespace dbot::discord::e2e {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string string_field(const json::object& o, const char* key) {
  if (auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->as_string());
  return {};
}

}  // namespace

ClientFixture::ClientFixture(sim::Simulator::Options sim_options, RestOptions rest_options)
    : guard_(asio::make_work_guard(io_)), log_sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)) {
  // Only this fixture's io thread logs while the sink is attached.
  log_sink_->set_level(spdlog::level::warn);
  spdlog::default_logger()->sinks().push_back(log_sink_);
  sim_ = std::make_unique<sim::Simulator>(io_.get_executor(), std::move(sim_options));
  sim_->start();
  http_ = std::make_shared<net::HttpClient>(io_.get_executor(), net::HttpClient::Options{});
  rest_options.api_base = sim_->api_url();
  if (rest_options.token.empty()) rest_options.token = "sim-bot-token";
  rest_ = std::make_unique<RestClient>(io_.get_executor(), std::move(rest_options), make_http_transport(http_));
  thread_ = std::thread([this] { io_.run(); });
}

ClientFixture::~ClientFixture() {
  stop_gateways();
  asio::post(io_, [this] { sim_->stop(); });
  guard_.reset();
  std::this_thread::sleep_for(50ms);
  io_.stop();
  thread_.join();
  auto& sinks = spdlog::default_logger()->sinks();
  std::erase(sinks, log_sink_);
}

sim::Simulator::Options ClientFixture::fast_sim() {
  sim::Simulator::Options o;
  o.heartbeat_interval = 300ms;
  return o;
}

RestOptions ClientFixture::rest_defaults() {
  RestOptions o;
  o.retry_base = 50ms;
  o.timeout = 5000ms;
  return o;
}

GatewayOptions ClientFixture::gateway_defaults() {
  GatewayOptions o;
  o.intents = intents::guilds | intents::guild_messages | intents::message_content;
  o.compression = GatewayCompression::zlib_stream;
  // The first reconnect waits 100-200 ms: long enough for the test to post
  // messages while the shard is away, short enough to keep tests quick.
  o.backoff = ReconnectBackoff::Options{200ms, 400ms, 100ms};
  return o;
}

std::size_t ClientFixture::start_gateway(GatewayOptions options) {
  if (options.token.empty()) options.token = "sim-bot-token";
  const std::size_t index = gateways_.size();
  DispatchHandler handler = [this, index](Dispatch& d) -> asio::awaitable<void> {
    Seen s;
    s.client = index;
    s.shard = d.shard_id;
    s.name = d.name;
    s.sequence = d.sequence;
    if (d.data.is_object()) {
      const auto& o = d.data.as_object();
      s.content = string_field(o, "content");
      s.guild_id = d.name == "GUILD_CREATE" ? string_field(o, "id") : string_field(o, "guild_id");
    }
    s.data = json::serialize(d.data);
    if (index == 0) cache_.apply(event_named(d.name), d.data);
    {
      std::lock_guard lock(mutex_);
      seen_.push_back(std::move(s));
    }
    changed_.notify_all();
    co_return;
  };
  Running running;
  running.client = std::make_unique<GatewayClient>(io_.get_executor(), std::move(options), *rest_, std::move(handler));
  running.done = asio::co_spawn(io_, running.client->run(), asio::use_future);
  gateways_.push_back(std::move(running));
  return index;
}

void ClientFixture::stop_gateways() {
  for (auto& g : gateways_) asio::post(io_, [client = g.client.get()] { client->stop(); });
  for (auto& g : gateways_) (void)g.done.wait_for(10s);
}

bool ClientFixture::gateway_finished(std::chrono::milliseconds timeout) {
  return !gateways_.empty() && gateways_[0].done.wait_for(timeout) == std::future_status::ready;
}

std::vector<ShardState> ClientFixture::shard_states() {
  auto* client = gateways_.at(0).client.get();
  return run([client]() -> asio::awaitable<std::vector<ShardState>> { co_return client->shard_states(); }());
}

net::HttpResponse ClientFixture::sim_http(const std::string& method, const std::string& path, const std::string& body) {
  net::HttpRequest r;
  r.method = method;
  r.target = sim_->http_url() + path;
  r.body = body;
  if (!body.empty()) r.headers.set("Content-Type", "application/json");
  return run([this, r]() mutable -> asio::awaitable<net::HttpResponse> {
    co_return co_await http_->request(std::move(r), 10s);
  }());
}

std::int64_t ClientFixture::fault(const std::string& body) {
  auto r = sim_http("POST", "/_sim/faults", body);
  if (r.status != 200) throw std::runtime_error("fault refused: " + r.body);
  return json::parse(r.body).at("applied").to_number<std::int64_t>();
}

void ClientFixture::say(sim::Id channel, sim::Id author, const std::string& content) {
  const auto body = json::serialize(json::object{
      {"channel_id", std::to_string(channel)}, {"author_id", std::to_string(author)}, {"content", content}});
  auto r = sim_http("POST", "/_sim/messages", body);
  if (r.status != 200) throw std::runtime_error("message refused: " + r.body);
}

std::uint64_t ClientFixture::requests(const std::string& route) {
  auto r = sim_http("GET", "/_sim/requests");
  const auto counts = json::parse(r.body);
  if (auto* v = counts.as_object().if_contains(route)) return v->to_number<std::uint64_t>();
  return 0;
}

std::size_t ClientFixture::sessions() {
  auto r = sim_http("GET", "/_sim/state");
  return json::parse(r.body).at("sessions").as_array().size();
}

std::int64_t ClientFixture::open_connections() {
  auto r = sim_http("GET", "/_sim/faults");
  return json::parse(r.body).at("connections").to_number<std::int64_t>();
}

bool ClientFixture::wait_for(const std::function<bool(const std::vector<Seen>&)>& pred,
                             std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return pred(seen_); });
}

bool ClientFixture::wait_for_message(const std::string& content, std::chrono::milliseconds timeout) {
  return wait_for(
      [&](const std::vector<Seen>& seen) {
        for (const auto& s : seen)
          if (s.name == "MESSAGE_CREATE" && s.content == content) return true;
        return false;
      },
      timeout);
}

std::vector<Seen> ClientFixture::seen() {
  std::lock_guard lock(mutex_);
  return seen_;
}

std::vector<std::string> ClientFixture::messages(std::size_t client) {
  std::vector<std::string> out;
  for (const auto& s : seen())
    if (s.client == client && s.name == "MESSAGE_CREATE") out.push_back(s.content);
  return out;
}

std::size_t ClientFixture::count(const std::string& name) {
  std::size_t n = 0;
  for (const auto& s : seen())
    if (s.name == name) ++n;
  return n;
}

std::vector<std::string> ClientFixture::log_lines() { return log_sink_->last_formatted(); }

}  // namespace dbot::discord::e2e
