#include "mcp/transport/auth.hpp"

#include <algorithm>

namespace dbot::mcp {

std::optional<Scope> parse_scope(std::string_view text) {
  if (text == "read") return Scope::read;
  if (text == "write") return Scope::write;
  if (text == "moderate") return Scope::moderate;
  if (text == "admin") return Scope::admin;
  return std::nullopt;
}

const char* scope_name(Scope scope) {
  switch (scope) {
    case Scope::read: return "read";
    case Scope::write: return "write";
    case Scope::moderate: return "moderate";
    case Scope::admin: return "admin";
  }
  return "admin";
}

bool ClientIdentity::has_scope(Scope scope) const {
  return (scopes & static_cast<std::uint8_t>(Scope::admin)) != 0 || (scopes & static_cast<std::uint8_t>(scope)) != 0;
}

bool ClientIdentity::may_use_instance(std::string_view name) const {
  return !instances || std::find(instances->begin(), instances->end(), name) != instances->end();
}

std::optional<std::string_view> bearer_token(const net::HttpRequest& request) {
  auto header = request.headers.get("Authorization");
  if (!header) return std::nullopt;
  std::string_view value = *header;
  if (value.size() < 7 || ascii_lower(value.substr(0, 7)) != "bearer ") return std::nullopt;
  value.remove_prefix(7);
  if (value.empty()) return std::nullopt;
  return value;
}

StaticTokenAuthenticator::StaticTokenAuthenticator(std::string_view token, std::string client_id)
    : enabled_(!token.empty()), digest_(sha256(token)), client_id_(std::move(client_id)) {}

std::optional<ClientIdentity> StaticTokenAuthenticator::authenticate(const net::HttpRequest& request) const {
  ClientIdentity identity;
  if (!enabled_) return identity;
  auto token = bearer_token(request);
  // Always hash something so a missing header costs the same as a wrong one.
  const bool ok = digest_equals(token.value_or(std::string_view{}), digest_);
  if (!token || !ok) return std::nullopt;
  identity.client_id = client_id_;
  return identity;
}

}  // namespace dbot::mcp
