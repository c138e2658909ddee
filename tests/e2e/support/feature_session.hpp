#pragma once
// Acting as users against a running bot for feature e2e tests: ask a command
// and get the reply, click a button through the simulator's control API and
// get what the bot did with the interaction, read a message as it is now.

#include <chrono>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "e2e/support/bot_harness.hpp"

namespace dbot::test {

// `user` says `content` in #general; returns the bot's reply (a failure when none).
boost::json::object ask(SimProcess& sim, const std::string& user, const std::string& content,
                        const std::string& channel = "general");

// `user` clicks `custom_id` on `message_id`; returns the interaction record
// (GET /_sim/interactions/{id}) once the bot has answered it.
boost::json::object click(SimProcess& sim, const std::string& message_id, const std::string& custom_id,
                          const std::string& user);

// The text of the first response's content, e.g. an ephemeral note.
std::string response_content(const boost::json::object& record);

// The current state of one message in `channel`; nullopt when it is gone.
std::optional<boost::json::object> message_now(SimProcess& sim, const std::string& channel,
                                               const std::string& message_id);

// Every custom_id on a message, in order.
std::vector<std::string> custom_ids(const boost::json::object& message);

std::string id_of(const boost::json::object& message);

}  // namespace dbot::test
