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
    registry.on_event("GUILD_MEMBER_ADD",
                      [&instance, role, problems](const discord::Dispatch& dispatch) -> asio::awaitable<void> {
                        co_await give_join_role(instance, role, *problems, dispatch);
                      });
  }

 private:
  static asio::awaitable<void> give_join_role(bot::Instance& instance, Snowflake role, roles::RoleProblemLog& problems,
                                              const discord::Dispatch& dispatch) {
    const auto* d = dispatch.data.if_object();
    if (!d) co_return;
    const auto* guild_field = d->if_contains("guild_id");
    const auto* user_field = d->if_contains("user");
    if (!guild_field || !guild_field->is_string() || !user_field || !user_field->is_object()) co_return;
    const auto* id_field = user_field->as_object().if_contains("id");
    if (!id_field || !id_field->is_string()) co_return;
    const auto guild = Snowflake::parse(guild_field->as_string());
    const auto user = Snowflake::parse(id_field->as_string());
    if (!guild || !user) co_return;

    const auto why = roles::why_bot_cannot_assign(instance, *guild, role);
    if (!why.empty()) {
      problems.report(instance.name(), "Join role", *guild, role, why);
      co_return;
    }
    problems.clear(*guild, role);
    std::string failure;
    try {
      discord::CallOptions options;
      options.reason = "Auto join role";
      co_await instance.rest().add_member_role(*guild, *user, role, options);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) {
      spdlog::warn("[{}] Could not give the join role to {} in guild {}: {}", instance.name(), user->str(),
                   guild->str(), failure);
    }
  }
};

}  // namespace

std::unique_ptr<bot::Feature> make_join_role_feature() { return std::make_unique<JoinRoleFeature>(); }

}  // namespace dbot::features
