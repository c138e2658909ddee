#include "net/health_server.hpp"

#include <gtest/gtest.h>

#include "net/http_client.hpp"
#include "net_test_support.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace dbot::net {
namespace {

using test::run_test;

HealthServer::Options loopback() {
  HealthServer::Options options;
  options.port = 0;
  options.check_timeout = 200ms;
  return options;
}

asio::awaitable<HttpResponse> get(HttpClient& client, const HealthServer& server, std::string path) {
  HttpRequest request;
  request.target = "http://127.0.0.1:" + std::to_string(server.port()) + path;
  co_return co_await client.request(std::move(request), 5000ms);
}

TEST(HealthServer, HealthzReadyzAndMetricsOverHttp) {
  metrics::Registry registry;
  bool database_up = false;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HealthServer health(io.get_executor(), loopback(), registry);
    health.add_readiness_check("database", [&]() -> asio::awaitable<bool> { co_return database_up; });
    health.add_readiness_check("shards", []() -> asio::awaitable<bool> { co_return true; });
    health.start();
    HttpClient client(io.get_executor(), {});

    const auto alive = co_await get(client, health, "/healthz");
    EXPECT_EQ(alive.status, 200u);
    EXPECT_EQ(alive.body, "ok\n");

    const auto not_ready = co_await get(client, health, "/readyz");
    EXPECT_EQ(not_ready.status, 503u);
    EXPECT_EQ(
        not_ready.body,
        R"({"status":"not ready","checks":[{"name":"database","status":"failing"},{"name":"shards","status":"ok"}]})");

    database_up = true;
    const auto ready = co_await get(client, health, "/readyz");
    EXPECT_EQ(ready.status, 200u);
    EXPECT_EQ(ready.body,
              R"({"status":"ready","checks":[{"name":"database","status":"ok"},{"name":"shards","status":"ok"}]})");

    registry.counter("dbot_test_events_total", "Events seen by the test.", {{"kind", "ping"}}).inc(7);
    const auto scraped = co_await get(client, health, "/metrics");
    EXPECT_EQ(scraped.status, 200u);
    EXPECT_EQ(scraped.headers.get("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(scraped.body.find("dbot_test_events_total{kind=\"ping\"} 7\n"), std::string::npos) << scraped.body;
    EXPECT_NE(scraped.body.find("# TYPE process_resident_memory_bytes gauge\n"), std::string::npos);
    EXPECT_NE(scraped.body.find("process_uptime_seconds "), std::string::npos);

    const auto missing = co_await get(client, health, "/nope");
    EXPECT_EQ(missing.status, 404u);
    health.stop();
  });
}

TEST(HealthServer, ThrowingAndHangingChecksFailWithoutLeakingDetails) {
  metrics::Registry registry;
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    HealthServer health(io.get_executor(), loopback(), registry);
    health.add_readiness_check("database", []() -> asio::awaitable<bool> {
      throw std::runtime_error("password=hunter2 rejected");
      co_return true;
    });
    health.add_readiness_check("shards", []() -> asio::awaitable<bool> {
      asio::steady_timer never(co_await asio::this_coro::executor, 1h);
      co_await never.async_wait(asio::use_awaitable);
      co_return true;
    });
    HttpRequest request;
    request.target = "/readyz";
    const auto response = co_await health.handle(std::move(request));
    EXPECT_EQ(response.status, 503u);
    EXPECT_EQ(
        response.body,
        R"({"status":"not ready","checks":[{"name":"database","status":"failing"},{"name":"shards","status":"timed out"}]})");
    EXPECT_EQ(response.body.find("hunter2"), std::string::npos);
  });
}

TEST(HealthServer, ResidentMemoryIsReported) { EXPECT_GT(resident_memory_bytes(), 0u); }

}  // namespace
}  // namespace dbot::net
