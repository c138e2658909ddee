#include "features/moderation/moderation.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "discord/rest_client.hpp"
#include "discord/routes.hpp"
#include "features/moderation/modlog.hpp"
#include "features/moderation/services.hpp"

namespace dbot::features {
namespace asio = boost::asio;

namespace moderation {

Services::Services(bot::Instance& owner) : instance(owner), cases(owner.db()) {}

asio::awaitable<std::string> name_of(bot::Instance& instance, Snowflake guild, Snowflake user) {
  if (const auto member = instance.cache().member(guild, user); member && !member->nick.empty())
    co_return std::string(member->nick.view());
  if (const auto known = instance.cache().user(user)) co_return std::string(known->display_name());
  std::optional<std::string> fetched;
  try {
    const discord::Route get_user_route{discord::routes::get_user, {{"user_id", user}}};
    const auto body = co_await instance.rest().request(get_user_route);
    const auto value = boost::json::parse(body);
    if (const auto* o = value.if_object()) {
      const auto* global = o->if_contains("global_name");
      const auto* username = o->if_contains("username");
      if (global && global->is_string()) {
        fetched = std::string(global->as_string());
      } else if (username && username->is_string()) {
        fetched = std::string(username->as_string());
      }
    }
  } catch (const std::exception&) {
    // An unknown user is named by id below.
  }
  co_return fetched.value_or(user.str());
}

std::string audit_reason(std::string_view what, std::string_view moderator, const std::optional<std::string>& reason) {
  std::string text = fmt::format("{} by {}", what, moderator);
  if (reason && !reason->empty()) text += ": " + *reason;
  // Discord keeps 512 characters; cut on a UTF-8 boundary so what we store
  // is exactly what Discord stores (tempban expiry compares the two).
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++chars > 512) {
      text.resize(i);
      break;
    }
  }
  return text;
}

std::string reason_line(const std::optional<std::string>& reason) {
  if (!reason || reason->empty()) return {};
  return "\nReason: " + *reason;
}

asio::awaitable<std::optional<Case>> record_action(Services& services, bot::CommandContext& context, Case draft,
                                                   std::optional<TempbanTerms> tempban) {
  std::optional<Case> recorded;
  std::string why;
  try {
    recorded = co_await services.cases.record(draft, tempban);
  } catch (const std::exception& e) {
    why = e.what();
  }
  if (!recorded) {
    spdlog::error("[{}] {} of {} in guild {} succeeded in Discord but could not be recorded: {}",
                  services.instance.name(), action_title(draft.action), draft.target_id.str(), draft.guild_id.str(),
                  why);
    std::string sentence = fmt::format(
        "The {} went through in Discord, but I couldn't record it as a case (database problem; the operator has the "
        "details).",
        action_key(draft.action));
    if (tempban) sentence += " It will **not** be lifted automatically: unban by hand when it should end.";
    co_await context.reply(std::move(sentence));
    co_return std::nullopt;
  }
  co_await post_to_modlog(services.instance, services.cases, *recorded);
  co_return recorded;
}

}  // namespace moderation

namespace {

class ModerationFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "moderation"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    auto services = std::make_shared<moderation::Services>(instance);
    moderation::add_member_actions(registry, services);
    moderation::add_case_commands(registry, services);
    moderation::add_nuke_command(registry, services);
    moderation::add_tempban_expiry(registry, services);
  }
};

}  // namespace

std::unique_ptr<bot::Feature> make_moderation_feature() { return std::make_unique<ModerationFeature>(); }

}  // namespace dbot::features
