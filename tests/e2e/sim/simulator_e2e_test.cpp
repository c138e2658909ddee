// Protocol tests against a running Simulator on 127.0.0.1: a real WebSocket
// client (dbot::net::connect_websocket) and HttpClient. Every wait is bounded.

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "sim/simulator.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include "core/snowflake.hpp"
#include "net/http_client.hpp"
#include "net/websocket.hpp"
#include "sim/compression.hpp"

namespace dbot::sim {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;

class Running {
 public:
  explicit Running(Simulator::Options options) : guard_(asio::make_work_guard(io_)) {
    sim_ = std::make_unique<Simulator>(io_.get_executor(), std::move(options));
    sim_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Running() {
    asio::post(io_, [this] { sim_->stop(); });
    guard_.reset();
    std::this_thread::sleep_for(50ms);
    io_.stop();
    thread_.join();
  }

  template <class T>
  T run(asio::awaitable<T> task) {
    auto future = asio::co_spawn(io_, std::move(task), asio::use_future);
    if (future.wait_for(60s) != std::future_status::ready) throw std::runtime_error("test step timed out");
    return future.get();
  }

  Simulator& sim() { return *sim_; }
  asio::io_context& io() { return io_; }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::unique_ptr<Simulator> sim_;
  std::thread thread_;
};

struct Gw {
  std::shared_ptr<net::WebSocket> ws;
  std::unique_ptr<StreamDecompressor> decompressor;

