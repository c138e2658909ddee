#pragma once
// Splits a model answer into Discord messages: at most `limit` characters
// each (counted in UTF-16 code units, which is never fewer than Discord's
// count), never inside a UTF-8 sequence, preferring line then word breaks,
// and keeping fenced code blocks intact across parts: a part that ends
// inside a fence (``` or ~~~, any length) closes it, and the next part
// reopens it with the same fence and language tag. Whitespace-only parts are
// dropped, so an empty answer gives no parts at all.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dbot::features::ai::chat {

inline constexpr std::size_t kDiscordMessageLimit = 2000;

std::vector<std::string> split_for_discord(std::string_view text, std::size_t limit = kDiscordMessageLimit);

// Discord's length of `text`: UTF-16 code units.
std::size_t discord_length(std::string_view text);

// Keeps at most `max_parts`; when parts are dropped, the last kept part ends
// with `note` (made room for, fences closed), so a cut answer says so.
std::vector<std::string> cap_parts(std::vector<std::string> parts, std::size_t max_parts, std::string_view note,
                                   std::size_t limit = kDiscordMessageLimit);

}  // namespace dbot::features::ai::chat
