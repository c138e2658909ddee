#include "features/ai/chat/context.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "features/ai/chat/sanitize.hpp"
#include "features/ai/chat/token_budget.hpp"

namespace dbot::features::ai::chat {
namespace asio = boost::asio;
namespace {

// How many channel messages a plain mention scans for its user's exchanges.
constexpr unsigned kScanLimit = 100;

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

bool mentions(const discord::Message& message, Snowflake user) {
  return std::find(message.mentions.begin(), message.mentions.end(), user) != message.mentions.end();
}

bool is_image(const discord::Attachment& attachment, std::size_t max_bytes) {
  return attachment.content_type.starts_with("image/") && attachment.size <= max_bytes && !attachment.url.empty();
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string user_turn_text(const discord::Message& message, Snowflake bot_id) {
  return sanitize_user_text(speaker_name(message)) + ": " +
         sanitize_user_text(without_bot_mentions(message.content, bot_id));
}

ChatMessage turn_of(const discord::Message& message, Snowflake bot_id) {
  if (message.author.id == bot_id) return ChatMessage{.role = Role::assistant, .text = message.content};
  return ChatMessage{.role = Role::user, .text = user_turn_text(message, bot_id)};
}

// Consecutive answers of the bot (the parts of one split answer) become one turn.
std::vector<ChatMessage> merge_parts(std::vector<ChatMessage> turns) {
  std::vector<ChatMessage> merged;
  for (auto& turn : turns) {
    if (!merged.empty() && merged.back().role == Role::assistant && turn.role == Role::assistant) {
      merged.back().text += "\n" + turn.text;
    } else {
      merged.push_back(std::move(turn));
    }
  }
  return merged;
}

// The reply chain behind the trigger, oldest first; `quoted` gets the
// replied-to message when it was not part of a conversation with the bot.
asio::awaitable<std::vector<discord::Message>> reply_chain(MessageSource& source, const TurnInput& input,
                                                           std::size_t max_length,
                                                           std::optional<discord::Message>& quoted) {
  std::vector<discord::Message> chain;  // newest first
  Snowflake next = input.trigger.referenced_message_id;
  // One more than kept, to know whether the oldest kept one replied to the bot.
  while (next.value != 0 && chain.size() <= max_length) {
    auto message = co_await source.message(input.trigger.channel_id, next);
    if (!message) break;
    next = message->referenced_message_id;
    chain.push_back(std::move(*message));
  }
  std::vector<discord::Message> kept;
  for (std::size_t i = 0; i < chain.size() && kept.size() < max_length; ++i) {
    const auto& message = chain[i];
    const bool addressed = message.author.id == input.bot_id || mentions(message, input.bot_id) ||
                           (i + 1 < chain.size() && chain[i + 1].author.id == input.bot_id);
    if (!addressed) {
      if (i == 0) quoted = message;
      break;
    }
    kept.push_back(message);
  }
  std::reverse(kept.begin(), kept.end());
  co_return kept;
}

// The recent exchanges of the requester (everyone's, in a thread) with the bot.
asio::awaitable<std::vector<discord::Message>> recent_exchanges(MessageSource& source, const TurnInput& input,
                                                                const ContextSettings& settings) {
  auto recent = co_await source.before(input.trigger.channel_id, input.trigger.id, kScanLimit);
  std::reverse(recent.begin(), recent.end());  // oldest first
  const std::int64_t oldest = input.now_ms - std::int64_t{settings.history_minutes} * 60'000;
  std::set<std::uint64_t> in_conversation;
  std::vector<discord::Message> kept;
  for (auto& message : recent) {
    if (message.timestamp_ms != 0 && message.timestamp_ms < oldest) continue;
    bool take = false;
    if (message.author.id == input.bot_id) {
      take = message.referenced_message_id.value != 0 && in_conversation.contains(message.referenced_message_id.value);
    } else if (!message.author.bot) {
      take = (input.thread || message.author.id == input.trigger.author.id) && mentions(message, input.bot_id);
      // A reply to one of the bot's answers in this conversation continues it.
      if (!take && (input.thread || message.author.id == input.trigger.author.id) &&
          message.referenced_message_id.value != 0)
        take = in_conversation.contains(message.referenced_message_id.value);
    }
    if (!take) continue;
    in_conversation.insert(message.id.value);
    kept.push_back(std::move(message));
  }
  co_return kept;
}

asio::awaitable<std::string> attached_text(AttachmentReader* reader, const discord::Message& message,
                                           std::size_t max_bytes) {
  std::string out;
  if (reader == nullptr || max_bytes == 0) co_return out;
  for (const auto& attachment : message.attachments) {
    if (!is_text_attachment(attachment)) continue;
    if (attachment.size > max_bytes) {
      out += "\n[Attached file " + sanitize_user_text(attachment.filename) + ": too large to read]";
      continue;
    }
    const auto text = co_await reader->read(attachment, max_bytes);
    if (!text) {
      out += "\n[Attached file " + sanitize_user_text(attachment.filename) + ": could not be read]";
      continue;
    }
    // A longer fence than any run in the file keeps the file from closing it.
    std::size_t longest = 0, run = 0;
    for (const char c : *text) longest = std::max(longest, run = c == '`' ? run + 1 : 0);
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    out += "\n[Attached file " + sanitize_user_text(attachment.filename) + "]\n" + fence + "\n" +
           sanitize_user_text(*text) + "\n" + fence;
  }
  co_return out;
}

}  // namespace

std::string speaker_name(const discord::Message& message) {
  if (message.member && !message.member->nick.empty()) return std::string(message.member->nick.view());
  return std::string(message.author.display_name());
}

std::string without_bot_mentions(std::string_view content, Snowflake bot_id) {
  std::string out(content);
  for (const std::string& token : {"<@" + bot_id.str() + ">", "<@!" + bot_id.str() + ">"}) {
    for (auto at = out.find(token); at != std::string::npos; at = out.find(token, at)) out.erase(at, token.size());
  }
  return std::string(trim(out));
}

bool is_text_attachment(const discord::Attachment& attachment) {
  if (attachment.content_type.starts_with("text/")) return true;
  static constexpr std::array<std::string_view, 36> kExtensions = {
      ".txt", ".md", ".markdown", ".log", ".csv", ".json", ".toml", ".yaml", ".yml", ".ini",  ".xml",  ".html",
      ".css", ".js", ".ts",       ".tsx", ".jsx", ".py",   ".rb",   ".rs",   ".go",  ".java", ".kt",   ".swift",
      ".c",   ".h",  ".cpp",      ".hpp", ".cc",  ".cs",   ".php",  ".lua",  ".sh",  ".sql",  ".diff", ".patch"};
  const std::string name = lower(attachment.filename);
  return std::any_of(kExtensions.begin(), kExtensions.end(), [&](std::string_view ext) { return name.ends_with(ext); });
}

asio::awaitable<Conversation> build_conversation(MessageSource& source, AttachmentReader* attachments, TurnInput input,
                                                 ContextSettings settings) {
  Conversation conversation;
  std::optional<discord::Message> quoted;
  std::vector<discord::Message> earlier;
  const std::size_t chain_length = std::max<std::size_t>(2, 2 * std::size_t{settings.history_messages});
  if (input.trigger.referenced_message_id.value != 0) {
    earlier = co_await reply_chain(source, input, chain_length, quoted);
  } else if (settings.history_messages > 0) {
    earlier = co_await recent_exchanges(source, input, settings);
  }

  std::vector<ChatMessage> history;
  for (const auto& message : earlier) history.push_back(turn_of(message, input.bot_id));
  history = merge_parts(std::move(history));
  if (input.trigger.referenced_message_id.value == 0 && history.size() > settings.history_messages) {
    history.erase(history.begin(), history.end() - settings.history_messages);
  }

  // The current turn: quoted message, the user's words, attached files, images.
  ChatMessage current{.role = Role::user};
  std::string said = sanitize_user_text(without_bot_mentions(input.trigger.content, input.bot_id));
  if (said.empty()) said = "hey";
  // The directly replied-to message supplies images and files too.
  const discord::Message* replied = nullptr;
  if (quoted) {
    replied = &*quoted;
  } else if (!earlier.empty() && earlier.back().id == input.trigger.referenced_message_id) {
    replied = &earlier.back();
  }
  if (quoted) {
    std::string text = sanitize_user_text(quoted->content);
    if (text.size() > 1500) {
      std::size_t cut = 1500;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      text = text.substr(0, cut) + "...";
    }
    const std::string who = sanitize_user_text(speaker_name(*quoted));
    current.text =
        text.empty() ? "[Replying to " + who + "'s attachment] " : "[Replying to " + who + ": \"" + text + "\"] ";
  }
  current.text += sanitize_user_text(speaker_name(input.trigger)) + ": " + said;
  if (replied != nullptr && replied->author.id != input.bot_id) {
    const std::string files = co_await attached_text(attachments, *replied, settings.attachment_max_bytes);
    current.text += files;
    for (const auto& attachment : replied->attachments) {
      if (is_image(attachment, settings.max_image_bytes)) current.image_urls.push_back(attachment.url);
    }
  }
  const std::string own_files = co_await attached_text(attachments, input.trigger, settings.attachment_max_bytes);
  current.text += own_files;
  for (const auto& attachment : input.trigger.attachments) {
    if (is_image(attachment, settings.max_image_bytes)) current.image_urls.push_back(attachment.url);
  }
  conversation.has_images = !current.image_urls.empty();

  const std::size_t current_cost = estimate_tokens(current);
  keep_newest_within(history, settings.context_tokens > current_cost ? settings.context_tokens - current_cost : 0);
  conversation.messages = std::move(history);
  conversation.messages.push_back(std::move(current));
  co_return conversation;
}

}  // namespace dbot::features::ai::chat
