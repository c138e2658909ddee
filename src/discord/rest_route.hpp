#pragma once
// Rate-limit routes for Discord REST paths. Discord shares a limit between
// requests of the same route template (one `X-RateLimit-Bucket`) only when
// their top-level resource matches: the channel id, the guild id, or the
// webhook id and token. A Route keeps that resource and blanks every other id.

#include <string>
#include <string_view>

namespace dbot::discord {

struct Route {
  // "GET /channels/{major}/messages/{id}": identical for every channel.
  std::string template_key;
  // "channels/123", "guilds/456", "webhooks/789/<token>", or empty.
  std::string major;
  // Interaction callbacks and follow-ups do not count against the global limit.
  bool global_exempt = false;
};

// `path` is relative to the versioned API base ("/channels/1/messages"), with
// or without a query string (ignored).
Route make_route(std::string_view method, std::string_view path);

}  // namespace dbot::discord
