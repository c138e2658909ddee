#pragma once
// Who may be acted on: never yourself, the bot, or the server owner, and only
// members ranked below both the moderator and (when Discord will check it)
// the bot. Decided from the cache before anything is sent to Discord, so a
// refusal is a clear sentence instead of Discord's "Missing Permissions".

#include <string>

#include "core/snowflake.hpp"

namespace dbot::discord {
class Cache;
}

namespace dbot::features::moderation {

struct TargetCheck {
  Snowflake guild;
  Snowflake moderator;
  Snowflake target;
  Snowflake bot;
  std::string target_name;       // for the sentence, e.g. "alice"
  bool bot_must_outrank = true;  // false for actions Discord doesn't check (warn)
};

// Empty when the action may proceed; otherwise the reply explaining why not.
std::string refusal_for_target(const discord::Cache& cache, const TargetCheck& check);

}  // namespace dbot::features::moderation
