#pragma once
// What features send: text, embeds and buttons as plain values. The runtime
// turns them into the client library's message values (nobody pinged unless a
// feature opts in), so features never build payloads by hand.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "discord/message_parts.hpp"

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

// The message parts are the client library's values; features name them
// through bot:: as before.
using discord::Button;
using discord::ButtonStyle;
using discord::Embed;
using discord::EmbedField;

struct Reply {
  std::string content;
  std::vector<Embed> embeds;
  // Rows of at most five buttons; at most five rows.
  std::vector<discord::ActionRow> button_rows;
  bool ephemeral = false;            // interactions only
  bool allow_user_mentions = false;  // features that must ping someone opt in

  static Reply text(std::string content) { return Reply{.content = std::move(content)}; }
  static Reply embed(Embed embed) {
    Reply reply;
    reply.embeds.push_back(std::move(embed));
    return reply;
  }
};

// The message a reply becomes: `content` replaces the reply's text (a piece
// of a split reply); pings only when the reply opts in.
discord::MessageCreate to_create(const Reply& reply, std::string content);
discord::MessageCreate to_create(const Reply& reply);
// An edit that replaces text, embeds and buttons (clearing what the reply
// does not have).
discord::MessageEdit to_edit(const Reply& reply);

// Discord's 2000-character limit: splits on line breaks where possible and
// keeps ``` code blocks balanced across the pieces.
std::vector<std::string> split_message(const std::string& text, std::size_t limit = 2000);

}  // namespace dbot::bot
