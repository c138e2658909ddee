#pragma once
// Who is calling: client identities, scopes, and the authenticators that turn
// an Authorization header into an identity. Header-only (see jsonrpc.hpp).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/transport/security.hpp"
#include "net/http.hpp"

namespace dbot::mcp {

// What a client may do. `admin` implies every other scope.
enum class Scope : std::uint8_t { read = 1, write = 2, moderate = 4, admin = 8 };

inline std::optional<Scope> parse_scope(std::string_view text) {
  if (text == "read") return Scope::read;
  if (text == "write") return Scope::write;
  if (text == "moderate") return Scope::moderate;
  if (text == "admin") return Scope::admin;
  return std::nullopt;
}

inline const char* scope_name(Scope scope) {
  switch (scope) {
    case Scope::read: return "read";
    case Scope::write: return "write";
    case Scope::moderate: return "moderate";
    case Scope::admin: return "admin";
  }
  return "admin";
}

struct ClientIdentity {
  std::string client_id = "anonymous";
  std::uint8_t scopes = 0xF;  // bit set of Scope
  // Instances this client may reach through the gateway; nullopt = all.
  std::optional<std::vector<std::string>> instances;

  bool has_scope(Scope scope) const {
    return (scopes & static_cast<std::uint8_t>(Scope::admin)) != 0 || (scopes & static_cast<std::uint8_t>(scope)) != 0;
  }
  bool may_use_instance(std::string_view name) const {
    if (!instances) return true;
    for (const auto& allowed : *instances) {
      if (allowed == name) return true;
    }
    return false;
  }
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // nullopt means 401. Implementations must not log the presented secret.
  virtual std::optional<ClientIdentity> authenticate(const net::HttpRequest& request) const = 0;
};

// "Bearer <token>" -> "<token>"; the scheme is case-insensitive (RFC 9110),
// exactly one space follows it. nullopt for anything else.
inline std::optional<std::string_view> bearer_token(const net::HttpRequest& request) {
  auto header = request.headers.get("Authorization");
  if (!header) return std::nullopt;
  std::string_view value = *header;
  if (value.size() < 7 || ascii_lower(value.substr(0, 7)) != "bearer ") return std::nullopt;
  value.remove_prefix(7);
  if (value.empty()) return std::nullopt;
  return value;
}

// One static bearer token for everyone (the seed's model). An empty token
// admits every request; whether that is allowed is decided at startup.
class StaticTokenAuthenticator : public Authenticator {
 public:
  explicit StaticTokenAuthenticator(std::string_view token, std::string client_id = "token")
      : enabled_(!token.empty()), digest_(sha256(token)), client_id_(std::move(client_id)) {}

  std::optional<ClientIdentity> authenticate(const net::HttpRequest& request) const override {
    ClientIdentity identity;
    if (!enabled_) return identity;
    auto token = bearer_token(request);
    // Always hash something so a missing header costs the same as a wrong one.
    bool ok = digest_equals(token.value_or(std::string_view{}), digest_);
    if (!token || !ok) return std::nullopt;
    identity.client_id = client_id_;
    return identity;
  }

 private:
  bool enabled_;
  Sha256Digest digest_;
  std::string client_id_;
};

}  // namespace dbot::mcp
