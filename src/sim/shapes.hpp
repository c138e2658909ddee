#pragma once
// Discord's JSON shapes for the world's entities. Only the simulator's .cpp
// files include this; Boost.JSON types are forward-declared.

#include <string>

#include "sim/world.hpp"

namespace boost::json {
class object;
class value;
class array;
}  // namespace boost::json

namespace dbot::sim::shapes {

boost::json::object user(const User& u);
boost::json::object role(const Role& r);
boost::json::object channel(const Channel& c);
// A guild member with its `user` object (and `guild_id` when asked).
boost::json::object member(World& w, Id guild_id, const Member& m, bool with_guild_id = false);
boost::json::object message(World& w, const Message& m);
boost::json::object guild(World& w, const Guild& g);
// The GUILD_CREATE payload: the guild plus channels, members, roles, voice states...
boost::json::object guild_create(World& w, const Guild& g);
boost::json::object webhook(World& w, const Webhook& h, bool with_token);
boost::json::object invite(World& w, const Invite& i);
boost::json::object emoji(World& w, const Emoji& e, bool with_user);
boost::json::object command(World& w, const AppCommand& c);
boost::json::object audit_entry(const AuditEntry& e);
// The ids as strings, as Discord sends them.
boost::json::array id_array(const std::vector<Id>& ids);
std::string id_string(Id id);
// Parses stored JSON text; null on empty text.
boost::json::value parse_or_null(const std::string& text);

}  // namespace dbot::sim::shapes
