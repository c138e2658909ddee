#pragma once
// Who is calling: client identities, scopes, and the authenticators that turn
// an Authorization header into an identity.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/transport/security.hpp"
#include "net/http.hpp"

namespace dbot::mcp {

// What a client may do. `admin` implies every other scope.
enum class Scope : std::uint8_t { read = 1, write = 2, moderate = 4, admin = 8 };

std::optional<Scope> parse_scope(std::string_view text);
const char* scope_name(Scope scope);

struct ClientIdentity {
  std::string client_id = "anonymous";
  std::uint8_t scopes = 0xF;  // bit set of Scope
  // Instances this client may reach through the gateway; nullopt = all.
  std::optional<std::vector<std::string>> instances;

  bool has_scope(Scope scope) const;
  bool may_use_instance(std::string_view name) const;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // nullopt means 401. Implementations must not log the presented secret.
  virtual std::optional<ClientIdentity> authenticate(const net::HttpRequest& request) const = 0;
};

// "Bearer <token>" -> "<token>"; the scheme is case-insensitive (RFC 9110),
// exactly one space follows it. nullopt for anything else.
std::optional<std::string_view> bearer_token(const net::HttpRequest& request);

// One static bearer token for everyone (the seed's model). An empty token
// admits every request; whether that is allowed is decided at startup.
class StaticTokenAuthenticator : public Authenticator {
 public:
  explicit StaticTokenAuthenticator(std::string_view token, std::string client_id = "token");

  std::optional<ClientIdentity> authenticate(const net::HttpRequest& request) const override;

 private:
  bool enabled_;
  Sha256Digest digest_;
  std::string client_id_;
};

}  // namespace dbot::mcp
