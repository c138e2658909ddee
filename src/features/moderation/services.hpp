#pragma once
// What the moderation commands, events and tasks share within one instance,
// and the helpers every action uses. Internal to features/moderation.

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "bot/feature.hpp"
#include "features/moderation/case_store.hpp"

namespace dbot::bot {
class Instance;
class CommandContext;
}  // namespace dbot::bot

namespace dbot::features::moderation {

struct Services {
  Services(bot::Instance& owner);
  bot::Instance& instance;
  CaseStore cases;
};

using SharedServices = std::shared_ptr<Services>;

void add_member_actions(bot::FeatureRegistry& registry, SharedServices services);
void add_case_commands(bot::FeatureRegistry& registry, SharedServices services);
void add_nuke_command(bot::FeatureRegistry& registry, SharedServices services);
// The periodic task lifting expired tempbans, and the ban-event listener that
// keeps tempbans in step with unbans made in Discord itself.
void add_tempban_expiry(bot::FeatureRegistry& registry, SharedServices services);

// How a member or user is named in replies: server nickname, global name or
// username, from the cache (Discord is asked when the cache doesn't know).
boost::asio::awaitable<std::string> name_of(bot::Instance& instance, Snowflake guild, Snowflake user);

// "Tempban by alice (1h): spamming", cut to Discord's 512-character limit.
std::string audit_reason(std::string_view what, std::string_view moderator, const std::optional<std::string>& reason);

// Records a confirmed action and posts it to the modlog. When the database
// fails the user is told the action happened but was not recorded, and
// nullopt is returned.
boost::asio::awaitable<std::optional<Case>> record_action(Services& services, bot::CommandContext& context, Case draft,
                                                          std::optional<TempbanTerms> tempban);

// Registers a command of the Moderation help section with `handler`
// (a function of (Services&, CommandContext&)) and the shared Services bound in.
template <class Handler>
void add_command(bot::FeatureRegistry& registry, const SharedServices& services, bot::CommandSpec spec,
                 Handler handler) {
  spec.section = "Moderation";
  registry.add_command(std::move(spec),
                       [services, handler](bot::CommandContext& context) -> boost::asio::awaitable<void> {
                         co_await handler(*services, context);
                       });
}

// "\nReason: ..." or "".
std::string reason_line(const std::optional<std::string>& reason);

}  // namespace dbot::features::moderation