  // The next gateway payload; nullopt when the connection ended or 10 s passed.
  asio::awaitable<std::optional<json::object>> next() {
    for (;;) {
      asio::steady_timer timer(co_await asio::this_coro::executor);
      timer.expires_after(10s);
      auto result = co_await (ws->read() || timer.async_wait(asio::use_awaitable));
      if (result.index() == 1) {
        ws->drop();
        co_return std::nullopt;
      }
      auto message = std::get<0>(std::move(result));
      if (!message) co_return std::nullopt;
      std::string text = decompressor ? decompressor->decompress(message->data) : message->data;
      if (text.empty()) continue;  // a partial zlib message
      co_return json::parse(text).as_object();
    }
  }
  // Skips payloads until a dispatch named `t` (or op when t is empty) arrives.
  asio::awaitable<std::optional<json::object>> until(std::string t, int op = 0) {
    for (int i = 0; i < 200; ++i) {
      auto p = co_await next();
      if (!p) co_return std::nullopt;
      if (p->at("op").as_int64() == op && (t.empty() || (p->at("t").is_string() && p->at("t").as_string() == t)))
        co_return p;
    }
    co_return std::nullopt;
  }
  asio::awaitable<void> send(std::string text) { co_await ws->send_text(std::move(text)); }
};

asio::awaitable<Gw> connect(std::string url, Compression compression = Compression::none) {
  Gw gw;
  std::string query = "/?v=10&encoding=json";
  if (compression == Compression::zlib_stream) query += "&compress=zlib-stream";
  if (compression == Compression::zstd_stream) query += "&compress=zstd-stream";
  gw.ws = co_await net::connect_websocket(url + query);
  gw.decompressor = make_decompressor(compression);
  co_return gw;
}

json::object identify(std::string token, std::uint64_t intents_bits, unsigned shard = 0, unsigned count = 1) {
  return json::object{
      {"op", 2},
      {"d", json::object{{"token", token},
                         {"intents", intents_bits},
                         {"shard", json::array{shard, count}},
                         {"properties", json::object{{"os", "linux"}, {"browser", "e2e"}, {"device", "e2e"}}}}}};
}

std::string heartbeat() { return R"({"op":1,"d":null})"; }

std::string resume(const std::string& session, std::int64_t seq) {
  return json::serialize(
      json::object{{"op", 6}, {"d", json::object{{"token", "sim-bot-token"}, {"session_id", session}, {"seq", seq}}}});
}

std::string user_message(Id channel, Id author, const std::string& text) {
  return json::serialize(
      json::object{{"channel_id", std::to_string(channel)}, {"author_id", std::to_string(author)}, {"content", text}});
}

constexpr std::uint64_t kGuilds = 1, kGuildMessages = 1 << 9, kMessageContent = 1 << 15;

asio::awaitable<net::HttpResponse> http(asio::any_io_executor ex, std::string method, std::string url,
                                        std::string body = {}, bool bot = false) {
  net::HttpClient client(ex, {});
  net::HttpRequest r;
  r.method = std::move(method);
  r.target = std::move(url);
  r.body = std::move(body);
  if (!r.body.empty()) r.headers.set("Content-Type", "application/json");
  if (bot) r.headers.set("Authorization", "Bot sim-bot-token");
  co_return co_await client.request(std::move(r), 10s);
}

Simulator::Options fast() {
  Simulator::Options o;
  o.heartbeat_interval = 500ms;
  return o;
}

TEST(SimE2E, IdentifyReadyGuildCreateAndHeartbeatAck) {
  Running r(fast());
  auto url = r.sim().gateway_url();
  r.run([&]() -> asio::awaitable<void> {
    auto gw = co_await connect(url);
    auto hello = co_await gw.next();
    EXPECT_TRUE(hello.has_value());
    if (!hello) co_return;
    EXPECT_EQ(hello->at("op").as_int64(), 10);
    EXPECT_EQ(hello->at("d").at("heartbeat_interval").as_int64(), 500);
    co_await gw.send(json::serialize(identify("sim-bot-token", kGuilds | kGuildMessages)));
    auto ready = co_await gw.until("READY");
    EXPECT_TRUE(ready.has_value());
    if (!ready) co_return;
    EXPECT_EQ(ready->at("s").as_int64(), 1);
    EXPECT_EQ(ready->at("d").at("resume_gateway_url").as_string(), url);
    EXPECT_EQ(ready->at("d").at("shard").at(1).as_int64(), 1);
    auto guild = co_await gw.until("GUILD_CREATE");
    EXPECT_TRUE(guild.has_value());
    if (!guild) co_return;
    EXPECT_EQ(guild->at("d").at("name").as_string(), "Sandbox");
    EXPECT_FALSE(guild->at("d").at("members").as_array().empty());
    co_await gw.send(R"({"op":1,"d":2})");
    auto ack = co_await gw.until("", 11);
    EXPECT_TRUE(ack.has_value());
    co_await gw.ws->close(1000);
  }());
}

TEST(SimE2E, RestHasRateLimitHeadersAndDispatchesMessageCreate) {
  Running r(fast());
  const auto url = r.sim().gateway_url();
  const auto api = r.sim().api_url();
  const auto general = r.sim().with_world([](World& w) { return w.names.channels.at("general"); });
  r.run([&]() -> asio::awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    auto gw = co_await connect(url);
    co_await gw.send(json::serialize(identify("sim-bot-token", kGuilds | kGuildMessages | kMessageContent)));
    EXPECT_TRUE((co_await gw.until("GUILD_CREATE")).has_value());
    auto resp = co_await http(ex, "POST", api + "/v10/channels/" + std::to_string(general) + "/messages",
                              R"({"content":"over the wire"})", true);
    EXPECT_EQ(resp.status, 200u) << resp.body;
    EXPECT_TRUE(resp.headers.get("X-RateLimit-Limit").has_value());
    EXPECT_TRUE(resp.headers.get("X-RateLimit-Remaining").has_value());
    EXPECT_TRUE(resp.headers.get("X-RateLimit-Reset-After").has_value());
    EXPECT_TRUE(resp.headers.get("X-RateLimit-Bucket").has_value());
    auto created = co_await gw.until("MESSAGE_CREATE");
    EXPECT_TRUE(created.has_value());
    if (created) {
      EXPECT_EQ(created->at("d").at("content").as_string(), "over the wire");
    }
    auto unauth = co_await http(ex, "GET", api + "/v10/users/@me");
    EXPECT_EQ(unauth.status, 401u);
  }());
}

TEST(SimE2E, ResumeReplaysMissedEventsThenResumed) {
  Running r(fast());
  const auto url = r.sim().gateway_url();
  const auto base = r.sim().http_url();
  const auto ids = r.sim().with_world([](World& w) {
    return std::pair{w.names.channels.at("general"), w.names.users.at("alice")};
  });
  const Id general = ids.first;
  const Id alice = ids.second;
  r.run([&]() -> asio::awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    auto gw = co_await connect(url);
    co_await gw.send(json::serialize(identify("sim-bot-token", kGuilds | kGuildMessages | kMessageContent)));
    auto ready = co_await gw.until("READY");
    EXPECT_TRUE(ready.has_value());
    if (!ready) co_return;
    const std::string session(ready->at("d").at("session_id").as_string());
    auto guild = co_await gw.until("GUILD_CREATE");
    const auto seq = guild->at("s").as_int64();

    auto fault = co_await http(ex, "POST", base + "/_sim/faults", R"({"kind":"disconnect"})");
    EXPECT_EQ(fault.status, 200u);
    EXPECT_FALSE((co_await gw.next()).has_value()) << "the socket was dropped";
    EXPECT_FALSE(gw.ws->close_code().has_value()) << "no close frame on a drop";
    std::vector<std::string> texts;
    texts.emplace_back("missed one");
    texts.emplace_back("missed two");
    for (const auto& text : texts) {
      auto sent = co_await http(ex, "POST", base + "/_sim/messages", user_message(general, alice, text));
      EXPECT_EQ(sent.status, 200u) << sent.body;
    }
    auto again = co_await connect(url);
    EXPECT_TRUE((co_await again.next()).has_value());  // HELLO
    co_await again.send(resume(session, seq));
    auto first = co_await again.next();
    auto second = co_await again.next();
    auto resumed = co_await again.next();
    EXPECT_TRUE(first && second && resumed);
    if (!first || !second || !resumed) co_return;
    EXPECT_EQ(first->at("t").as_string(), "MESSAGE_CREATE");
    EXPECT_EQ(first->at("d").at("content").as_string(), "missed one");
    EXPECT_EQ(first->at("s").as_int64(), seq + 1);
    EXPECT_EQ(second->at("d").at("content").as_string(), "missed two");
    EXPECT_EQ(resumed->at("t").as_string(), "RESUMED");
    co_await again.ws->close(1000);
  }());
}

