#pragma once
// Per-client keys for the gateway (MCP_CLIENT_KEYS_FILE), so one client can be
// revoked alone. The file is JSON:
//
//   {"clients": [
//     {"id": "claude-laptop",
//      "key_sha256": "<64 hex digits: SHA-256 of the key>",
//      "scopes": ["read", "write"],            // read | write | moderate | admin
//      "instances": ["main"],                  // optional; absent = all
//      "disabled": false}                      // optional; true = revoked
//   ]}
//
// Keys are stored only as hashes and compared in constant time; every entry
// is compared, so timing does not reveal which one matched. MCP_AUTH_TOKEN
// stays valid as the operator's own key (client id "operator", all scopes).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/transport/auth.hpp"

namespace dbot::gateway {

struct ClientKey {
  std::string id;
  mcp::Sha256Digest key_digest{};
  std::uint8_t scopes = 0;
  std::optional<std::vector<std::string>> instances;
  bool disabled = false;
};

// Throws gateway::ConfigError naming the problem (never a key).
std::vector<ClientKey> parse_client_keys(std::string_view json_text);
std::vector<ClientKey> load_client_keys(const std::filesystem::path& path);

class ClientKeyAuthenticator : public mcp::Authenticator {
 public:
  // `operator_token` may be empty (then only the listed keys work).
  ClientKeyAuthenticator(std::vector<ClientKey> keys, std::string_view operator_token);
  std::optional<mcp::ClientIdentity> authenticate(const net::HttpRequest& request) const override;

 private:
  std::vector<ClientKey> keys_;
  bool operator_enabled_;
  mcp::Sha256Digest operator_digest_;
};

}  // namespace dbot::gateway
