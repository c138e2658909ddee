#pragma once
// The moderation log ("modlog"): one embed per case in the channel set with
// `setlog`, edited in place when the case's reason changes.

#include <boost/asio/awaitable.hpp>

#include "bot/reply.hpp"
#include "features/moderation/case_store.hpp"

namespace dbot::bot {
class Instance;
}

namespace dbot::features::moderation {

// "Mod Action: Tempban", red (green for unban and timeout removal), the case
// number, the target, the moderator and whatever the action adds.
bot::Embed case_embed(const Case& c);

// Posts the case to the guild's log channel (if one is set) and remembers the
// message so `reason` can edit it. Failures are logged, never thrown: the
// action itself has already happened.
boost::asio::awaitable<void> post_to_modlog(bot::Instance& instance, CaseStore& store, Case c);
// Re-renders the case's existing modlog embed; false when there is none or
// Discord refused.
boost::asio::awaitable<bool> refresh_modlog(bot::Instance& instance, const Case& c);

}  // namespace dbot::features::moderation