TEST(SimE2E, InvalidSessionOnUnknownResume) {
  Running r(fast());
  const auto url = r.sim().gateway_url();
  r.run([&]() -> asio::awaitable<void> {
    auto gw = co_await connect(url);
    (void)co_await gw.next();
    co_await gw.send(resume("nope", 3));
    auto invalid = co_await gw.until("", 9);
    EXPECT_TRUE(invalid.has_value());
    if (invalid) {
      EXPECT_FALSE(invalid->at("d").as_bool());
    }
  }());
}

TEST(SimE2E, BadTokenCloses4004AndDisallowedIntentsClose4014) {
  auto options = fast();
  options.disallowed_intents = 1 << 8;  // GUILD_PRESENCES
  Running r(options);
  const auto url = r.sim().gateway_url();
  r.run([&]() -> asio::awaitable<void> {
    auto bad = co_await connect(url);
    (void)co_await bad.next();
    co_await bad.send(json::serialize(identify("wrong-token", kGuilds)));
    EXPECT_FALSE((co_await bad.next()).has_value());
    EXPECT_EQ(bad.ws->close_code(), std::optional<std::uint16_t>(4004));

    auto privileged = co_await connect(url);
    (void)co_await privileged.next();
    co_await privileged.send(json::serialize(identify("sim-bot-token", kGuilds | (1 << 8))));
    EXPECT_FALSE((co_await privileged.next()).has_value());
    EXPECT_EQ(privileged.ws->close_code(), std::optional<std::uint16_t>(4014));
  }());
}

TEST(SimE2E, CloseAndReconnectFaults) {
  Running r(fast());
  const auto url = r.sim().gateway_url();
  const auto base = r.sim().http_url();
  r.run([&]() -> asio::awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    auto gw = co_await connect(url);
    co_await gw.send(json::serialize(identify("sim-bot-token", kGuilds)));
    EXPECT_TRUE((co_await gw.until("GUILD_CREATE")).has_value());
    (void)co_await http(ex, "POST", base + "/_sim/faults", R"({"kind":"reconnect"})");
    EXPECT_TRUE((co_await gw.until("", 7)).has_value());
    (void)co_await http(ex, "POST", base + "/_sim/faults", R"({"kind":"close","code":4000})");
    EXPECT_FALSE((co_await gw.next()).has_value());
    EXPECT_EQ(gw.ws->close_code(), std::optional<std::uint16_t>(4000));
  }());
}

