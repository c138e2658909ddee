#include "gateway/client_keys.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <boost/json.hpp>

#include "gateway/config.hpp"

namespace dbot::gateway {

namespace json = boost::json;

namespace {

bool parse_hex_digest(std::string_view hex, mcp::Sha256Digest& out) {
  if (hex.size() != 64) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < 32; ++i) {
    int hi = nibble(hex[2 * i]);
    int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return true;
}

}  // namespace

std::vector<ClientKey> parse_client_keys(std::string_view json_text) {
  boost::system::error_code ec;
  json::value root = json::parse(json_text, ec);
  if (ec) throw ConfigError("MCP_CLIENT_KEYS_FILE is not valid JSON: " + ec.message());
  const json::object* object = root.if_object();
  const json::value* clients = object ? object->if_contains("clients") : nullptr;
  if (!clients || !clients->is_array()) {
    throw ConfigError("MCP_CLIENT_KEYS_FILE must be an object with a \"clients\" array");
  }
  std::vector<ClientKey> out;
  std::set<std::string> ids;
  std::size_t index = 0;
  for (const auto& entry : clients->as_array()) {
    ++index;
    const json::object* e = entry.if_object();
    if (!e) throw ConfigError(fmt::format("MCP_CLIENT_KEYS_FILE client {} is not an object", index));
    ClientKey key;
    const json::value* id = e->if_contains("id");
    if (!id || !id->is_string() || id->as_string().empty() || id->as_string().size() > 64) {
      throw ConfigError(fmt::format("MCP_CLIENT_KEYS_FILE client {} needs an \"id\" (1-64 characters)", index));
    }
    key.id = std::string(id->as_string());
    if (key.id == "operator") {
      throw ConfigError("MCP_CLIENT_KEYS_FILE: the id \"operator\" is reserved for MCP_AUTH_TOKEN");
    }
    if (!ids.insert(key.id).second) {
      throw ConfigError(fmt::format("MCP_CLIENT_KEYS_FILE lists client \"{}\" twice", key.id));
    }
    const json::value* hash = e->if_contains("key_sha256");
    if (!hash || !hash->is_string() || !parse_hex_digest(hash->as_string(), key.key_digest)) {
      throw ConfigError(fmt::format(
          "MCP_CLIENT_KEYS_FILE client \"{}\": key_sha256 must be 64 hex digits (sha256sum of the key)", key.id));
    }
    const json::value* scopes = e->if_contains("scopes");
    if (!scopes || !scopes->is_array() || scopes->as_array().empty()) {
      throw ConfigError(fmt::format("MCP_CLIENT_KEYS_FILE client \"{}\" needs a non-empty \"scopes\" array", key.id));
    }
    for (const auto& s : scopes->as_array()) {
      auto scope = s.is_string() ? mcp::parse_scope(s.as_string()) : std::nullopt;
      if (!scope) {
        throw ConfigError(
            fmt::format("MCP_CLIENT_KEYS_FILE client \"{}\": scopes are read, write, moderate and admin", key.id));
      }
      key.scopes = static_cast<std::uint8_t>(key.scopes | static_cast<std::uint8_t>(*scope));
    }
    if (const json::value* instances = e->if_contains("instances"); instances && !instances->is_null()) {
      if (!instances->is_array()) {
        throw ConfigError(fmt::format("MCP_CLIENT_KEYS_FILE client \"{}\": instances must be an array", key.id));
      }
      std::vector<std::string> names;
      for (const auto& n : instances->as_array()) {
        if (!n.is_string()) {
          throw ConfigError(fmt::format("MCP_CLIENT_KEYS_FILE client \"{}\": instance names are strings", key.id));
        }
        names.emplace_back(n.as_string());
      }
      key.instances = std::move(names);
    }
    if (const json::value* disabled = e->if_contains("disabled"); disabled && !disabled->is_null()) {
      if (!disabled->is_bool()) {
        throw ConfigError(fmt::format("MCP_CLIENT_KEYS_FILE client \"{}\": disabled is true or false", key.id));
      }
      key.disabled = disabled->as_bool();
    }
    out.push_back(std::move(key));
  }
  return out;
}

std::vector<ClientKey> load_client_keys(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("MCP_CLIENT_KEYS_FILE {} cannot be read", path.string()));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_client_keys(buffer.str());
}

ClientKeyAuthenticator::ClientKeyAuthenticator(std::vector<ClientKey> keys, std::string_view operator_token)
    : keys_(std::move(keys)),
      operator_enabled_(!operator_token.empty()),
      operator_digest_(mcp::sha256(operator_token)) {}

std::optional<mcp::ClientIdentity> ClientKeyAuthenticator::authenticate(const net::HttpRequest& request) const {
  auto token = mcp::bearer_token(request);
  auto digest = mcp::sha256(token.value_or(std::string_view{}));
  const ClientKey* match = nullptr;
  bool operator_match = false;
  // Compare against every entry so the time taken does not depend on which.
  for (const auto& key : keys_) {
    bool equal = CRYPTO_memcmp(digest.data(), key.key_digest.data(), digest.size()) == 0;
    if (equal && !match) match = &key;
  }
  if (operator_enabled_) {
    operator_match = CRYPTO_memcmp(digest.data(), operator_digest_.data(), digest.size()) == 0;
  }
  if (!token) return std::nullopt;
  if (operator_match) {
    mcp::ClientIdentity identity;
    identity.client_id = "operator";
    return identity;
  }
  if (!match || match->disabled) return std::nullopt;
  mcp::ClientIdentity identity;
  identity.client_id = match->id;
  identity.scopes = match->scopes;
  identity.instances = match->instances;
  return identity;
}

}  // namespace dbot::gateway
