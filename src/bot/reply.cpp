#include "bot/reply.hpp"

namespace dbot::bot {
discord::MessageCreate to_create(const Reply& reply, std::string content) {
  discord::MessageCreate create;
  create.content = std::move(content);
  create.embeds = reply.embeds;
  create.components = reply.button_rows;
  create.allowed_mentions.users = reply.allow_user_mentions;
  if (reply.ephemeral) create.flags = discord::kEphemeralFlag;
  return create;
}

discord::MessageCreate to_create(const Reply& reply) { return to_create(reply, reply.content); }

discord::MessageEdit to_edit(const Reply& reply) {
  discord::MessageEdit edit;
  edit.content = reply.content;
  edit.embeds = reply.embeds;
  edit.components = reply.button_rows;
  edit.allowed_mentions.users = reply.allow_user_mentions;
  return edit;
}

std::vector<std::string> split_message(const std::string& text, std::size_t limit) {
  std::vector<std::string> pieces;
  if (text.size() <= limit) {
    pieces.push_back(text);
    return pieces;
  }
  constexpr std::string_view kFence = "```";
  std::string_view rest = text;
  bool in_code = false;  // a code block is open at the start of `rest`
  std::string reopen;    // the fence line that reopens it ("```cpp")
  while (!rest.empty()) {
    const std::string prefix = in_code ? reopen + "\n" : "";
    // Room for the prefix and a closing fence we may have to add.
    const std::size_t budget = limit - prefix.size() - (kFence.size() + 1);
    std::size_t cut = rest.size();
    if (prefix.size() + rest.size() > limit) {
      cut = rest.rfind('\n', budget);
      if (cut == std::string_view::npos || cut < budget / 2) cut = rest.rfind(' ', budget);
      if (cut == std::string_view::npos || cut < budget / 2) cut = budget;
      while (cut > 0 && (static_cast<unsigned char>(rest[cut]) & 0xC0) == 0x80) --cut;
    }
    std::string piece = prefix + std::string(rest.substr(0, cut));
    // Track fences in this piece to know whether it ends inside a block.
    std::size_t pos = prefix.size();
    while ((pos = piece.find(kFence, pos)) != std::string::npos) {
      if (!in_code) {
        const auto eol = piece.find('\n', pos);
        reopen = piece.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
      }
      in_code = !in_code;
      pos += kFence.size();
    }
    if (in_code && cut < rest.size()) piece += "\n" + std::string(kFence);
    pieces.push_back(std::move(piece));
    rest.remove_prefix(cut);
    if (!rest.empty() && (rest.front() == '\n' || rest.front() == ' ')) rest.remove_prefix(1);
  }
  return pieces;
}

}  // namespace dbot::bot
