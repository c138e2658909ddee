#pragma once
// What a command or button handler gets: who invoked it, where, the parsed
// arguments, and ways to answer that work the same for prefix commands,
// slash commands and buttons. Interactions are acknowledged in time by the
// runtime (a deferral after 2.5 s) when a handler is slow.

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/command/argument.hpp"
#include "bot/command/registry.hpp"
#include "bot/reply.hpp"
#include "discord/models.hpp"

namespace dbot::bot {

class Instance;

// The acknowledgement state of one interaction. All access happens on the
// instance's single event-loop thread, so a plain flag suffices.
struct InteractionState {
  discord::Interaction interaction;
  bool acknowledged = false;   // a callback (reply, update or deferral) was sent
  bool deferred = false;       // that callback was a deferral
  bool original_sent = false;  // the deferred response has been filled in
};

class CommandContext {
 public:
  CommandContext(Instance& instance, const Command& command, ParsedArgs args);

  Instance& instance;
  const Command& command;
  ParsedArgs args;

  Snowflake guild_id;  // 0 in DMs
  Snowflake channel_id;
  discord::User author;
  std::optional<discord::Member> member;
  std::optional<discord::Message> message;        // set for prefix commands
  std::shared_ptr<InteractionState> interaction;  // set for slash commands

  // Sends `reply` (a reply to the invoking message, or the interaction's
  // response / follow-up) and returns the id of the message it created.
  boost::asio::awaitable<Snowflake> reply(Reply reply);
  boost::asio::awaitable<Snowflake> reply(std::string text) { return reply(Reply::text(std::move(text))); }
  // Sends to the same channel without replying (e.g. a log line).
  boost::asio::awaitable<Snowflake> send(Reply reply);

  // "!m " or "/" so usage lines match how the command was invoked.
  std::string prefix_text() const;
};

class ButtonContext {
 public:
  ButtonContext(Instance& instance, std::shared_ptr<InteractionState> state);

  Instance& instance;
  std::shared_ptr<InteractionState> state;

  const discord::Interaction& interaction() const { return state->interaction; }
  // The part of the custom_id after "<prefix>:".
  std::string_view data() const;
  Snowflake message_id() const { return state->interaction.message_id; }
  Snowflake user_id() const { return state->interaction.user.id; }

  // Replaces the message the button is on (callback 7, or an edit after a deferral).
  boost::asio::awaitable<void> update(Reply reply);
  // A new message (callback 4, or a follow-up after a deferral).
  boost::asio::awaitable<void> respond(Reply reply);
  // An ephemeral note to the clicker only.
  boost::asio::awaitable<void> tell(std::string text);
};

}  // namespace dbot::bot
