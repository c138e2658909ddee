// doctor on a healthy deployment (everything PASSes) and on deliberately
// broken ones, one breakage at a time, each producing its FAIL.

#include <gtest/gtest.h>

#include <functional>

#include <boost/json.hpp>

#include "db/process.hpp"
#include "unit/ops/doctor_fixture.hpp"

namespace dbot::ops {
namespace {

using testing::Deployment;
using testing::dump;
using testing::has;

TEST(Doctor, HealthyDeploymentPassesEverything) {
  Deployment deployment;
  const auto report = deployment.doctor();
  EXPECT_EQ(report.count(Status::fail), 0u) << dump(report);
  EXPECT_EQ(report.count(Status::warn), 0u) << dump(report);
  EXPECT_EQ(report.count(Status::skip), 0u) << dump(report);
  EXPECT_GT(report.count(Status::pass), 30u) << dump(report);
  EXPECT_EQ(report.exit_code(), 0);
  // Both bots were found through their /config mounts.
  EXPECT_NE(dump(report).find("bot-alpha (./instances/alpha)"), std::string::npos) << dump(report);
  EXPECT_NE(dump(report).find("bot-beta (./instances/beta)"), std::string::npos) << dump(report);
}

TEST(Doctor, HealthyInstanceDirectoriesAloneAlsoPass) {
  Deployment deployment;
  const auto report = deployment.doctor({"alpha", "beta"}, false);
  EXPECT_EQ(report.count(Status::fail), 0u) << dump(report);
  EXPECT_EQ(report.count(Status::warn), 0u) << dump(report);
}

struct Breakage {
  std::string name;
  std::function<void(const Deployment&)> apply;
  std::string failing_check;
};

void PrintTo(const Breakage& breakage, std::ostream* out) { *out << breakage.name; }

class DoctorBroken : public ::testing::TestWithParam<Breakage> {};

TEST_P(DoctorBroken, ReportsTheFailureAndExitsNonZero) {
  Deployment deployment;
  GetParam().apply(deployment);
  const auto report = deployment.doctor();
  EXPECT_TRUE(has(report, Status::fail, GetParam().failing_check)) << dump(report);
  EXPECT_EQ(report.exit_code(), 1);
  // No secret value ever appears in the report.
  const auto text = report.to_text() + report.to_json();
  EXPECT_EQ(text.find(testing::kGatewayToken), std::string::npos);
  EXPECT_EQ(text.find(testing::kPostgresPassword), std::string::npos);
  EXPECT_EQ(text.find("token-value"), std::string::npos);
}

const std::vector<Breakage> kBreakages = {
    {"postgres_published",
     [](const Deployment& d) {
       d.edit("docker-compose.yml", "    image: postgres:15-bookworm\n",
              "    image: postgres:15-bookworm\n    ports:\n      - \"5432:5432\"\n");
     },
     "compose.postgres_port"},
    {"default_postgres_password_on_published_port",
     [](const Deployment& d) {
       d.edit(".env", testing::kPostgresPassword, "discord_bot_pass");
       d.edit("docker-compose.yml", "    image: postgres:15-bookworm\n",
              "    image: postgres:15-bookworm\n    ports:\n      - \"127.0.0.1:5432:5432\"\n");
     },
     "compose.postgres_password"},
    {"bot_mcp_port_published",
     [](const Deployment& d) {
       d.edit("docker-compose.yml", "      - ./instances/beta:/config:ro\n",
              "      - ./instances/beta:/config:ro\n    ports:\n      - \"9090:9090\"\n");
     },
     "compose.bot_mcp_port"},
    {"gateway_published_beyond_loopback",
     [](const Deployment& d) { d.edit("docker-compose.yml", "\"127.0.0.1:9100:9100\"", "\"9100:9100\""); },
     "compose.gateway_port"},
    {"instances_missing_a_backend",
     [](const Deployment& d) { d.edit("docker-compose.yml", ",beta=http://bot-beta:9090", ""); },
     "compose.gateway_instances"},
    {"instances_pointing_at_nothing",
     [](const Deployment& d) { d.edit("docker-compose.yml", "http://bot-beta:9090", "http://bot-gamma:9090"); },
     "compose.gateway_instances"},
    {"gateway_token_differs_from_a_backend",
     [](const Deployment& d) {
       d.edit("instances/beta/.env", testing::kGatewayToken, "9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a");
     },
     "compose.gateway_backend_token"},
    {"weak_gateway_token",
     [](const Deployment& d) {
       d.edit(".env", testing::kGatewayToken, "changeme");
       d.edit("instances/alpha/.env", testing::kGatewayToken, "changeme");
       d.edit("instances/beta/.env", testing::kGatewayToken, "changeme");
     },
     "compose.gateway_token"},
    {"unset_compose_variable",
     [](const Deployment& d) { d.edit(".env", std::string("POSTGRES_PASSWORD=") + testing::kPostgresPassword, ""); },
     "compose.variables"},
    {"no_restart_policy",
     [](const Deployment& d) {
       d.edit("docker-compose.yml", "    entrypoint: [\"mcp-gateway\"]\n    restart: unless-stopped\n",
              "    entrypoint: [\"mcp-gateway\"]\n");
     },
     "compose.restart"},
    {"discord_token_reused",
     [](const Deployment& d) { d.edit("instances/beta/.env", "beta.token-value", "alpha.token-value"); },
     "instances.discord_token"},
    {"duplicate_schema",
     [](const Deployment& d) { d.edit("instances/beta/.env", "DB_SCHEMA=beta", "DB_SCHEMA=alpha"); },
     "instances.db_schema"},
    {"prefix_collision_in_one_guild",
     [](const Deployment& d) {
       d.edit("instances/beta/config.toml", "command_prefix = \"?\"", "command_prefix = \"!\"");
     },
     "instances.prefix"},
    {"placeholder_left",
     [](const Deployment& d) {
       d.edit("instances/alpha/.env", "MTIzNDU2Nzg5MDEy.alpha.token-value", "your-discord-bot-token");
     },
     "instance.placeholders"},
    {"env_file_missing", [](const Deployment& d) { std::filesystem::remove(d.root() / "instances/alpha/.env"); },
     "instance.env_file"},
    {"invalid_guild_id",
     [](const Deployment& d) { d.edit("instances/alpha/.env", "GUILD_ID=223456789012345678", "GUILD_ID=my-server"); },
     "instance.config"},
    {"short_mcp_token_on_non_loopback_bind",
     [](const Deployment& d) {
       d.edit(".env", testing::kGatewayToken, "short-token");
       d.edit("instances/alpha/.env", testing::kGatewayToken, "short-token");
       d.edit("instances/beta/.env", testing::kGatewayToken, "short-token");
     },
     "instance.mcp_token"},
    {"gateway_health_check_on_the_bots_health_port",
     [](const Deployment& d) { d.edit("docker-compose.yml", "127.0.0.1:9100/healthz", "127.0.0.1:9091/healthz"); },
     "compose.healthcheck_port"},
    {"bot_health_check_on_another_port",
     [](const Deployment& d) { d.edit("docker-compose.yml", "127.0.0.1:9091/healthz", "127.0.0.1:9092/healthz"); },
     "compose.healthcheck_port"},
    {"bot_refuses_the_gateways_host",
     [](const Deployment& d) { d.edit("docker-compose.yml", "      MCP_ALLOWED_HOSTS: bot-beta\n", ""); },
     "compose.gateway_backend_host"},
    {"bot_allows_another_host",
     [](const Deployment& d) {
       d.edit("docker-compose.yml", "MCP_ALLOWED_HOSTS: bot-beta", "MCP_ALLOWED_HOSTS: beta");
     },
     "compose.gateway_backend_host"},
    {"mcp_token_missing_on_non_loopback_bind",
     [](const Deployment& d) {
       d.edit("instances/alpha/.env", std::string("MCP_AUTH_TOKEN=") + testing::kGatewayToken + "\n", "");
     },
     "instance.mcp_token"},
};

INSTANTIATE_TEST_SUITE_P(EachBreakage, DoctorBroken, ::testing::ValuesIn(kBreakages),
                         [](const ::testing::TestParamInfo<Breakage>& param_info) { return param_info.param.name; });

struct Nit {
  std::string name;
  std::function<void(const Deployment&)> apply;
  std::string warning_check;
};

class DoctorWarns : public ::testing::TestWithParam<Nit> {};

TEST_P(DoctorWarns, WarnsWithoutFailing) {
  Deployment deployment;
  GetParam().apply(deployment);
  const auto report = deployment.doctor();
  EXPECT_TRUE(has(report, Status::warn, GetParam().warning_check)) << dump(report);
  EXPECT_EQ(report.count(Status::fail), 0u) << dump(report);
  EXPECT_EQ(report.exit_code(), 0);
}

const std::vector<Nit> kNits = {
    {"no_log_rotation", [](const Deployment& d) { d.edit("docker-compose.yml", "    max-size: \"10m\"\n", ""); },
     "compose.log_rotation"},
    {"unpinned_image",
     [](const Deployment& d) { d.edit("docker-compose.yml", "postgres:15-bookworm", "postgres:latest"); },
     "compose.image_tag"},
    {"no_health_check",
     [](const Deployment& d) {
       d.edit("docker-compose.yml", "      test: [\"CMD-SHELL\", \"pg_isready -U discord_bot\"]\n",
              "      disable: true\n");
     },
     "compose.healthcheck"},
    {"writable_config_mount",
     [](const Deployment& d) {
       d.edit("docker-compose.yml", "./instances/alpha:/config:ro", "./instances/alpha:/config");
     },
     "compose.config_mount"},
    {"no_init", [](const Deployment& d) { d.edit("docker-compose.yml", "  init: true\n", ""); }, "compose.init"},
    {"grace_period_shorter_than_the_bots_shutdown",
     [](const Deployment& d) { d.edit("docker-compose.yml", "stop_grace_period: 30s", "stop_grace_period: 15s"); },
     "compose.stop_grace_period"},
    {"default_grace_period_for_the_gateway",
     [](const Deployment& d) { d.edit("docker-compose.yml", "    stop_grace_period: 20s\n", ""); },
     "compose.stop_grace_period"},
    {"env_readable_by_others", [](const Deployment& d) { ::chmod((d.root() / "instances/alpha/.env").c_str(), 0644); },
     "instance.env_permissions"},
    {"short_retention",
     [](const Deployment& d) { d.edit("instances/alpha/.env", "GUILD_ID=", "BACKUP_KEEP_DAYS=7\nGUILD_ID="); },
     "instance.backup_retention"},
    {"overlapping_prefixes",
     [](const Deployment& d) {
       d.edit("instances/beta/config.toml", "command_prefix = \"?\"\ncommand_root = \"m\"",
              "command_prefix = \"!\"\ncommand_root = \"\"");
     },
     "instances.prefix"},
    {"flag_on_without_section",
     [](const Deployment& d) {
       d.write("instances/alpha/config.toml", "bot_name = \"a\"\ncommand_prefix = \"!\"\n[features]\nwelcome = true\n");
     },
     "instance.config_warning"},
};

INSTANTIATE_TEST_SUITE_P(EachNit, DoctorWarns, ::testing::ValuesIn(kNits),
                         [](const ::testing::TestParamInfo<Nit>& param_info) { return param_info.param.name; });

// .env in git: tracked, or merely not ignored, are both failures.
TEST(Doctor, EnvTrackedOrNotIgnoredByGitFails) {
  Deployment deployment;
  const auto root = deployment.root().string();
  ASSERT_EQ(db::run_process({"git", "-C", root, "init", "-q"}).exit_code, 0);
  deployment.write(".gitignore", ".env\ninstances/*/.env\n");
  auto report = deployment.doctor();
  EXPECT_TRUE(has(report, Status::pass, "instance.env_git")) << dump(report);
  EXPECT_TRUE(has(report, Status::pass, "compose.env_git")) << dump(report);
  EXPECT_EQ(report.count(Status::fail), 0u) << dump(report);

  deployment.write(".gitignore", "/.env\n");  // the root one only
  report = deployment.doctor();
  EXPECT_TRUE(has(report, Status::fail, "instance.env_git")) << dump(report);

  deployment.write(".gitignore", ".env\ninstances/*/.env\n");
  ASSERT_EQ(db::run_process({"git", "-C", root, "add", "-f", "instances/alpha/.env"}).exit_code, 0);
  report = deployment.doctor();
  EXPECT_TRUE(has(report, Status::fail, "instance.env_git")) << dump(report);
  EXPECT_NE(dump(report).find("tracked by git"), std::string::npos) << dump(report);
}

TEST(Doctor, ShippedExampleReportsWhatIsLeftToFillIn) {
  DoctorOptions options;
  options.dirs = {std::filesystem::path(DBOT_SOURCE_DIR) / "instances/example"};
  options.database = false;
  options.sections = features::config_sections();
  const auto report = run_doctor(options);
  EXPECT_TRUE(has(report, Status::fail, "instance.env_file")) << dump(report);
  bool listed = false;
  for (const auto& f : report.findings()) {
    if (f.check == "instance.placeholders") {
      EXPECT_EQ(f.status, Status::fail);
      EXPECT_EQ(f.message, "still placeholders: CLIENT_ID, DISCORD_TOKEN, GUILD_ID");
      listed = true;
    }
  }
  EXPECT_TRUE(listed) << dump(report);
  EXPECT_EQ(report.exit_code(), 1);
}

TEST(Doctor, JsonOutputCarriesEveryFindingAndTheSummary) {
  Deployment deployment;
  deployment.edit("instances/beta/.env", "DB_SCHEMA=beta", "DB_SCHEMA=alpha");
  const auto report = deployment.doctor();
  const auto json = boost::json::parse(report.to_json()).as_object();
  EXPECT_EQ(json.at("exit_code").as_int64(), 1);
  const auto& summary = json.at("summary").as_object();
  EXPECT_EQ(static_cast<std::size_t>(summary.at("fail").as_int64()), report.count(Status::fail));
  const auto& checks = json.at("checks").as_array();
  ASSERT_EQ(checks.size(), report.findings().size());
  bool found = false;
  for (const auto& check : checks) {
    const auto& c = check.as_object();
    if (c.at("check").as_string() == "instances.db_schema" && c.at("status").as_string() == "FAIL") {
      found = true;
      EXPECT_FALSE(c.at("advice").as_string().empty());
    }
  }
  EXPECT_TRUE(found) << report.to_json();
}

}  // namespace
}  // namespace dbot::ops