TEST(SimE2E, ShardsGetOnlyTheirGuildsEvents) {
  auto options = fast();
  options.customize = [](World& w) {
    const Id sandbox = w.names.guilds.at("Sandbox");
    for (int i = 0; i < 64; ++i) {
      const Id g = w.add_guild("Second" + std::to_string(i), w.names.users.at("owner"), (1 << 10) | (1 << 11),
                               Clock::now() - std::chrono::milliseconds(i + 1));
      w.add_bot_to_guild(g, 1, (1 << 10) | (1 << 11));
      if (Snowflake{g}.shard_for(2) != Snowflake{sandbox}.shard_for(2)) {
        w.names.guilds["Second"] = g;
        w.names.channels["second-general"] = w.add_channel(g, "general", kGuildText);
        w.add_member(g, w.names.users.at("alice"));
        return;
      }
    }
  };
  Running r(options);
  const auto url = r.sim().gateway_url();
  const auto base = r.sim().http_url();
  struct Ids {
    Id sandbox, second, general, second_general, alice;
  };
  const Ids ids = r.sim().with_world([](World& w) {
    return Ids{w.names.guilds.at("Sandbox"), w.names.guilds.at("Second"), w.names.channels.at("general"),
               w.names.channels.at("second-general"), w.names.users.at("alice")};
  });
  r.run([&]() -> asio::awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    const unsigned sandbox_shard = Snowflake{ids.sandbox}.shard_for(2);
    std::vector<Gw> shards;
    shards.push_back(co_await connect(url));
    shards.push_back(co_await connect(url));
    for (unsigned s = 0; s < 2; ++s) {
      co_await shards[s].send(
          json::serialize(identify("sim-bot-token", kGuilds | kGuildMessages | kMessageContent, s, 2)));
      auto guild = co_await shards[s].until("GUILD_CREATE");
      EXPECT_TRUE(guild.has_value());
      if (!guild) co_return;
      const Id expected = s == sandbox_shard ? ids.sandbox : ids.second;
      EXPECT_EQ(guild->at("d").at("id").as_string(), std::to_string(expected)) << "shard " << s;
    }
    std::vector<std::pair<Id, std::string>> posts;
    posts.emplace_back(ids.general, "in sandbox");
    posts.emplace_back(ids.second_general, "in second");
    for (const auto& post : posts) {
      auto sent = co_await http(ex, "POST", base + "/_sim/messages", user_message(post.first, ids.alice, post.second));
      EXPECT_EQ(sent.status, 200u) << sent.body;
    }
    auto on_sandbox = co_await shards[sandbox_shard].until("MESSAGE_CREATE");
    auto on_other = co_await shards[1 - sandbox_shard].until("MESSAGE_CREATE");
    EXPECT_TRUE(on_sandbox && on_other);
    if (!on_sandbox || !on_other) co_return;
    EXPECT_EQ(on_sandbox->at("d").at("content").as_string(), "in sandbox");
    EXPECT_EQ(on_other->at("d").at("content").as_string(), "in second");
    // Neither shard saw the other guild's message: the next dispatch on each is a heartbeat ack.
    for (auto& gw : shards) {
      co_await gw.send(heartbeat());
      auto next = co_await gw.next();
      EXPECT_TRUE(next.has_value());
      if (next) {
        EXPECT_EQ(next->at("op").as_int64(), 11);
      }
    }
  }());
}

class CompressedSession : public ::testing::TestWithParam<Compression> {};

TEST_P(CompressedSession, ReadyAndDispatchesDecompress) {
  Running r(fast());
  const auto url = r.sim().gateway_url();
  const auto base = r.sim().http_url();
  const auto ids = r.sim().with_world([](World& w) {
    return std::pair{w.names.channels.at("general"), w.names.users.at("alice")};
  });
  const Id general = ids.first;
  const Id alice = ids.second;
  r.run([&]() -> asio::awaitable<void> {
    auto ex = co_await asio::this_coro::executor;
    auto gw = co_await connect(url, GetParam());
    auto hello = co_await gw.next();
    EXPECT_TRUE(hello.has_value());
    co_await gw.send(json::serialize(identify("sim-bot-token", kGuilds | kGuildMessages | kMessageContent)));
    EXPECT_TRUE((co_await gw.until("READY")).has_value());
    EXPECT_TRUE((co_await gw.until("GUILD_CREATE")).has_value());
    for (int i = 0; i < 3; ++i) {
      (void)co_await http(ex, "POST", base + "/_sim/messages",
                          user_message(general, alice, "compressed " + std::to_string(i)));
      auto m = co_await gw.until("MESSAGE_CREATE");
      EXPECT_TRUE(m.has_value());
      if (m) {
        EXPECT_EQ(m->at("d").at("content").as_string(), "compressed " + std::to_string(i));
      }
    }
  }());
}

INSTANTIATE_TEST_SUITE_P(Transport, CompressedSession,
                         ::testing::Values(Compression::zlib_stream, Compression::zstd_stream),
                         [](const ::testing::TestParamInfo<Compression>& p) {
                           return p.param == Compression::zlib_stream ? std::string("zlib") : std::string("zstd");
                         });

}  // namespace
}  // namespace dbot::sim
