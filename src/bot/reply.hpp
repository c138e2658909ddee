#pragma once
// What features send: text, embeds and buttons as plain values. The runtime
// turns them into Discord JSON (allowed_mentions always {"parse":[]} unless a
// feature opts in), so features never build payloads by hand.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dbot::bot {

namespace colors {
inline constexpr std::uint32_t kRed = 0xE74C3C;
inline constexpr std::uint32_t kGreen = 0x2ECC71;
inline constexpr std::uint32_t kOrange = 0xE67E22;
inline constexpr std::uint32_t kBlue = 0x3498DB;
inline constexpr std::uint32_t kGrey = 0x95A5A6;
inline constexpr std::uint32_t kYellow = 0xF1C40F;
// Discord's own palette, which the seed's moderation and stock embeds use.
inline constexpr std::uint32_t kDiscordGreen = 0x57F287;
inline constexpr std::uint32_t kDiscordRed = 0xED4245;
inline constexpr std::uint32_t kDiscordYellow = 0xFEE75C;
inline constexpr std::uint32_t kBlurple = 0x5865F2;
}  // namespace colors

struct EmbedField {
  std::string name;
  std::string value;
  bool inline_field = false;
};

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

struct Reply {
  std::string content;
  std::vector<Embed> embeds;
  // Rows of at most five buttons; at most five rows.
  std::vector<std::vector<Button>> button_rows;
  bool ephemeral = false;            // interactions only
  bool allow_user_mentions = false;  // features that must ping someone opt in

  static Reply text(std::string content) { return Reply{.content = std::move(content)}; }
  static Reply embed(Embed embed) {
    Reply reply;
    reply.embeds.push_back(std::move(embed));
    return reply;
  }
};

// JSON arrays for the message payload; empty strings when there is nothing.
std::string embeds_json(const std::vector<Embed>& embeds);
std::string components_json(const std::vector<std::vector<Button>>& rows);
std::string allowed_mentions_json(const Reply& reply);
// The whole message object (content, embeds, components, allowed_mentions, flags).
std::string message_json(const Reply& reply);

// Discord's 2000-character limit: splits on line breaks where possible and
// keeps ``` code blocks balanced across the pieces.
std::vector<std::string> split_message(const std::string& text, std::size_t limit = 2000);

}  // namespace dbot::bot
