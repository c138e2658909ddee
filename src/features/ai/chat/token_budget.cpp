#include "features/ai/chat/token_budget.hpp"

namespace dbot::features::ai::chat {

std::size_t estimate_tokens(std::string_view text) { return (text.size() + 3) / 4; }

std::size_t estimate_tokens(const ChatMessage& message) {
  std::size_t tokens = kTokensPerMessage + estimate_tokens(message.text) + kTokensPerImage * message.image_urls.size();
  for (const auto& call : message.tool_calls)
    tokens += estimate_tokens(call.name) + estimate_tokens(call.arguments_json);
  return tokens;
}

void keep_newest_within(std::vector<ChatMessage>& history, std::size_t budget) {
  std::size_t used = 0;
  std::size_t first_kept = history.size();
  // Walk from the newest turn back; stop at the first one that does not fit,
  // so the kept turns stay contiguous (no holes in the conversation).
  while (first_kept > 0) {
    const std::size_t cost = estimate_tokens(history[first_kept - 1]);
    if (used + cost > budget) break;
    used += cost;
    --first_kept;
  }
  history.erase(history.begin(), history.begin() + static_cast<std::ptrdiff_t>(first_kept));
}

}  // namespace dbot::features::ai::chat
