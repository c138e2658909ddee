#pragma once
// Neutralises text from Discord users before it reaches the model (seed
// §12.1, fixed): fake role markers at a line start ("system:" becomes
// "[system]:"), chat-template tokens in both the ASCII "<|...|>" and
// DeepSeek's full-width "<｜...｜>" forms, any DSML tag ("<｜DSML｜invoke ...>"
// and its closing forms, so a user cannot make the model "repeat" a real
// tool call), and Llama's [INST] / <<SYS>> markers.

#include <string>
#include <string_view>

namespace dbot::features::ai::chat {

std::string sanitize_user_text(std::string_view text);

}  // namespace dbot::features::ai::chat
