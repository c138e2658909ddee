#pragma once
// One REST request being answered: the world, the acting user, the audit-log
// reason, and the routes split over rest_*.cpp. Internal to src/sim.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/detail/api_support.hpp"
#include "sim/gateway.hpp"
#include "sim/world.hpp"

namespace dbot::sim::detail {

using Segments = std::vector<std::string_view>;

struct RestContext {
  World& world;
  Gateway& gateway;
  const net::HttpRequest& request;
  Clock::time_point now;
  Id actor = 0;        // who makes the request (the bot for REST)
  std::string reason;  // X-Audit-Log-Reason, decoded
  std::string http_base;
  std::string gateway_url;
  unsigned recommended_shards = 1;
};

class Rest {
 public:
  explicit Rest(RestContext ctx) : c_(std::move(ctx)), w_(c_.world) {}

  // nullopt: no route matched.
  std::optional<net::HttpResponse> route(const Segments& s);

  // ---- shared by control and REST ------------------------------------------
  Guild& guild_or_404(Id id);
  Channel& channel_or_404(Id id);
  Message& message_or_404(Id channel_id, Id message_id);
  Member& member_or_404(Guild& g, Id user_id);
  // The actor's permissions in a channel (DMs: the text permissions).
  std::uint64_t perms_in(const Channel& ch);
  std::uint64_t perms_in(const Guild& g);
  void need_channel(const Channel& ch, std::uint64_t bits);  // 50001 without VIEW_CHANNEL, else 50013
  void need_guild(const Guild& g, std::uint64_t bits);
  void emit(std::string name, std::optional<Id> guild_id, std::uint64_t intents, const json::value& data,
            bool message_content = false);
  void audit(Id guild_id, int action_type, std::optional<Id> target);

  // Validates a message body (content/embeds/components limits; 50006 when empty).
  void validate_message(const json::object& body, bool allow_empty);
  // Creates, stores and dispatches a message from `author` in `ch`.
  Message& create_message(Channel& ch, Id author, const json::object& body, std::optional<Id> webhook_id = {});
  // Applies an edit (content/embeds/components/flags) and dispatches MESSAGE_UPDATE.
  Message& edit_message(Message& m, const json::object& body);
  void delete_message(Message& m);
  json::object member_with_permissions(Guild& g, Member& m, const Channel* ch);
  // The INTERACTION_CREATE payload of an interaction.
  json::object interaction_payload(const Interaction& i);

 private:
  std::optional<net::HttpResponse> misc_routes(const Segments& s);
  std::optional<net::HttpResponse> channel_routes(const Segments& s);
  std::optional<net::HttpResponse> message_routes(const Segments& s);
  std::optional<net::HttpResponse> guild_routes(const Segments& s);
  std::optional<net::HttpResponse> member_routes(const Segments& s);
  std::optional<net::HttpResponse> role_routes(const Segments& s);
  std::optional<net::HttpResponse> webhook_routes(const Segments& s);
  std::optional<net::HttpResponse> interaction_routes(const Segments& s);
  std::optional<net::HttpResponse> command_routes(const Segments& s);

  const std::string& method() const { return c_.request.method; }
  void parse_mentions(Message& m, const json::object& body);
  void emit_member_update(Guild& g, Member& m);
  void ban(Guild& g, Id user_id, std::int64_t delete_message_seconds);
  void apply_channel_patch(Channel& ch, const json::object& body);

  RestContext c_;
  World& w_;
};

}  // namespace dbot::sim::detail
