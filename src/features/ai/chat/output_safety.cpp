#include "features/ai/chat/output_safety.hpp"

namespace dbot::features::ai::chat {

std::string defuse_mass_mentions(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] != '@') continue;
    const auto rest = text.substr(i + 1);
    if (rest.starts_with("everyone") || rest.starts_with("here")) out += "\u200b";
  }
  return out;
}

discord::AllowedMentions answer_mentions(bool ping_replied_user) {
  discord::AllowedMentions mentions;
  mentions.replied_user = ping_replied_user;
  return mentions;
}

}  // namespace dbot::features::ai::chat
