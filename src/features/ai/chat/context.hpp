#pragma once
// Builds the conversation for one turn, so two people talking to the bot in
// one channel never see each other's turns:
// - a reply follows the reply chain (message_reference) back through the
//   bot's answers and the messages addressed to it, whoever wrote them (a
//   reply is an explicit choice to continue that conversation); a reply to a
//   message not addressed to the bot quotes that message instead;
// - a plain mention starts from the recent exchanges of THAT user with the
//   bot in the channel (within `history_minutes`, at most
//   `history_messages` turns); in a thread, the thread is the conversation,
//   so everyone's exchanges with the bot there count.
// The bot's own messages count only when they answer a message of the
// conversation, so command replies and game boards stay out. The newest
// turns are kept within the token budget. Images of the trigger and of the
// replied-to message go to the vision route; text attachments (.txt, .md,
// code) are read into the turn, size-capped.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "discord/models.hpp"
#include "features/ai/chat/message_source.hpp"
#include "features/ai/model/chat_model.hpp"

namespace dbot::features::ai::chat {

struct ContextSettings {
  std::uint32_t history_minutes = 30;
  std::uint32_t history_messages = 10;
  std::size_t context_tokens = 6000;
  std::size_t attachment_max_bytes = 100'000;
  std::size_t max_image_bytes = 10'000'000;
};

struct TurnInput {
  discord::Message trigger;  // for /ask: a message made from the interaction (id = interaction id)
  Snowflake bot_id;
  bool thread = false;
  std::int64_t now_ms = 0;
};

struct Conversation {
  std::vector<ChatMessage> messages;  // history, then the current turn (last)
  bool has_images = false;
};

boost::asio::awaitable<Conversation> build_conversation(MessageSource& source, AttachmentReader* attachments,
                                                        TurnInput input, ContextSettings settings);

// The name a message's author goes by: server nickname, else global display
// name, else username.
std::string speaker_name(const discord::Message& message);
// The message text without mentions of the bot, trimmed.
std::string without_bot_mentions(std::string_view content, Snowflake bot_id);
// Whether an attachment is one the context reads as text.
bool is_text_attachment(const discord::Attachment& attachment);

}  // namespace dbot::features::ai::chat
