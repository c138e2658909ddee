#include "ops/compose_file.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "unit/ops/doctor_fixture.hpp"

namespace dbot::ops {
namespace {

TEST(ComposeInterpolation, FollowsComposeRules) {
  const EnvMap vars = {{"SET", "value"}, {"EMPTY", ""}};
  std::vector<std::string> problems;
  EXPECT_EQ(interpolate("${SET}", vars, problems), "value");
  EXPECT_EQ(interpolate("$SET/x", vars, problems), "value/x");
  EXPECT_EQ(interpolate("${UNSET}", vars, problems), "");
  EXPECT_EQ(interpolate("${UNSET:-fallback}", vars, problems), "fallback");
  EXPECT_EQ(interpolate("${EMPTY:-fallback}", vars, problems), "fallback");
  EXPECT_EQ(interpolate("${EMPTY-fallback}", vars, problems), "");
  EXPECT_EQ(interpolate("${SET:+alt}", vars, problems), "alt");
  EXPECT_EQ(interpolate("$$SET costs $$5", vars, problems), "$SET costs $5");
  EXPECT_EQ(interpolate("a:${SET:-x}:b", vars, problems), "a:value:b");
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(interpolate("${UNSET:?set UNSET please}", vars, problems), "");
  EXPECT_EQ(interpolate("${EMPTY:?must not be empty}", vars, problems), "");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "UNSET is required: set UNSET please");
}

TEST(ComposeFile, ReadsServicesWithMergeKeysAndDotenv) {
  testing::Deployment deployment;
  const auto project = load_compose(deployment.compose(), {});
  EXPECT_TRUE(project.problems.empty());
  ASSERT_EQ(project.services.size(), 4u);
  const auto* bot = project.service("bot-alpha");
  ASSERT_NE(bot, nullptr);
  // From the x-bot anchor through `<<`.
  EXPECT_EQ(bot->restart, "unless-stopped");
  EXPECT_EQ(bot->image, "discord-bot:0.1.0");
  EXPECT_TRUE(bot->healthcheck);
  EXPECT_TRUE(bot->memory_limit);
  EXPECT_TRUE(bot->read_only);
  EXPECT_TRUE(bot->init);
  EXPECT_EQ(bot->stop_grace_period, std::chrono::seconds(30));
  EXPECT_EQ(bot->healthcheck_test, (std::vector<std::string>{"CMD", "curl", "-fsS", "http://127.0.0.1:9091/healthz"}));
  EXPECT_EQ(bot->logging_options.at("max-size"), "10m");
  EXPECT_EQ(bot->config_mount(), "./instances/alpha");
  EXPECT_EQ(bot->env_files, std::vector<std::string>{"./instances/alpha/.env"});
  EXPECT_EQ(bot->environment.at("DATABASE_URL"),
            std::string("postgresql://discord_bot:") + testing::kPostgresPassword + "@postgres:5432/discord_bot");

  const auto* gateway = project.service("mcp-gateway");
  ASSERT_NE(gateway, nullptr);
  EXPECT_TRUE(gateway->is_gateway());
  ASSERT_EQ(gateway->ports.size(), 1u);
  EXPECT_EQ(gateway->ports[0].host_ip, "127.0.0.1");
  EXPECT_TRUE(gateway->ports[0].loopback());
  EXPECT_TRUE(project.service("postgres")->is_postgres());
  EXPECT_FALSE(project.service("postgres")->config_mount());
  EXPECT_FALSE(project.service("postgres")->init);
  EXPECT_FALSE(project.service("postgres")->stop_grace_period);
}

TEST(ComposeFile, Durations) {
  using namespace std::chrono_literals;
  EXPECT_EQ(parse_compose_duration("30s"), 30s);
  EXPECT_EQ(parse_compose_duration("1m30s"), 90s);
  EXPECT_EQ(parse_compose_duration("1500ms"), 1500ms);
  EXPECT_EQ(parse_compose_duration("2h"), 2h);
  EXPECT_FALSE(parse_compose_duration(""));
  EXPECT_FALSE(parse_compose_duration("30"));
  EXPECT_FALSE(parse_compose_duration("s"));
  EXPECT_FALSE(parse_compose_duration("30 seconds"));
}

TEST(ComposeFile, ProcessEnvironmentWinsOverDotenv) {
  testing::Deployment deployment;
  const auto project = load_compose(deployment.compose(), {{"BOT_IMAGE", "registry/bot:1.2.3"}});
  EXPECT_EQ(project.service("bot-beta")->image, "registry/bot:1.2.3");
}

TEST(ComposeFile, PortForms) {
  testing::Deployment deployment;
  deployment.write("docker-compose.yml", R"(services:
  s:
    image: x:1
    ports:
      - "9100"
      - "8080:80"
      - "127.0.0.1:9100:9100"
      - "[::1]:5432:5432/tcp"
      - target: 443
        published: 8443
        host_ip: 0.0.0.0
)");
  const auto project = load_compose(deployment.compose(), {});
  const auto& ports = project.service("s")->ports;
  ASSERT_EQ(ports.size(), 5u);
  EXPECT_EQ(ports[0].container_port, "9100");
  EXPECT_FALSE(ports[0].loopback());
  EXPECT_EQ(ports[1].host_port, "8080");
  EXPECT_FALSE(ports[1].loopback());
  EXPECT_TRUE(ports[2].loopback());
  EXPECT_EQ(ports[3].host_ip, "::1");
  EXPECT_TRUE(ports[3].loopback());
  EXPECT_EQ(ports[3].container_port, "5432");
  EXPECT_EQ(ports[4].host_port, "8443");
  EXPECT_FALSE(ports[4].loopback());
}

TEST(ComposeFile, BrokenYamlIsAClearError) {
  testing::Deployment deployment;
  deployment.write("docker-compose.yml", "services: [unclosed\n");
  EXPECT_THROW(load_compose(deployment.compose(), {}), Error);
  deployment.write("docker-compose.yml", "version: '3'\n");
  EXPECT_THROW(load_compose(deployment.compose(), {}), Error);
}

TEST(ComposeFile, InstanceList) {
  const auto list = parse_instance_list(" a=http://bot-a:9090 , b=http://bot-b:9090/mcp,,broken,=x");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].first, "a");
  EXPECT_EQ(list[1].second, "http://bot-b:9090/mcp");
}

}  // namespace
}  // namespace dbot::ops
