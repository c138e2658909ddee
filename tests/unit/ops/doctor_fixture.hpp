#pragma once
// A complete, healthy deployment in a temporary directory: a compose file
// with Postgres, two bots and the gateway, the repo-root .env and two
// instance directories. Tests break one thing at a time.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "features/all.hpp"
#include "ops/doctor.hpp"

namespace dbot::ops::testing {

inline constexpr const char* kGatewayToken = "3f9a1c7e5b2d8046af13c9e7b5d20e4f6a8c1b3d5e7f9021";
inline constexpr const char* kPostgresPassword = "q7Rk2mZx9Lp4Wv8Tn3Bc";

inline constexpr const char* kGoodCompose = R"YAML(
x-logging: &logging
  driver: json-file
  options:
    max-size: "10m"
    max-file: "5"

x-bot: &bot
  image: ${BOT_IMAGE:-discord-bot:0.1.0}
  restart: unless-stopped
  init: true
  stop_grace_period: 30s
  logging: *logging
  read_only: true
  tmpfs:
    - /tmp:size=500M
  healthcheck:
    test: ["CMD", "curl", "-fsS", "http://127.0.0.1:9091/healthz"]
  deploy:
    resources:
      limits:
        memory: 512M

services:
  postgres:
    image: postgres:15-bookworm
    restart: unless-stopped
    logging: *logging
    environment:
      POSTGRES_USER: discord_bot
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U discord_bot"]
    deploy:
      resources:
        limits:
          memory: 512M

  bot-alpha:
    <<: *bot
    env_file: ./instances/alpha/.env
    environment:
      DATABASE_URL: postgresql://discord_bot:${POSTGRES_PASSWORD}@postgres:5432/discord_bot
      MCP_BIND_ADDR: 0.0.0.0
      MCP_ALLOWED_HOSTS: bot-alpha
      HEALTH_BIND_ADDR: 0.0.0.0
    volumes:
      - ./instances/alpha:/config:ro
      - alpha-data:/data

  bot-beta:
    <<: *bot
    env_file: ./instances/beta/.env
    environment:
      DATABASE_URL: postgresql://discord_bot:${POSTGRES_PASSWORD}@postgres:5432/discord_bot
      MCP_BIND_ADDR: 0.0.0.0
      MCP_ALLOWED_HOSTS: bot-beta
      HEALTH_BIND_ADDR: 0.0.0.0
    volumes:
      - ./instances/beta:/config:ro
      - beta-data:/data

  mcp-gateway:
    image: ${BOT_IMAGE:-discord-bot:0.1.0}
    entrypoint: ["mcp-gateway"]
    restart: unless-stopped
    init: true
    stop_grace_period: 20s
    logging: *logging
    environment:
      GATEWAY_PORT: "9100"
      GATEWAY_BIND_ADDR: 0.0.0.0
      INSTANCES: ${INSTANCES:-alpha=http://bot-alpha:9090,beta=http://bot-beta:9090}
      MCP_AUTH_TOKEN: ${MCP_GATEWAY_AUTH_TOKEN:?set MCP_GATEWAY_AUTH_TOKEN}
    ports:
      - "127.0.0.1:9100:9100"
    healthcheck:
      test: ["CMD", "curl", "-fsS", "http://127.0.0.1:9100/healthz"]
    deploy:
      resources:
        limits:
          memory: 128M

volumes:
  alpha-data:
  beta-data:
)YAML";

class Deployment {
 public:
  Deployment() {
    std::string pattern = "/tmp/dbot-doctor-test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    write("docker-compose.yml", kGoodCompose);
    write(".env",
          std::string("POSTGRES_PASSWORD=") + kPostgresPassword + "\nMCP_GATEWAY_AUTH_TOKEN=" + kGatewayToken + "\n");
    instance("alpha", {{"DISCORD_TOKEN", "MTIzNDU2Nzg5MDEy.alpha.token-value"}, {"DB_SCHEMA", "alpha"}}, "!");
    instance("beta", {{"DISCORD_TOKEN", "MTIzNDU2Nzg5MDEy.beta.token-value"}, {"DB_SCHEMA", "beta"}}, "?");
  }
  ~Deployment() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  Deployment(const Deployment&) = delete;
  Deployment& operator=(const Deployment&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path compose() const { return root_ / "docker-compose.yml"; }

  void write(const std::string& name, const std::string& text, unsigned mode = 0644) const {
    const auto file = root_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    ::chmod(file.c_str(), mode);
  }

  std::string read(const std::string& name) const {
    std::ifstream in(root_ / name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  // Replaces `from` with `to` in a file (once); fails the test if absent.
  void edit(const std::string& name, const std::string& from, const std::string& to) const {
    auto text = read(name);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << name;
    text.replace(at, from.size(), to);
    write(name, text, name.ends_with(".env") ? 0600 : 0644);
  }

  // Writes instances/NAME with .env values layered over a valid default.
  void instance(const std::string& name, std::map<std::string, std::string> env, const std::string& prefix) const {
    std::map<std::string, std::string> values = {{"CLIENT_ID", "123456789012345678"},
                                                 {"GUILD_ID", "223456789012345678"},
                                                 {"MCP_AUTH_TOKEN", kGatewayToken},
                                                 {"DEEPSEEK_API_KEY", "sk-test-not-a-real-key"},
                                                 {"GEMINI_API_KEY", "gm-test-not-a-real-key"}};
    for (auto& [k, v] : env) values[k] = v;
    std::string text;
    for (const auto& [k, v] : values) text += k + "=" + v + "\n";
    write("instances/" + name + "/.env", text, 0600);
    write("instances/" + name + "/config.toml",
          "bot_name = \"" + name + "\"\ncommand_prefix = \"" + prefix + "\"\ncommand_root = \"m\"\n");
    write("instances/" + name + "/personality.txt", "You are " + name + ".\n");
  }

  // With the compose file (its bots), or on instance directories alone.
  Report doctor(std::vector<std::string> instance_names = {}, bool with_compose = true) const {
    DoctorOptions options;
    if (with_compose) options.compose = compose();
    for (const auto& name : instance_names) options.dirs.push_back(root_ / "instances" / name);
    options.database = false;
    options.environment = {};  // nothing from the test runner's environment
    options.sections = features::config_sections();
    return run_doctor(options);
  }

 private:
  std::filesystem::path root_;
};

inline std::string dump(const Report& report) { return report.to_text(); }

inline bool has(const Report& report, Status status, const std::string& check) {
  for (const auto& f : report.findings()) {
    if (f.status == status && f.check == check) return true;
  }
  return false;
}

}  // namespace dbot::ops::testing
