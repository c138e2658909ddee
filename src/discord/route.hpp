#pragma once
// A Discord REST route built from a declared endpoint template and named
// arguments (never parsed back from a formatted path). The rate limiter keys
// a route by its template plus its major parameters: Discord shares a limit
// between requests of one template only when their channel_id, guild_id, or
// webhook_id and webhook_token match. Endpoints are declared once, in
// discord/routes.hpp.

#include <concepts>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/snowflake.hpp"

namespace dbot::discord {

enum class Method { get, post, put, patch, del };

std::string_view method_name(Method method);

// Whether a request may be sent again after an attempt that got no answer
// (a timeout, a dropped connection) or a 5xx: Discord may have acted on it.
enum class Resend {
  by_method,   // GET, PUT, PATCH, DELETE: repeating one leaves the same state. POST: never.
  with_nonce,  // a POST that carries a nonce with enforce_nonce: Discord returns the first result
  harmless,    // a POST whose repeat changes nothing more (opening a DM returns the same channel; typing)
};

// One REST endpoint: method and a path template relative to /api/v10 whose
// `{name}` placeholders are filled by RouteArgs.
struct Endpoint {
  Method method;
  std::string_view path_template;
  Resend resend = Resend::by_method;
};

// A named value for one placeholder. Ids are written as numbers; strings
// (tokens, emoji, invite codes) are percent-encoded.
struct RouteArg {
  RouteArg(std::string_view placeholder, Snowflake id);
  RouteArg(std::string_view placeholder, std::string_view text);
  RouteArg(std::string_view placeholder, const char* text) : RouteArg(placeholder, std::string_view(text)) {}
  RouteArg(std::string_view placeholder, const std::string& text) : RouteArg(placeholder, std::string_view(text)) {}

  std::string_view name;
  std::string value;  // already encoded for the path
};

class Route {
 public:
  // Throws std::logic_error when a placeholder has no argument or an argument
  // names no placeholder: a programming error, never user input.
  Route(Endpoint endpoint, std::initializer_list<RouteArg> args);
  explicit Route(Endpoint endpoint) : Route(endpoint, {}) {}

  // Appends `key=value` (value percent-encoded) to the query string. Queries
  // never change the bucket.
  Route& query(std::string_view key, std::string_view value);
  template <std::integral T>
  Route& query(std::string_view key, T value) {
    return query(key, std::string_view(std::to_string(value)));
  }

  Method method() const { return method_; }
  std::string_view method_text() const { return method_name(method_); }
  // Path with query, relative to /api/v10, e.g. /channels/1/messages?limit=50.
  const std::string& path() const { return path_; }
  // "GET /channels/{channel_id}/messages": identical for every channel.
  const std::string& template_key() const { return template_key_; }
  // "channels/123", "guilds/456", "webhooks/789/<token>", or empty.
  const std::string& major() const { return major_; }
  // Interaction callbacks and webhook (follow-up) calls with a token do not
  // count against the global limit.
  bool global_exempt() const { return global_exempt_; }
  Resend resend() const { return resend_; }
  // True when sending it twice cannot do twice what it asks (see Resend).
  bool repeatable() const { return resend_ != Resend::by_method || method_ != Method::post; }

 private:
  Method method_;
  Resend resend_ = Resend::by_method;
  std::string path_;
  std::string template_key_;
  std::string major_;
  bool global_exempt_ = false;
  bool has_query_ = false;
};

}  // namespace dbot::discord
