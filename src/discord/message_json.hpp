#pragma once
// Discord JSON for the outgoing message values (message_parts.hpp), with
// Discord's documented limits applied so a long title cannot fail a send.

#include <boost/json/object.hpp>

#include "discord/message_parts.hpp"

namespace dbot::discord {

boost::json::array embeds_json(const std::vector<Embed>& embeds);
boost::json::array components_json(const std::vector<ActionRow>& rows);
boost::json::object allowed_mentions_json(const AllowedMentions& allowed);
// POST /channels/{id}/messages, webhook executions and interaction replies.
boost::json::object message_create_json(const MessageCreate& message);
// PATCH of a message or of an interaction's original response.
boost::json::object message_edit_json(const MessageEdit& edit);

}  // namespace dbot::discord
