#pragma once
// The system prompt (seed §4, fixed): the personality verbatim, then where
// the bot is and who is asking (server, channel, its own id and name, the
// requester's display name, the local time in the instance's timezone),
// how the conversation is laid out, and the security rules. Only what
// exists is described: this version offers the model no tools, so the
// seed's music, search and moderation sections are left out rather than
// promising actions the bot cannot take.

#include <cstdint>
#include <string>

namespace dbot::features::ai::chat {

struct PromptFacts {
  std::string personality;
  std::string bot_name;
  std::uint64_t bot_id = 0;
  std::string guild_name;    // empty in DMs
  std::string channel_name;  // empty when unknown
  bool direct_message = false;
  bool thread = false;
  std::string requester;   // display name
  std::string local_time;  // describe_local_time()
  std::string version;
};

std::string system_prompt(const PromptFacts& facts);

}  // namespace dbot::features::ai::chat
