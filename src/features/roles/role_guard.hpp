#pragma once
// Can the bot hand out (or take away) a role? Checked from the cache before
// calling Discord, so the operator reads a precise reason in the log instead
// of "Missing Permissions", and so nothing is attempted that must fail.

#include <map>
#include <string>
#include <utility>

#include "core/snowflake.hpp"

namespace dbot::bot {
class Instance;
}

namespace dbot::features::roles {

// Empty when the bot can assign `role` in `guild`; otherwise one sentence
// saying what the operator must change.
std::string why_bot_cannot_assign(bot::Instance& instance, Snowflake guild, Snowflake role);

// Logs a role problem once per guild and role until the reason changes, so
// a misconfiguration doesn't write a line per message.
class RoleProblemLog {
 public:
  void report(const std::string& instance, const std::string& feature, Snowflake guild, Snowflake role,
              const std::string& why);
  void clear(Snowflake guild, Snowflake role) { last_.erase({guild.value, role.value}); }

 private:
  // Touched only from the instance's event-loop thread.
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::string> last_;
};

}  // namespace dbot::features::roles
