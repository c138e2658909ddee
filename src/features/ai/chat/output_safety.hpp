#pragma once
// Model output is untrusted: every AI message is sent with allowed_mentions
// parsing nothing (only the requester is pinged, as the replied-to user),
// and "@everyone" / "@here" are also broken with a zero-width space so they
// cannot ping even if the text is copied into a message without those rules.

#include <string>
#include <string_view>

#include "discord/rest_client.hpp"

namespace dbot::features::ai::chat {

std::string defuse_mass_mentions(std::string_view text);

// Nobody pinged; `ping_replied_user` pings the author of the message replied to.
discord::AllowedMentions answer_mentions(bool ping_replied_user);

}  // namespace dbot::features::ai::chat
