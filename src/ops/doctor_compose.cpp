// Doctor checks on docker-compose.yml: what is published, restart policy,
// log rotation, health checks, limits, pinned images, and whether the MCP
// gateway can reach every bot with the right token.

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/address.hpp"
#include "core/config/checks.hpp"
#include "core/shutdown.hpp"
#include "db/process.hpp"
#include "ops/doctor_detail.hpp"

namespace dbot::ops::detail {

namespace fs = std::filesystem;

namespace {

bool is_bot(const ComposeService& service) { return service.config_mount().has_value() && !service.is_gateway(); }

std::string describe(const PortPublish& port) {
  return fmt::format("{}{}:{}", port.host_ip.empty() ? "" : port.host_ip + ":",
                     port.host_port.empty() ? "(random)" : port.host_port, port.container_port);
}

// What a bot service's container sees: its env files, then `environment:`.
EnvMap container_env(const ComposeProject& project, const ComposeService& service) {
  EnvMap env;
  for (const auto& file : service.env_files) {
    const fs::path path = fs::path(file).is_absolute() ? fs::path(file) : project.dir / file;
    if (auto parsed = read_dotenv_file(path)) {
      for (const auto& [name, value] : parsed->vars) env[name] = value;
    }
  }
  for (const auto& [name, value] : service.environment) env[name] = value;
  return env;
}

std::string value_or(const EnvMap& env, const std::string& name, const std::string& fallback) {
  auto found = env.find(name);
  return found == env.end() || found->second.empty() ? fallback : found->second;
}

// "a, b" -> {"a", "b"} (as the bot reads MCP_ALLOWED_HOSTS).
std::vector<std::string> split_hosts(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto comma = text.find(',', pos);
    auto item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    pos = comma == std::string::npos ? text.size() + 1 : comma + 1;
  }
  return out;
}

// The port a health check probes at /healthz ("...127.0.0.1:9091/healthz"), if it names one.
std::optional<std::string> probed_health_port(const ComposeService& service) {
  for (const auto& word : service.healthcheck_test) {
    const auto path = word.find("/healthz");
    if (path == std::string::npos) continue;
    const auto colon = word.rfind(':', path);
    if (colon == std::string::npos) continue;
    const auto port = word.substr(colon + 1, path - colon - 1);
    if (!port.empty() && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return port;
    }
  }
  return std::nullopt;
}

// Whether the health check probes the port that serves /healthz.
void check_health_port(const ComposeService& service, const std::string& serving_port, Report& report) {
  const auto probed = probed_health_port(service);
  if (!probed) return;
  const auto subject = "service " + service.name;
  if (*probed == serving_port) {
    report.pass("compose.healthcheck_port", subject, "the health check probes /healthz on port " + serving_port);
  } else {
    report.fail("compose.healthcheck_port", subject,
                fmt::format("the health check probes port {}, but /healthz is served on {} (never healthy)", *probed,
                            serving_port),
                fmt::format("probe http://127.0.0.1:{}/healthz", serving_port));
  }
}

// SIGTERM, then SIGKILL after stop_grace_period: it must outlast the
// process's own shutdown deadline, and an init must forward the signal.
void check_stopping(const ComposeService& service, std::chrono::seconds deadline, Report& report) {
  const auto subject = "service " + service.name;
  const auto grace = service.stop_grace_period.value_or(std::chrono::seconds(10));
  if (grace > deadline) {
    report.pass("compose.stop_grace_period", subject,
                fmt::format("stop_grace_period {} s outlasts the {} s shutdown",
                            std::chrono::duration_cast<std::chrono::seconds>(grace).count(), deadline.count()));
  } else {
    report.warn("compose.stop_grace_period", subject,
                fmt::format("stop_grace_period {} s: Compose kills the process before its {} s shutdown finishes",
                            std::chrono::duration_cast<std::chrono::seconds>(grace).count(), deadline.count()),
                fmt::format("set `stop_grace_period: {}s`", deadline.count() + 10));
  }
  if (service.init) {
    report.pass("compose.init", subject, "init: true");
  } else {
    report.warn("compose.init", subject, "no init process (children are not reaped)", "set `init: true`");
  }
}

void check_service_basics(const ComposeService& service, Report& report) {
  const auto subject = "service " + service.name;
  if (service.restart == "unless-stopped" || service.restart == "always") {
    report.pass("compose.restart", subject, "restart: " + *service.restart);
  } else {
    report.fail("compose.restart", subject,
                service.restart ? "restart: " + *service.restart : "no restart policy (a crash stays down)",
                "set `restart: unless-stopped`");
  }

  const auto driver = service.logging_driver.value_or("json-file");
  const bool rotating_driver = driver == "json-file" || driver == "local";
  if (!rotating_driver || service.logging_options.contains("max-size")) {
    report.pass("compose.log_rotation", subject,
                rotating_driver ? "logs rotate at " + service.logging_options.at("max-size") : "logs go to " + driver);
  } else if (driver == "local") {
    report.pass("compose.log_rotation", subject, "local log driver (rotates by default)");
  } else {
    report.warn("compose.log_rotation", subject, "json-file logs without max-size grow without bound",
                "add logging: {driver: json-file, options: {max-size: 10m, max-file: \"5\"}}");
  }

  if (service.healthcheck) {
    report.pass("compose.healthcheck", subject, "has a health check");
  } else {
    report.warn("compose.healthcheck", subject, "no health check",
                service.is_postgres() ? "add `pg_isready` as the healthcheck" : "check http://127.0.0.1:9091/healthz");
  }

  if (service.memory_limit) {
    report.pass("compose.resources", subject, "memory limit set");
  } else {
    report.warn("compose.resources", subject, "no memory limit", "set deploy.resources.limits.memory");
  }

  if (service.image) {
    const auto& image = *service.image;
    const auto slash = image.rfind('/');
    const auto colon = image.find(':', slash == std::string::npos ? 0 : slash);
    if (image.find('@') != std::string::npos) {
      report.pass("compose.image_tag", subject, "image pinned by digest");
    } else if (colon == std::string::npos || image.substr(colon + 1) == "latest") {
      report.warn("compose.image_tag", subject, "image " + image + " is not pinned to a version",
                  "use an explicit tag (e.g. postgres:15-bookworm, discord-bot:0.1.0) so upgrades are deliberate");
    } else {
      report.pass("compose.image_tag", subject, "image " + image);
    }
  } else if (service.builds) {
    report.warn("compose.image_tag", subject, "built without an image tag",
                "add `image: name:version` next to `build:` so the running version is known");
  }
}

void check_postgres(const ComposeProject& project, const ComposeService& service, Report& report) {
  const auto subject = "service " + service.name;
  if (service.ports.empty()) {
    report.pass("compose.postgres_port", subject, "Postgres is not published");
  } else {
    std::vector<std::string> published;
    for (const auto& port : service.ports) published.push_back(describe(port));
    report.fail("compose.postgres_port", subject, "Postgres is published: " + join(published),
                "remove `ports:` from the postgres service; bots reach it over the compose network");
  }
  const auto password = value_or(service.environment, "POSTGRES_PASSWORD", "");
  const auto method = value_or(service.environment, "POSTGRES_HOST_AUTH_METHOD", "");
  static const std::set<std::string> kDefaults = {"discord_bot_pass", "postgres",    "password", "change-me",
                                                  "changeme",         "discord_bot", "admin",    "secret"};
  const bool weak = method == "trust" || password.empty() || kDefaults.contains(password) || password.size() < 12;
  if (!weak) {
    report.pass("compose.postgres_password", subject, "non-default Postgres password");
  } else if (!service.ports.empty()) {
    report.fail("compose.postgres_password", subject, "default or weak Postgres password on a published port",
                "set POSTGRES_PASSWORD=$(openssl rand -hex 24) in " + (project.dir / ".env").string() +
                    " and stop publishing the port");
  } else {
    report.warn("compose.postgres_password", subject, "default or weak Postgres password (port not published)",
                "set POSTGRES_PASSWORD=$(openssl rand -hex 24) in the repo-root .env");
  }
}

void check_bot(const ComposeProject& project, const ComposeService& service, Report& report) {
  const auto subject = "service " + service.name;
  const auto env = container_env(project, service);
  const auto mcp_port = value_or(env, "MCP_PORT", "9090");
  std::vector<std::string> mcp_published;
  std::vector<std::string> other_published;
  for (const auto& port : service.ports) {
    (port.container_port == mcp_port ? mcp_published : other_published).push_back(describe(port));
  }
  if (!mcp_published.empty()) {
    report.fail("compose.bot_mcp_port", subject, "the bot's MCP port is published: " + join(mcp_published),
                "remove it from `ports:`; clients go through the gateway on 127.0.0.1:9100");
  } else {
    report.pass("compose.bot_mcp_port", subject, "MCP port not published");
  }
  for (const auto& port : service.ports) {
    if (port.container_port != mcp_port && !port.loopback()) {
      report.warn("compose.bot_ports", subject, "published beyond loopback: " + describe(port),
                  "publish on 127.0.0.1 only, or not at all");
    }
  }

  bool read_only_config = false;
  for (const auto& volume : service.volumes) {
    if (volume.target == "/config") read_only_config = volume.read_only;
  }
  if (read_only_config) {
    report.pass("compose.config_mount", subject, "config mounted read-only");
  } else {
    report.warn("compose.config_mount", subject, "config directory mounted writable",
                "mount it with `:ro`; the bot writes only to /data");
  }
  const bool tmp = std::any_of(service.tmpfs.begin(), service.tmpfs.end(),
                               [](const std::string& t) { return t == "/tmp" || t.starts_with("/tmp:"); });
  if (tmp) {
    report.pass("compose.tmpfs", subject, "/tmp is a tmpfs");
  } else {
    report.warn("compose.tmpfs", subject, "no tmpfs for /tmp", "add `tmpfs: [/tmp:size=500M]` (music scratch space)");
  }
  check_health_port(service, value_or(env, "HEALTH_PORT", "9091"), report);
  check_stopping(service, kBotShutdownDeadline, report);
}

void check_gateway(const ComposeProject& project, const ComposeService& gateway, Report& report) {
  const auto subject = "service " + gateway.name;
  // The gateway serves /healthz beside /mcp, on GATEWAY_PORT.
  check_health_port(gateway, value_or(gateway.environment, "GATEWAY_PORT", "9100"), report);
  check_stopping(gateway, kGatewayShutdownDeadline, report);
  if (gateway.ports.empty()) {
    report.warn("compose.gateway_port", subject, "the gateway is not published",
                "publish it as 127.0.0.1:9100:9100 for local MCP clients");
  }
  for (const auto& port : gateway.ports) {
    if (port.loopback()) {
      report.pass("compose.gateway_port", subject, "published on loopback only: " + describe(port));
    } else {
      report.fail("compose.gateway_port", subject, "published beyond loopback: " + describe(port),
                  "publish as 127.0.0.1:9100:9100 and reach it over SSH or a VPN (docs/mcp.md)");
    }
  }

  const auto token = value_or(gateway.environment, "MCP_AUTH_TOKEN", "");
  const auto backend_token = value_or(gateway.environment, "BACKEND_AUTH_TOKEN", token);
  if (token.empty()) {
    report.fail("compose.gateway_token", subject, "MCP_AUTH_TOKEN is not set",
                "set MCP_GATEWAY_AUTH_TOKEN=$(openssl rand -hex 32) in the repo-root .env");
  } else if (is_weak_token(token)) {
    report.fail("compose.gateway_token", subject, "the gateway token is weak (short or guessable)",
                "openssl rand -hex 32");
  } else {
    report.pass("compose.gateway_token", subject, "gateway token set");
  }

  std::map<std::string, const ComposeService*> bots;
  for (const auto& service : project.services) {
    if (is_bot(service)) bots[service.name] = &service;
  }
  const auto instances = parse_instance_list(value_or(gateway.environment, "INSTANCES", ""));
  std::set<std::string> reached;
  for (const auto& [name, url] : instances) {
    // http://<service>:<port>[/mcp]
    const auto scheme = url.find("://");
    const auto host_start = scheme == std::string::npos ? 0 : scheme + 3;
    const auto host_end = url.find_first_of(":/", host_start);
    const auto host = url.substr(host_start, host_end == std::string::npos ? std::string::npos : host_end - host_start);
    std::string port = "80";
    if (host_end != std::string::npos && url[host_end] == ':') {
      const auto port_end = url.find('/', host_end);
      port = url.substr(host_end + 1, port_end == std::string::npos ? std::string::npos : port_end - host_end - 1);
    }
    const auto bot = bots.find(host);
    if (bot == bots.end()) {
      report.fail("compose.gateway_instances", subject,
                  fmt::format("INSTANCES entry '{}' points at '{}', which is not a bot service", name, host),
                  "fix the URL or remove the entry");
      continue;
    }
    reached.insert(host);
    const auto env = container_env(project, *bot->second);
    const auto mcp_port = value_or(env, "MCP_PORT", "9090");
    if (port != mcp_port) {
      report.fail("compose.gateway_instances", subject,
                  fmt::format("INSTANCES entry '{}' uses port {}, but {} serves MCP on {}", name, port, host, mcp_port),
                  fmt::format("use http://{}:{}", host, mcp_port));
    }
    // The bot checks the Host header the gateway sends (the URL's authority).
    const auto path_start = url.find('/', host_start);
    const auto authority =
        url.substr(host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
    if (host_allowed(authority, split_hosts(value_or(env, "MCP_ALLOWED_HOSTS", "")))) {
      report.pass("compose.gateway_backend_host", "service " + host, "accepts the gateway's Host: " + authority);
    } else {
      report.fail("compose.gateway_backend_host", "service " + host,
                  fmt::format("answers the gateway's `Host: {}` with 403 (MCP_ALLOWED_HOSTS does not list {})",
                              authority, host),
                  fmt::format("set MCP_ALLOWED_HOSTS: {} in the service's environment", host));
    }
    const auto bot_token = value_or(env, "MCP_AUTH_TOKEN", "");
    if (bot_token != backend_token) {
      // Never print either token.
      report.fail("compose.gateway_backend_token", "service " + host,
                  "the bot's MCP_AUTH_TOKEN differs from the token the gateway sends (every call would get 401)",
                  "set the same value as MCP_GATEWAY_AUTH_TOKEN (or BACKEND_AUTH_TOKEN) in the instance .env");
    } else {
      report.pass("compose.gateway_backend_token", "service " + host, "gateway and bot tokens match");
    }
  }
  for (const auto& [name, bot] : bots) {
    if (!reached.contains(name)) {
      report.fail("compose.gateway_instances", subject, "INSTANCES has no entry for bot service " + name,
                  fmt::format("add {}=http://{}:9090 to INSTANCES", name, name));
    }
  }
  if (!instances.empty() && reached.size() == bots.size()) {
    report.pass("compose.gateway_instances", subject, fmt::format("INSTANCES reaches all {} bot(s)", bots.size()));
  }
}

void check_root_env(const ComposeProject& project, Report& report) {
  const auto env_path = project.dir / ".env";
  if (!fs::exists(env_path)) return;
  try {
    const auto inside = db::run_process({"git", "-C", project.dir.string(), "rev-parse", "--is-inside-work-tree"});
    if (inside.exit_code != 0) return;
    const bool tracked =
        db::run_process({"git", "-C", project.dir.string(), "ls-files", "--error-unmatch", "--", ".env"}).exit_code ==
        0;
    const bool ignored =
        db::run_process({"git", "-C", project.dir.string(), "check-ignore", "-q", "--", ".env"}).exit_code == 0;
    if (tracked || !ignored) {
      report.fail("compose.env_git", env_path.string(),
                  tracked ? "the compose .env is tracked by git" : "the compose .env is not ignored by git",
                  "add `.env` to .gitignore (and `git rm --cached .env`, then rotate its secrets)");
    } else {
      report.pass("compose.env_git", env_path.string(), "ignored by git");
    }
  } catch (const std::exception&) {
    // No git: nothing to check.
  }
}

}  // namespace

void check_compose(const ComposeProject& project, const std::vector<LoadedInstance>& instances, Report& report) {
  (void)instances;
  const auto file = project.file.string();
  if (project.problems.empty()) {
    report.pass("compose.variables", file, "every ${...} variable resolves");
  }
  for (const auto& problem : project.problems) {
    report.fail("compose.variables", file, problem, "set it in " + (project.dir / ".env").string());
  }
  check_root_env(project, report);
  const ComposeService* gateway = nullptr;
  bool has_postgres = false;
  for (const auto& service : project.services) {
    check_service_basics(service, report);
    if (service.is_postgres()) {
      has_postgres = true;
      check_postgres(project, service, report);
    } else if (service.is_gateway()) {
      gateway = &service;
    } else if (is_bot(service)) {
      check_bot(project, service, report);
    }
  }
  (void)has_postgres;
  if (gateway) {
    check_gateway(project, *gateway, report);
  } else {
    report.skip("compose.gateway_instances", file, "no mcp-gateway service");
  }
}

}  // namespace dbot::ops::detail
