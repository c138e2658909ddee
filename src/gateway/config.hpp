#pragma once
// The gateway's configuration, from the environment (names as the seed's):
// GATEWAY_PORT (9100), GATEWAY_BIND_ADDR (127.0.0.1), INSTANCES
// ("name=url,..."), MCP_AUTH_TOKEN (required), BACKEND_AUTH_TOKEN (default:
// MCP_AUTH_TOKEN), MCP_CLIENT_KEYS_FILE, MCP_ALLOWED_HOSTS / MCP_ALLOWED_ORIGINS
// (comma-separated), GATEWAY_CALL_TIMEOUT_MS (60000), GATEWAY_REFRESH_SECONDS (60).

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/env.hpp"

namespace dbot::gateway {

struct BackendConfig {
  std::string name;
  std::string mcp_url;  // the full endpoint URL, ".../mcp"
};

struct GatewayConfig {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 9100;
  std::vector<BackendConfig> backends;
  std::string auth_token;
  std::string backend_token;
  std::string client_keys_file;
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> allowed_origins;
  std::chrono::milliseconds call_timeout{60000};
  std::chrono::seconds refresh_interval{60};
};

// One line that says what is wrong and how to fix it; never contains a secret.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ConfigError.
std::vector<BackendConfig> parse_instances(std::string_view text);
GatewayConfig load_gateway_config(const Env& env);

// Splits "a, b,,c" into {"a","b","c"}.
std::vector<std::string> split_list(std::string_view text);

}  // namespace dbot::gateway
