// The shipped deployment files: docker-compose.yml validates with Debian's
// docker-compose (no engine needed for `config`) and passes `doctor` once
// the operator's secrets are filled in; the Dockerfile keeps its promises.

#include <gtest/gtest.h>

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
