// The shipped deployment files: docker-compose.yml validates with Debian's
// docker-compose (no engine needed for `config`) and passes `doctor` once
// the operator's secrets are filled in; the Dockerfile keeps its promises.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>

#include "e2e/ops/ops_e2e_support.hpp"

namespace dbot::test::ops {
namespace {

const std::filesystem::path kSource = DBOT_SOURCE_DIR;
constexpr const char* kToken = "3f9a1c7e5b2d8046af13c9e7b5d20e4f6a8c1b3d5e7f9021";

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The repo's compose file and example instance in a scratch directory, with
// the two .env files an operator writes.
std::filesystem::path filled_in_copy(const TempDir& dir) {
  std::filesystem::copy_file(kSource / "docker-compose.yml", dir.path() / "docker-compose.yml");
  std::filesystem::create_directories(dir.path() / "instances");
  std::filesystem::copy(kSource / "instances/example", dir.path() / "instances/example",
                        std::filesystem::copy_options::recursive);
  write_file(dir.path() / ".env",
             std::string("POSTGRES_PASSWORD=Zq8xT4mN2pLk7vR9wS\nMCP_GATEWAY_AUTH_TOKEN=") + kToken + "\n", 0600);
  write_file(dir.path() / "instances/example/.env",
             std::string("DISCORD_TOKEN=abc.def.ghi\nCLIENT_ID=123456789012345678\nGUILD_ID=223456789012345678\n"
                         "DB_SCHEMA=example\nDEEPSEEK_API_KEY=k\nGEMINI_API_KEY=k\nMCP_AUTH_TOKEN=") +
                 kToken + "\n",
             0600);
  return dir.path() / "docker-compose.yml";
}

TEST(DeploymentFiles, ComposeFileValidatesWithDockerCompose) {
  const auto docker_compose = program("docker-compose");
  if (docker_compose.empty()) {
    GTEST_SKIP() << "docker-compose is not installed (scripts/install-deps installs Debian's docker-compose)";
  }
  TempDir dir;
  const auto compose = filled_in_copy(dir);
  const auto result = run_command({docker_compose, "-f", compose.string(), "config", "-q"});
  EXPECT_EQ(result.exit_code, 0) << result.output;

  // Without the operator's secrets Compose refuses, naming them.
  std::filesystem::remove(dir.path() / ".env");
  const auto unset = run_command({docker_compose, "-f", compose.string(), "config", "-q"},
                                 {{"POSTGRES_PASSWORD", "<unset>"}, {"MCP_GATEWAY_AUTH_TOKEN", "<unset>"}});
  EXPECT_NE(unset.exit_code, 0);
  EXPECT_NE(unset.output.find("POSTGRES_PASSWORD"), std::string::npos) << unset.output;
}

TEST(DeploymentFiles, ShippedComposeFileIsTheGeneratorsOutput) {
  const auto generated = run_command(
      {program("bash"), "-c", "cd '" + kSource.string() + "' && scripts/generate-compose instances/example"});
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  EXPECT_EQ(generated.output, read(kSource / "docker-compose.yml"))
      << "docker-compose.yml drifted from scripts/generate-compose instances/example";
}

// A compose file generated for two instances validates and passes doctor.
TEST(DeploymentFiles, GeneratedComposeForTwoInstancesPassesDoctor) {
  TempDir dir;
  filled_in_copy(dir);
  std::filesystem::copy(dir.path() / "instances/example", dir.path() / "instances/second",
                        std::filesystem::copy_options::recursive);
  write_file(dir.path() / "instances/second/.env",
             std::string("DISCORD_TOKEN=second.token.value\nCLIENT_ID=123456789012345679\nGUILD_ID=223456789012345678\n"
                         "DB_SCHEMA=second\nDEEPSEEK_API_KEY=k\nGEMINI_API_KEY=k\nMCP_AUTH_TOKEN=") +
                 kToken + "\n",
             0600);
  // The second bot shares the guild: give it its own prefix.
  auto toml = read(dir.path() / "instances/second/config.toml");
  const std::string from = "command_prefix = \"!\"";
  ASSERT_NE(toml.find(from), std::string::npos);
  toml.replace(toml.find(from), from.size(), "command_prefix = \"?\"");
  write_file(dir.path() / "instances/second/config.toml", toml);
  const auto generated =
      run_command({program("bash"), "-c",
                   "cd '" + dir.path().string() + "' && '" + (kSource / "scripts/generate-compose").string() +
                       "' instances/example instances/second > docker-compose.yml"});
  ASSERT_EQ(generated.exit_code, 0) << generated.output;
  const auto compose = dir.path() / "docker-compose.yml";
  if (const auto docker_compose = program("docker-compose"); !docker_compose.empty()) {
    const auto result = run_command({docker_compose, "-f", compose.string(), "config", "-q"});
    EXPECT_EQ(result.exit_code, 0) << result.output;
  }
  const auto report = doctor_json({"--compose", compose.string(), "--no-database"});
  EXPECT_EQ(report.exit_code, 0) << report.output;
  EXPECT_EQ(report.with("FAIL") + report.with("WARN") + report.with("SKIP"), "") << report.output;
  EXPECT_NE(report.output.find("INSTANCES reaches all 2 bot(s)"), std::string::npos) << report.output;
}

TEST(DeploymentFiles, ShippedComposeFilePassesDoctorOnceFilledIn) {
  TempDir dir;
  const auto compose = filled_in_copy(dir);
  const auto report = doctor_json({"--compose", compose.string(), "--no-database"});
  EXPECT_EQ(report.exit_code, 0) << report.output;
  EXPECT_EQ(report.with("FAIL") + report.with("WARN") + report.with("SKIP"), "") << report.output;
  EXPECT_TRUE(report.has("PASS", "compose.gateway_port"));
  EXPECT_TRUE(report.has("PASS", "compose.postgres_port"));
  EXPECT_TRUE(report.has("PASS", "compose.gateway_backend_token"));
  // The deployment path works: the gateway's health check probes the port
  // that serves /healthz, every bot accepts the gateway's Host, and Compose
  // waits for the shutdown before SIGKILL, with an init forwarding SIGTERM.
  EXPECT_TRUE(report.has("PASS", "compose.healthcheck_port"));
  EXPECT_TRUE(report.has("PASS", "compose.gateway_backend_host"));
  EXPECT_TRUE(report.has("PASS", "compose.stop_grace_period"));
  EXPECT_TRUE(report.has("PASS", "compose.init"));
}

// What Compose itself makes of the shipped file (not only what doctor reads).
TEST(DeploymentFiles, ComposeResolvesHealthChecksHostsAndStopping) {
  const auto docker_compose = program("docker-compose");
  if (docker_compose.empty()) {
    GTEST_SKIP() << "docker-compose is not installed (scripts/install-deps installs Debian's docker-compose)";
  }
  TempDir dir;
  const auto compose = filled_in_copy(dir);
  const auto result = run_command({docker_compose, "-f", compose.string(), "config"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto& text = result.output;
  // One service's block of the normalised output: from "  name:" to the next
  // two-space key or top-level key.
  const auto service = [&](const std::string& name) {
    const auto start = text.find("\n  " + name + ":\n");
    if (start == std::string::npos) return std::string();
    const std::string rest = text.substr(start + 1);
    std::smatch next;
    if (!std::regex_search(rest.cbegin() + 1, rest.cend(), next, std::regex("\n  [a-z][a-z0-9_-]*:\n|\n[a-z]"))) {
      return rest;
    }
    return rest.substr(0, static_cast<std::size_t>(next.position(0)) + 1);
  };
  const auto gateway = service("mcp-gateway");
  ASSERT_FALSE(gateway.empty()) << text;
  EXPECT_NE(gateway.find("http://127.0.0.1:9100/healthz"), std::string::npos) << gateway;
  EXPECT_NE(gateway.find("GATEWAY_PORT: '9100'"), std::string::npos) << gateway;
  EXPECT_NE(gateway.find("init: true"), std::string::npos) << gateway;
  EXPECT_NE(gateway.find("stop_grace_period: 20s"), std::string::npos) << gateway;
  const auto bot = service("bot-example");
  ASSERT_FALSE(bot.empty()) << text;
  EXPECT_NE(bot.find("MCP_ALLOWED_HOSTS: bot-example"), std::string::npos) << bot;
  EXPECT_NE(bot.find("http://127.0.0.1:9091/healthz"), std::string::npos) << bot;
  EXPECT_NE(bot.find("init: true"), std::string::npos) << bot;
  EXPECT_NE(bot.find("stop_grace_period: 30s"), std::string::npos) << bot;
}

// docs/deployment.md's systemd install copies every shipped unit, the
// backup timer included (its `enable --now` fails otherwise).
TEST(DeploymentFiles, DocumentedSystemdInstallCopiesEveryUnit) {
  const auto doc = read(kSource / "docs/deployment.md");
  std::smatch line;
  ASSERT_TRUE(std::regex_search(doc, line, std::regex("install -m 644 (deploy/systemd/[^\n]*) /etc/systemd/system/")));
  std::vector<std::regex> globs;
  const std::string sources = line[1];
  const std::regex source("deploy/systemd/(\\S+)");
  for (std::sregex_iterator it(sources.begin(), sources.end(), source), end; it != end; ++it) {
    globs.emplace_back(
        std::regex_replace(std::regex_replace((*it)[1].str(), std::regex("\\."), "\\."), std::regex("\\*"), ".*"));
  }
  for (const auto& entry : std::filesystem::directory_iterator(kSource / "deploy/systemd")) {
    const auto name = entry.path().filename().string();
    const bool copied =
        std::any_of(globs.begin(), globs.end(), [&](const std::regex& glob) { return std::regex_match(name, glob); });
    EXPECT_TRUE(copied) << name << " is not copied by: " << line[0];
  }
}

TEST(DeploymentFiles, ShippedComposeFileUnfilledSaysWhatIsMissing) {
  TempDir dir;
  std::filesystem::copy_file(kSource / "docker-compose.yml", dir.path() / "docker-compose.yml");
  std::filesystem::create_directories(dir.path() / "instances");
  std::filesystem::copy(kSource / "instances/example", dir.path() / "instances/example",
                        std::filesystem::copy_options::recursive);
  const auto report = doctor_json({"--compose", (dir.path() / "docker-compose.yml").string(), "--no-database"});
  EXPECT_EQ(report.exit_code, 1);
  const auto fails = report.with("FAIL");
  EXPECT_NE(fails.find("POSTGRES_PASSWORD is required"), std::string::npos) << fails;
  EXPECT_NE(fails.find("MCP_GATEWAY_AUTH_TOKEN is required"), std::string::npos) << fails;
  EXPECT_NE(fails.find("still placeholders: CLIENT_ID, DISCORD_TOKEN, GUILD_ID"), std::string::npos) << fails;
}

TEST(DeploymentFiles, DockerfileRunsAsNonRootWithAHealthCheckOnBookworm) {
  const auto dockerfile = read(kSource / "Dockerfile");
  EXPECT_TRUE(std::regex_search(dockerfile, std::regex("FROM debian:bookworm[^\\n]* AS build")));
  EXPECT_TRUE(std::regex_search(dockerfile, std::regex("FROM debian:bookworm-slim AS runtime")));
  EXPECT_TRUE(std::regex_search(dockerfile, std::regex("\\nUSER bot\\n")));
  EXPECT_TRUE(std::regex_search(dockerfile, std::regex("HEALTHCHECK[^\\n]*\\n[^\\n]*/healthz")));
  // Every step lives in scripts the tests run too.
  EXPECT_NE(dockerfile.find("scripts/image-build build"), std::string::npos);
  EXPECT_NE(dockerfile.find("image-build runtime"), std::string::npos);
  const auto runtime = read(kSource / "scripts/install-runtime-deps");
  EXPECT_NE(runtime.find("ffmpeg"), std::string::npos);
  EXPECT_NE(runtime.find("postgresql-client-15"), std::string::npos);
  const auto steps = read(kSource / "scripts/image-build");
  EXPECT_NE(steps.find("yt-dlp=="), std::string::npos) << "yt-dlp must be pinned";
  EXPECT_NE(steps.find("useradd"), std::string::npos);
}

// The Dockerfile's build stage, run on the host: the same script, checked up
// to (not including) the compile, which `make build` already covers.
TEST(DeploymentFiles, ImageBuildScriptConfiguresOnTheHost) {
  TempDir dir;
  const auto result =
      run_command({(kSource / "scripts/image-build").string(), "check", (dir.path() / "build").string()}, {},
                  std::chrono::seconds(300));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("image-build: build stage ready"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace dbot::test::ops
