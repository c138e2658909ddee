#include "gateway/config.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "core/address.hpp"

namespace dbot::gateway {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

bool valid_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

// Shows where the bad entry is without echoing a URL that might carry
// credentials.
std::string entry_label(std::size_t index) { return fmt::format("entry {}", index + 1); }

template <class T>
T parse_number(std::string_view text, T min, T max, std::string_view name) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw ConfigError(fmt::format("{} must be a number from {} to {}", name, min, max));
  }
  return value;
}

}  // namespace

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = trim(text.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<BackendConfig> parse_instances(std::string_view text) {
  static constexpr const char* kExample = "INSTANCES=main=http://127.0.0.1:9090,second=http://127.0.0.1:9091";
  if (trim(text).empty()) throw ConfigError(fmt::format("INSTANCES is required, e.g. {}", kExample));
  std::vector<BackendConfig> out;
  std::set<std::string, std::less<>> names;
  std::size_t index = 0;
  std::string_view rest = text;
  while (true) {
    auto comma = rest.find(',');
    auto entry = trim(rest.substr(0, comma));
    if (entry.empty()) {
      throw ConfigError(fmt::format("INSTANCES {} is empty (stray comma?); expected name=url, e.g. {}",
                                    entry_label(index), kExample));
    }
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) {
      throw ConfigError(
          fmt::format("INSTANCES {} has no '='; expected name=url, e.g. {}", entry_label(index), kExample));
    }
    auto name = trim(entry.substr(0, eq));
    auto url = trim(entry.substr(eq + 1));
    if (!valid_name(name)) {
      throw ConfigError(
          fmt::format("INSTANCES {}: the name must be 1-64 characters from A-Z a-z 0-9 _ - .", entry_label(index)));
    }
    if (!names.insert(std::string(name)).second) {
      throw ConfigError(fmt::format("INSTANCES names instance '{}' twice", name));
    }
    if (!(url.substr(0, 7) == "http://" || url.substr(0, 8) == "https://") || url.size() <= (url[4] == 's' ? 8u : 7u) ||
        url.find_first_of(" \t\"<>") != std::string_view::npos) {
      throw ConfigError(
          fmt::format("INSTANCES instance '{}': the URL must start with http:// or https:// and name a host", name));
    }
    std::string base(url);
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (base.size() < 4 || base.substr(base.size() - 4) != "/mcp") base += "/mcp";
    out.push_back(BackendConfig{std::string(name), std::move(base)});
    ++index;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

GatewayConfig load_gateway_config(const Env& env) {
  GatewayConfig config;
  for (const char* name : {"MCP_AUTH_TOKEN", "BACKEND_AUTH_TOKEN", "INSTANCES", "MCP_CLIENT_KEYS_FILE"}) {
    auto lookup = env.lookup(name);
    if (!lookup.error.empty()) throw ConfigError(lookup.error);
  }
  config.bind_address = env.get_or("GATEWAY_BIND_ADDR", "127.0.0.1");
  if (!is_valid_bind_address(config.bind_address)) {
    throw ConfigError("GATEWAY_BIND_ADDR must be an IPv4 or IPv6 address (or localhost)");
  }
  if (auto port = env.get("GATEWAY_PORT"); port && !port->empty()) {
    config.port = parse_number<std::uint16_t>(trim(*port), 1, 65535, "GATEWAY_PORT");
  }
  config.backends = parse_instances(env.get("INSTANCES").value_or(""));
  config.auth_token = env.get("MCP_AUTH_TOKEN").value_or("");
  if (config.auth_token.empty()) {
    throw ConfigError(
        "Refusing to start the gateway: MCP_AUTH_TOKEN is empty or unset. The gateway exposes every backend's "
        "Discord tools (ban, delete-channel, send-message, ...); set MCP_AUTH_TOKEN to a strong secret "
        "(openssl rand -hex 32).");
  }
  if (config.auth_token.size() < 32 && !is_loopback_address(config.bind_address)) {
    throw ConfigError(
        "Refusing to start the gateway: MCP_AUTH_TOKEN is shorter than 32 characters and "
        "GATEWAY_BIND_ADDR is not loopback; use a strong secret (openssl rand -hex 32).");
  }
  config.backend_token = env.get("BACKEND_AUTH_TOKEN").value_or("");
  if (config.backend_token.empty()) config.backend_token = config.auth_token;
  config.client_keys_file = env.get("MCP_CLIENT_KEYS_FILE").value_or("");
  config.allowed_hosts = split_list(env.get("MCP_ALLOWED_HOSTS").value_or(""));
  config.allowed_origins = split_list(env.get("MCP_ALLOWED_ORIGINS").value_or(""));
  if (auto ms = env.get("GATEWAY_CALL_TIMEOUT_MS"); ms && !ms->empty()) {
    config.call_timeout =
        std::chrono::milliseconds(parse_number<std::int64_t>(trim(*ms), 100, 600000, "GATEWAY_CALL_TIMEOUT_MS"));
  }
  if (auto s = env.get("GATEWAY_REFRESH_SECONDS"); s && !s->empty()) {
    config.refresh_interval =
        std::chrono::seconds(parse_number<std::int64_t>(trim(*s), 1, 86400, "GATEWAY_REFRESH_SECONDS"));
  }
  return config;
}

}  // namespace dbot::gateway
