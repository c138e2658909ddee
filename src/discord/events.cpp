#include "discord/events.hpp"

#include <array>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "discord/models_json.hpp"

namespace dbot::discord {
namespace json = boost::json;
namespace {

const json::object* object_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

std::string string_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

User user_in(const json::object& o) {
  const auto* user = object_at(o, "user");
  return user ? parse_user(*user) : User{};
}

template <typename Model>
Model member_event(const json::object& o) {
  Model model;
  model.guild_id = snowflake_of(o.if_contains("guild_id"));
  model.user = user_in(o);
  model.member = parse_member(o, model.user.id);
  return model;
}

template <typename Model>
Model guild_and_user(const json::object& o) {
  return Model{snowflake_of(o.if_contains("guild_id")), user_in(o)};
}

using Parser = ParsedEvent (*)(const json::object&);

struct Entry {
  Event event;
  std::string_view name;
  Parser parse;  // nullptr: no model
};

// One row per event: its name and how its payload becomes a model.
constexpr std::array kEvents = std::to_array<Entry>({
    {Event::ready, "READY", nullptr},
    {Event::resumed, "RESUMED", nullptr},
    {Event::guild_create, "GUILD_CREATE", [](const json::object& o) -> ParsedEvent { return parse_guild(o); }},
    {Event::guild_update, "GUILD_UPDATE", nullptr},
    {Event::guild_delete, "GUILD_DELETE", nullptr},
    {Event::guild_member_add, "GUILD_MEMBER_ADD",
     [](const json::object& o) -> ParsedEvent { return member_event<MemberAdd>(o); }},
    {Event::guild_member_update, "GUILD_MEMBER_UPDATE",
     [](const json::object& o) -> ParsedEvent { return member_event<MemberUpdate>(o); }},
    {Event::guild_member_remove, "GUILD_MEMBER_REMOVE",
     [](const json::object& o) -> ParsedEvent { return guild_and_user<MemberRemove>(o); }},
    {Event::guild_members_chunk, "GUILD_MEMBERS_CHUNK", nullptr},
    {Event::guild_ban_add, "GUILD_BAN_ADD",
     [](const json::object& o) -> ParsedEvent { return guild_and_user<BanAdd>(o); }},
    {Event::guild_ban_remove, "GUILD_BAN_REMOVE",
     [](const json::object& o) -> ParsedEvent { return guild_and_user<BanRemove>(o); }},
    {Event::guild_role_create, "GUILD_ROLE_CREATE", nullptr},
    {Event::guild_role_update, "GUILD_ROLE_UPDATE", nullptr},
    {Event::guild_role_delete, "GUILD_ROLE_DELETE", nullptr},
    {Event::channel_create, "CHANNEL_CREATE", nullptr},
    {Event::channel_update, "CHANNEL_UPDATE", nullptr},
    {Event::channel_delete, "CHANNEL_DELETE", nullptr},
    {Event::thread_create, "THREAD_CREATE", nullptr},
    {Event::thread_update, "THREAD_UPDATE", nullptr},
    {Event::thread_delete, "THREAD_DELETE", nullptr},
    {Event::message_create, "MESSAGE_CREATE", [](const json::object& o) -> ParsedEvent { return parse_message(o); }},
    {Event::message_update, "MESSAGE_UPDATE", nullptr},
    {Event::message_delete, "MESSAGE_DELETE",
     [](const json::object& o) -> ParsedEvent {
       return MessageDelete{snowflake_of(o.if_contains("id")), snowflake_of(o.if_contains("channel_id")),
                            snowflake_of(o.if_contains("guild_id"))};
     }},
    {Event::message_delete_bulk, "MESSAGE_DELETE_BULK", nullptr},
    {Event::interaction_create, "INTERACTION_CREATE",
     [](const json::object& o) -> ParsedEvent { return parse_interaction(o); }},
    {Event::voice_state_update, "VOICE_STATE_UPDATE",
     [](const json::object& o) -> ParsedEvent { return parse_voice_state(o); }},
    {Event::voice_server_update, "VOICE_SERVER_UPDATE",
     [](const json::object& o) -> ParsedEvent {
       return VoiceServerUpdate{snowflake_of(o.if_contains("guild_id")), string_at(o, "token"),
                                string_at(o, "endpoint")};
     }},
    {Event::user_update, "USER_UPDATE", nullptr},
});

const Entry* entry_for(Event event) {
  for (const auto& entry : kEvents) {
    if (entry.event == event) return &entry;
  }
  return nullptr;
}

}  // namespace

std::string_view event_name(Event event) {
  const auto* entry = entry_for(event);
  return entry ? entry->name : std::string_view();
}

Event event_named(std::string_view name) {
  for (const auto& entry : kEvents) {
    if (entry.name == name) return entry.event;
  }
  return Event::unknown;
}

bool has_model(Event event) {
  const auto* entry = entry_for(event);
  return entry && entry->parse;
}

ParsedEvent parse_event(Event event, const json::value& data) {
  const auto* entry = entry_for(event);
  if (!entry || !entry->parse || !data.is_object()) return std::monostate{};
  return entry->parse(data.as_object());
}

}  // namespace dbot::discord
