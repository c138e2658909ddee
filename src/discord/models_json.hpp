#pragma once
// Parsing Discord objects from Boost.JSON values. Missing or mistyped fields
// get defaults rather than exceptions: a payload shape change must not take
// the gateway down.

#include <boost/json/fwd.hpp>

#include "discord/models.hpp"

namespace dbot::discord {

Snowflake snowflake_of(const boost::json::value* v);  // a string or number; 0 otherwise

User parse_user(const boost::json::object& o);
// `user_id` is used when the object has no "user" (message.member).
Member parse_member(const boost::json::object& o, Snowflake user_id = {});
Role parse_role(const boost::json::object& o);
Channel parse_channel(const boost::json::object& o, Snowflake guild_id = {});
Guild parse_guild(const boost::json::object& o);
VoiceState parse_voice_state(const boost::json::object& o, Snowflake guild_id = {});
Message parse_message(const boost::json::object& o);
Interaction parse_interaction(const boost::json::object& o);

}  // namespace dbot::discord
