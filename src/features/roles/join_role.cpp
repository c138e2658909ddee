// The join role: every member who joins gets `[join_role] role`, when the
// bot is allowed to give it (checked first, with a precise log line if not).

#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "discord/gateway.hpp"
#include "discord/rest_client.hpp"
#include "features/roles/config.hpp"
#include "features/roles/role_guard.hpp"
#include "features/roles/roles.hpp"

namespace dbot::features {
namespace asio = boost::asio;

namespace {

class JoinRoleFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "join_role"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    const auto* section = instance.config().section<roles::JoinRoleConfig>();
    if (section == nullptr) return;
    const auto role = section->role;
    auto problems = std::make_shared<roles::RoleProblemLog>();
    registry.on_member_add([&instance, role, problems](const discord::MemberAdd& joined) -> asio::awaitable<void> {
      co_await give_join_role(instance, role, *problems, joined);
    });
  }

 private:
  static asio::awaitable<void> give_join_role(bot::Instance& instance, Snowflake role, roles::RoleProblemLog& problems,
                                              const discord::MemberAdd& joined) {
    if (!joined.guild_id || !joined.user.id) co_return;
    const Snowflake guild = joined.guild_id;
    const Snowflake user = joined.user.id;

    const auto why = roles::why_bot_cannot_assign(instance, guild, role);
    if (!why.empty()) {
      problems.report(instance.name(), "Join role", guild, role, why);
      co_return;
    }
    problems.clear(guild, role);
    std::string failure;
    try {
      discord::CallOptions options;
      options.reason = "Auto join role";
      co_await instance.rest().add_member_role(guild, user, role, options);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) {
      spdlog::warn("[{}] Could not give the join role to {} in guild {}: {}", instance.name(), user.str(), guild.str(),
                   failure);
    }
  }
};

}  // namespace

std::unique_ptr<bot::Feature> make_join_role_feature() { return std::make_unique<JoinRoleFeature>(); }

}  // namespace dbot::features
