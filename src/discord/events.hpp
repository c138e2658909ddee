#pragma once
// Gateway dispatch events by name, and the model each known one is parsed
// into. The table in events.cpp is the one place per event (name, model,
// parser), as discord.py's parse_* methods are: a dispatch is parsed once,
// whoever listens, and a misspelt event does not compile.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/snowflake.hpp"
#include "discord/models.hpp"

namespace boost::json {
class value;
}

namespace dbot::discord {

enum class Event : std::uint8_t {
  unknown,  // a dispatch this table does not name (still reaches raw listeners)
  ready,
  resumed,
  guild_create,
  guild_update,
  guild_delete,
  guild_member_add,
  guild_member_update,
  guild_member_remove,
  guild_members_chunk,
  guild_ban_add,
  guild_ban_remove,
  guild_role_create,
  guild_role_update,
  guild_role_delete,
  channel_create,
  channel_update,
  channel_delete,
  thread_create,
  thread_update,
  thread_delete,
  message_create,
  message_update,
  message_delete,
  message_delete_bulk,
  interaction_create,
  voice_state_update,
  voice_server_update,
  user_update,
};

// "MESSAGE_CREATE" for Event::message_create; "" for unknown.
std::string_view event_name(Event event);
// Event::unknown for a name the table does not have.
Event event_named(std::string_view name);

// ---- models of the events features listen to -------------------------------

struct MemberAdd {
  Snowflake guild_id;
  User user;
  Member member;
};

struct MemberUpdate {
  Snowflake guild_id;
  User user;
  Member member;
};

struct MemberRemove {
  Snowflake guild_id;
  User user;
};

struct BanAdd {
  Snowflake guild_id;
  User user;
};

struct BanRemove {
  Snowflake guild_id;
  User user;
};

struct MessageDelete {
  Snowflake id;
  Snowflake channel_id;
  Snowflake guild_id;  // 0 in DMs
};

struct VoiceServerUpdate {
  Snowflake guild_id;
  std::string token;     // secret: never logged
  std::string endpoint;  // empty: the voice server is going away
};

// Which model an event is parsed into.
template <Event E>
struct EventModel;
template <>
struct EventModel<Event::guild_create> {
  using type = Guild;
};
template <>
struct EventModel<Event::guild_member_add> {
  using type = MemberAdd;
};
template <>
struct EventModel<Event::guild_member_update> {
  using type = MemberUpdate;
};
template <>
struct EventModel<Event::guild_member_remove> {
  using type = MemberRemove;
};
template <>
struct EventModel<Event::guild_ban_add> {
  using type = BanAdd;
};
template <>
struct EventModel<Event::guild_ban_remove> {
  using type = BanRemove;
};
template <>
struct EventModel<Event::message_create> {
  using type = Message;
};
template <>
struct EventModel<Event::message_delete> {
  using type = MessageDelete;
};
template <>
struct EventModel<Event::interaction_create> {
  using type = Interaction;
};
template <>
struct EventModel<Event::voice_state_update> {
  using type = VoiceState;
};
template <>
struct EventModel<Event::voice_server_update> {
  using type = VoiceServerUpdate;
};

template <Event E>
using event_model_t = typename EventModel<E>::type;

// One parsed dispatch; monostate for events without a model or a payload
// that is not an object.
using ParsedEvent = std::variant<std::monostate, Guild, MemberAdd, MemberUpdate, MemberRemove, BanAdd, BanRemove,
                                 Message, MessageDelete, Interaction, VoiceState, VoiceServerUpdate>;

// Whether `event` has a model (parse_event gives more than monostate).
bool has_model(Event event);
ParsedEvent parse_event(Event event, const boost::json::value& data);

}  // namespace dbot::discord
