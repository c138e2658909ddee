#pragma once
// What an outgoing message is made of, as values: embeds, buttons in action
// rows, who may be pinged, and the interaction callback kinds. The REST
// client writes them as Discord JSON (message_json.cpp); nobody else does.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/snowflake.hpp"

namespace dbot::discord {

struct EmbedField {
  std::string name;
  std::string value;
  bool inline_field = false;
};

// Text longer than Discord's embed limits is clipped with "..." when written.
struct Embed {
  std::string title;
  std::string description;
  std::optional<std::uint32_t> color;
  std::vector<EmbedField> fields;
  std::string footer;
  std::string timestamp;  // ISO 8601, empty for none
  std::string thumbnail_url;

  Embed& field(std::string name, std::string value, bool inline_field = false) {
    fields.push_back({std::move(name), std::move(value), inline_field});
    return *this;
  }
};

enum class ButtonStyle : std::uint8_t { primary = 1, secondary = 2, success = 3, danger = 4 };

struct Button {
  std::string custom_id;
  std::string label;
  ButtonStyle style = ButtonStyle::secondary;
  bool disabled = false;
  std::string emoji;  // unicode emoji, empty for none
};

// At most five buttons per row and five rows per message (more are dropped).
using ActionRow = std::vector<Button>;

// Who a message may ping. Nobody by default; the bot never pings @everyone,
// @here or roles, whatever the text says, so there is no switch for them.
struct AllowedMentions {
  bool users = false;               // every user mentioned in the text
  std::vector<Snowflake> user_ids;  // only these users (ignored when `users`)
  bool replied_user = false;        // the author of the message replied to

  static AllowedMentions nobody() { return {}; }
  static AllowedMentions mentioned_users() { return {.users = true}; }
};

inline constexpr std::uint64_t kEphemeralFlag = 1 << 6;

struct MessageCreate {
  std::string content;
  std::vector<Embed> embeds;
  std::vector<ActionRow> components;
  AllowedMentions allowed_mentions;
  Snowflake reply_to;  // message_reference
  bool fail_if_reply_missing = false;
  std::uint64_t flags = 0;
};

// Unset fields stay as they are; an empty vector clears embeds or buttons.
struct MessageEdit {
  std::optional<std::string> content;
  std::optional<std::vector<Embed>> embeds;
  std::optional<std::vector<ActionRow>> components;
  AllowedMentions allowed_mentions;
};

// The interaction callback types the bot answers with.
enum class InteractionCallback : std::uint8_t {
  pong = 1,
  channel_message = 4,           // a reply (data: the message)
  deferred_channel_message = 5,  // "thinking...", the reply follows
  deferred_update_message = 6,   // a button press acknowledged, edit follows
  update_message = 7,            // the button's message edited (data: the message)
  autocomplete_result = 8,
  modal = 9,
};

}  // namespace dbot::discord
