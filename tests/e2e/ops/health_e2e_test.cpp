// /healthz and /readyz of a running bot follow what it depends on: a stopped
// Postgres and a lost Discord connection make it not ready (503, naming the
// failing check) while it stays alive (healthz 200), and it becomes ready
// again once they are back.

#include <gtest/gtest.h>

#include "e2e/ops/ops_e2e_support.hpp"
#include "e2e/support/http.hpp"

namespace dbot::test::ops {
namespace {

// A Postgres cluster of this test's own (the shared test server must keep
// running for everyone else), stopped and started at will.
class PrivatePostgres {
 public:
  PrivatePostgres() : port_(free_port()) {
    std::string pattern = "/tmp/dbot-health-pg-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    start();
  }
  ~PrivatePostgres() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void start() {
    const auto result = run_command({script(), "start", dir_.string()}, {{"TEST_PG_PORT", std::to_string(port_)}},
                                    std::chrono::seconds(90));
    ASSERT_EQ(result.exit_code, 0) << result.output;
    // The URL is the line the script prints last; anything before it is noise.
    const auto at = result.output.rfind("postgresql://");
    ASSERT_NE(at, std::string::npos) << result.output;
    url_ = result.output.substr(at, result.output.find('\n', at) - at);
  }
  void stop() { run_command({script(), "stop", dir_.string()}, {}, std::chrono::seconds(60)); }
  const std::string& url() const { return url_; }

 private:
  static std::string script() { return std::string(DBOT_SOURCE_DIR) + "/scripts/test-postgres"; }
  std::uint16_t port_;
  std::filesystem::path dir_;
  std::string url_;
};

struct Probe {
  unsigned status = 0;
  std::string body;
};

Probe probe(std::uint16_t port, const std::string& path) {
  try {
    const auto response = http_get("http://127.0.0.1:" + std::to_string(port) + path);
    return {static_cast<unsigned>(response.status), response.body};
  } catch (const std::exception& e) {
    return {0, e.what()};
  }
}

TEST(HealthE2E, ReadinessFollowsPostgresAndTheDiscordConnection) {
  PrivatePostgres postgres;
  auto sim = std::make_unique<SimProcess>();
  TempDir dir;
  const auto health_port = free_port();
  const auto instance =
      write_instance(*sim, dir.path(), "bot",
                     {.schema = unique_schema("e2e_health"),
                      .extra_env = {{"DATABASE_URL", postgres.url()}, {"HEALTH_PORT", std::to_string(health_port)}}});
  BotProcess bot({instance});
  ASSERT_TRUE(bot.wait_until_connected()) << bot.output();
  Probe ready;
  ASSERT_TRUE(eventually([&] { return (ready = probe(health_port, "/readyz")).status == 200; })) << ready.body;

  // Postgres goes away: not ready, still alive, and the body says why.
  postgres.stop();
  ASSERT_TRUE(
      eventually([&] { return (ready = probe(health_port, "/readyz")).status == 503; }, std::chrono::seconds(30)))
      << ready.body;
  EXPECT_NE(ready.body.find("\"name\":\"database:bot\",\"status\":\"failing\""), std::string::npos) << ready.body;
  EXPECT_NE(ready.body.find("\"name\":\"shards:bot\",\"status\":\"ok\""), std::string::npos) << ready.body;
  EXPECT_EQ(probe(health_port, "/healthz").status, 200u);
  // Nothing secret in what anyone on the health port can read.
  EXPECT_EQ(ready.body.find("postgresql://"), std::string::npos) << ready.body;

  postgres.start();
  ASSERT_TRUE(
      eventually([&] { return (ready = probe(health_port, "/readyz")).status == 200; }, std::chrono::seconds(30)))
      << ready.body;

  // Discord goes away (the simulator stops): the shard is disconnected.
  sim.reset();
  ASSERT_TRUE(
      eventually([&] { return (ready = probe(health_port, "/readyz")).status == 503; }, std::chrono::seconds(30)))
      << ready.body;
  EXPECT_NE(ready.body.find("\"name\":\"shards:bot\",\"status\":\"failing\""), std::string::npos) << ready.body;
  EXPECT_NE(ready.body.find("\"name\":\"database:bot\",\"status\":\"ok\""), std::string::npos) << ready.body;
  EXPECT_EQ(probe(health_port, "/healthz").status, 200u);
}

}  // namespace
}  // namespace dbot::test::ops
