#pragma once
// A provider-neutral token estimate, good enough to budget a context window
// without each model's tokenizer: about four bytes of UTF-8 per token (the
// usual figure for English with BPE tokenizers; conservative for code and
// non-Latin text, which use more bytes per token) plus a fixed per-message
// overhead for the role and separators, and a flat cost per image (a
// downscaled image costs a few hundred tokens on the vision routes).

#include <cstddef>
#include <string_view>
#include <vector>

#include "features/ai/model/chat_model.hpp"

namespace dbot::features::ai::chat {

inline constexpr std::size_t kTokensPerMessage = 4;
inline constexpr std::size_t kTokensPerImage = 300;

std::size_t estimate_tokens(std::string_view text);
std::size_t estimate_tokens(const ChatMessage& message);

// Drops the OLDEST turns of `history` (chronological order) until the rest
// fits in `budget` tokens; the newest turns are the ones kept. A single turn
// larger than the whole budget is dropped too, rather than cut.
void keep_newest_within(std::vector<ChatMessage>& history, std::size_t budget);

}  // namespace dbot::features::ai::chat
