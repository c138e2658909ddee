#include "features/minecraft/chargeback.hpp"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "db/pool.hpp"
#include "features/minecraft/verify_commands.hpp"

namespace dbot::features::minecraft {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::uint32_t kAlertColor = 0xE74C3C;
constexpr std::uint32_t kClosedColor = 0x2C2F33;

net::HttpResponse json_error(unsigned status, std::string_view message) {
  return net::HttpResponse::json(status, json::serialize(json::object{{"success", false}, {"error", message}}));
}

std::string tier_label(std::string_view tier) {
  std::string lower;
  for (char ch : tier) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  if (lower == "supporter") return "Supporter";
  if (lower == "premium") return "Premium";
  return std::string(tier);
}

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class Chargebacks : public std::enable_shared_from_this<Chargebacks> {
 public:
  Chargebacks(std::shared_ptr<MinecraftContext> context, ChargebackConfig config, std::string secret)
      : context_(std::move(context)),
        config_(std::move(config)),
        secret_(std::move(secret)),
        store_(context_->instance.db()) {}

  asio::awaitable<net::HttpResponse> handle(net::HttpRequest request);
  // Ban (`ban`) or Dismiss: authorises, claims the alert, acts; a failure
  // part-way puts the alert back to open so staff can try again.
  asio::awaitable<void> on_button(bot::ButtonContext& button, bool ban);

 private:
  bot::Instance& instance() { return context_->instance; }
  Snowflake guild() const { return context_->instance.config().env.guild_id; }
  // Replaces the member's roles with the restricted role; returns the footer.
  asio::awaitable<std::string> restrict_member(std::int64_t alert_id, Snowflake user);
  asio::awaitable<std::string> restore_roles(const ChargebackAlert& alert, const std::string& staff);
  // The alert of this button's message when the clicker may act on it;
  // otherwise answers the clicker and returns nullopt.
  asio::awaitable<std::optional<ChargebackAlert>> authorize(bot::ButtonContext& button);
  asio::awaitable<void> tell_staff(std::string text);
  asio::awaitable<void> ban(bot::ButtonContext& button, const ChargebackAlert& alert);
  asio::awaitable<void> dismiss(bot::ButtonContext& button, const ChargebackAlert& alert);

  std::shared_ptr<MinecraftContext> context_;
  ChargebackConfig config_;
  std::string secret_;
  ChargebackStore store_;
};

asio::awaitable<net::HttpResponse> Chargebacks::handle(net::HttpRequest request) {
  if (request.body.size() > kChargebackMaxBody) co_return json_error(413, "Payload too large");
  if (!bearer_matches(request.headers.get("Authorization"), secret_)) {
    spdlog::warn("[{}] Chargeback webhook: refused a request from {} with a wrong or missing secret", instance().name(),
                 request.remote_address);
    co_return net::HttpResponse::json(401, R"({"error":"Unauthorized"})");
  }
  auto parsed = parse_chargeback(request.body);
  if (const auto* problem = std::get_if<std::string>(&parsed)) co_return json_error(400, *problem);
  const auto& event = std::get<ChargebackEvent>(parsed);
  if (!within_window(event, now_unix())) {
    spdlog::warn("[{}] Chargeback webhook: refused an event timestamped {} (outside the {} s window)",
                 instance().name(), event.timestamp, kChargebackWindow.count());
    co_return json_error(400, "Timestamp outside the allowed window");
  }
  std::optional<std::int64_t> alert_id;
  bool stored = true;
  try {
    alert_id = co_await store_.insert(event, replay_key(event, request.body));
  } catch (const std::exception& e) {
    spdlog::error("[{}] Chargeback webhook: could not store the event: {}", instance().name(), e.what());
    stored = false;
  }
  if (!stored) co_return json_error(500, "Server error");
  if (!alert_id) {
    spdlog::warn("[{}] Chargeback webhook: refused a replayed event (player={})", instance().name(), event.username);
    co_return json_error(409, "Duplicate event: already received");
  }
  spdlog::info("[{}] Chargeback webhook received: player={}, tier={}, discord_id={}", instance().name(), event.username,
               event.tier, event.discord_id ? event.discord_id->str() : "none");

  std::string footer = "No Discord account linked. MC-side actions only.";
  if (event.discord_id) footer = co_await restrict_member(*alert_id, *event.discord_id);

  ChargebackAlert alert;
  alert.id = *alert_id;
  alert.uuid = event.uuid;
  alert.username = event.username;
  alert.discord_id = event.discord_id;
  alert.tier = event.tier;
  alert.event_time = event.timestamp;
  const auto reply = chargeback_alert(alert, footer, true);
  auto create = bot::to_create(reply);
  std::string send_error;
  try {
    const auto message = co_await instance().rest().create_message(config_.staff_channel, create);
    co_await store_.set_message(*alert_id, config_.staff_channel, message.id);
  } catch (const std::exception& e) {
    send_error = e.what();
  }
  if (!send_error.empty()) {
    spdlog::error("[{}] Chargeback webhook: could not post the alert to channel {}: {}", instance().name(),
                  config_.staff_channel.str(), send_error);
  }
  co_return net::HttpResponse::json(200, R"({"success":true})");
}

asio::awaitable<std::string> Chargebacks::restrict_member(std::int64_t alert_id, Snowflake user) {
  auto& bot = instance();
  std::optional<discord::Member> member = bot.cache().member(guild(), user);
  std::string failure;
  if (!member) {
    try {
      member = co_await bot.rest().get_member(guild(), user);
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  if (!member) {
    spdlog::warn("[{}] Chargeback: user {} is not a member of the server: {}", bot.name(), user.str(), failure);
    co_return "Linked Discord account is not in the server. MC-side actions only.";
  }
  if (bot.cache().outranks(guild(), bot.self_id(), user) == false) {
    spdlog::error("[{}] Chargeback: cannot restrict user {}: their top role is at or above the bot's", bot.name(),
                  user.str());
    co_return "Could not restrict: their top role is at or above the bot's. Act manually.";
  }
  // Managed roles (boosts, integrations) cannot be removed, so they stay.
  std::vector<Snowflake> keep{config_.restricted_role};
  std::vector<Snowflake> removed;
  for (const auto role : member->roles) {
    if (role == config_.restricted_role) continue;
    const auto known = bot.cache().role(guild(), role);
    if (known && known->managed) {
      keep.push_back(role);
    } else {
      removed.push_back(role);
    }
  }
  json::array roles;
  for (const auto role : keep) roles.emplace_back(role.str());
  const auto body = json::serialize(json::object{{"roles", roles}});
  discord::CallOptions options;
  options.reason = "Chargeback: roles stripped, user restricted";
  try {
    co_await store_.save_removed_roles(alert_id, removed);
    co_await bot.rest().modify_member(guild(), user, body, options);
    co_await store_.mark_stripped(alert_id);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!failure.empty()) {
    spdlog::warn("[{}] Chargeback: could not restrict user {}: {}", bot.name(), user.str(), failure);
    co_return "Could not strip roles (see the bot's log). Act manually.";
  }
  spdlog::info("[{}] Chargeback: restricted user {} ({} roles saved for Dismiss)", bot.name(), user.str(),
               removed.size());
  co_return "All roles stripped. User restricted.";
}

asio::awaitable<void> Chargebacks::tell_staff(std::string text) {
  discord::MessageCreate create;
  create.content = std::move(text);
  try {
    co_await instance().rest().create_message(config_.staff_channel, create);
  } catch (const std::exception& e) {
    spdlog::warn("[{}] Chargeback: could not post to the staff channel: {}", instance().name(), e.what());
  }
}

asio::awaitable<std::optional<ChargebackAlert>> Chargebacks::authorize(bot::ButtonContext& button) {
  const auto& member = button.interaction().member;
  const bool staff = member && std::any_of(config_.staff_roles.begin(), config_.staff_roles.end(),
                                           [&](Snowflake role) { return member->roles.contains(role); });
  if (!staff) {
    co_await button.tell("You don't have permission to do this.");
    co_return std::nullopt;
  }
  auto alert = co_await store_.by_message(button.message_id());
  if (!alert) {
    co_await button.tell("This alert is not on record any more.");
    co_return std::nullopt;
  }
  const bool claimed = co_await store_.claim(alert->id);
  if (!claimed) {
    co_await button.tell("This alert has already been handled.");
    co_return std::nullopt;
  }
  co_return alert;
}

asio::awaitable<void> Chargebacks::on_button(bot::ButtonContext& button, bool ban_clicked) {
  auto alert = co_await authorize(button);
  if (!alert) co_return;
  std::exception_ptr failure;
  try {
    if (ban_clicked) {
      co_await ban(button, *alert);
    } else {
      co_await dismiss(button, *alert);
    }
  } catch (...) {
    failure = std::current_exception();
  }
  if (!failure) co_return;
  try {
    co_await store_.release(alert->id);
  } catch (const std::exception& e) {
    spdlog::warn("[{}] Chargeback: could not reopen alert {}: {}", instance().name(), alert->id, e.what());
  }
  std::rethrow_exception(failure);
}

asio::awaitable<void> Chargebacks::ban(bot::ButtonContext& button, const ChargebackAlert& original) {
  const auto* alert = &original;
  auto& bot = instance();
  const auto& staff = button.interaction().user;
  const std::string staff_name(staff.username.view());
  std::vector<std::string> notes;
  if (alert->discord_id) {
    if (bot.cache().outranks(guild(), staff.id, *alert->discord_id) == false) {
      co_await store_.release(alert->id);
      co_await button.tell("You can't ban someone whose top role is at or above yours.");
      co_return;
    }
    discord::CallOptions options;
    options.reason = "Chargeback ban by " + staff_name;
    std::string failure;
    try {
      co_await bot.rest().create_ban(guild(), *alert->discord_id, 0, options);
    } catch (const Error& e) {
      failure = e.user_message();
      spdlog::warn("[{}] Chargeback: Discord ban of {} failed: {}", bot.name(), alert->discord_id->str(), e.what());
    }
    if (!failure.empty()) notes.push_back("Discord ban failed: " + failure);
  }
  if (context_->plugin) {
    std::string failure;
    try {
      const auto response =
          co_await context_->plugin->ban(alert->uuid, "Chargeback ban issued by Discord staff (" + staff_name + ")");
      if (response.status < 200 || response.status >= 300) failure = "HTTP " + std::to_string(response.status);
    } catch (const std::exception& e) {
      failure = "the Minecraft server could not be reached";
      spdlog::warn("[{}] Chargeback: MC ban of {} failed: {}", bot.name(), alert->uuid, e.what());
    }
    if (!failure.empty()) {
      notes.push_back("MC ban failed");
      co_await tell_staff("⚠️ MC ban failed for UUID `" + alert->uuid + "`: " + failure);
    }
  } else {
    notes.push_back("MC ban not sent (MC_VERIFY_URL/MC_VERIFY_SECRET unset)");
  }
  co_await store_.resolve(alert->id, "banned", staff.id);
  spdlog::info("[{}] Chargeback: {} banned player {} ({})", bot.name(), staff_name, alert->username, alert->uuid);
  std::string footer = "Banned by " + staff_name;
  for (const auto& note : notes) footer += " · " + note;
  co_await button.update(chargeback_alert(*alert, footer, false));
}

asio::awaitable<std::string> Chargebacks::restore_roles(const ChargebackAlert& alert, const std::string& staff) {
  auto& bot = instance();
  if (!alert.discord_id || !alert.roles_stripped) co_return std::string{};
  std::optional<discord::Member> member = bot.cache().member(guild(), *alert.discord_id);
  std::string failure;
  if (!member) {
    try {
      member = co_await bot.rest().get_member(guild(), *alert.discord_id);
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  if (!member) co_return "roles not restored (not in the server)";
  std::vector<Snowflake> roles;
  for (const auto role : member->roles) {
    if (role != config_.restricted_role) roles.push_back(role);
  }
  std::size_t skipped = 0;
  for (const auto role : alert.removed_roles) {
    if (std::find(roles.begin(), roles.end(), role) != roles.end()) continue;
    // Roles deleted since, or now above the bot, cannot be given back.
    if (bot.cache().can_manage_role(guild(), bot.self_id(), role) != true) {
      ++skipped;
      continue;
    }
    roles.push_back(role);
  }
  json::array ids;
  for (const auto role : roles) ids.emplace_back(role.str());
  const auto body = json::serialize(json::object{{"roles", ids}});
  discord::CallOptions options;
  options.reason = "Chargeback dismissed by " + staff + ": roles restored";
  try {
    co_await bot.rest().modify_member(guild(), *alert.discord_id, body, options);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!failure.empty()) {
    spdlog::warn("[{}] Chargeback: could not restore roles of {}: {}", bot.name(), alert.discord_id->str(), failure);
    co_return "could not restore roles (see the bot's log)";
  }
  spdlog::info("[{}] Chargeback: restored {} roles of user {}", bot.name(), alert.removed_roles.size() - skipped,
               alert.discord_id->str());
  if (skipped > 0) co_return "roles restored except " + std::to_string(skipped) + " the bot can no longer assign";
  co_return "roles restored";
}

asio::awaitable<void> Chargebacks::dismiss(bot::ButtonContext& button, const ChargebackAlert& original) {
  const auto* alert = &original;
  const auto& staff = button.interaction().user;
  const std::string staff_name(staff.username.view());
  const auto restored = co_await restore_roles(*alert, staff_name);
  co_await store_.resolve(alert->id, "dismissed", staff.id);
  spdlog::info("[{}] Chargeback: {} dismissed the alert for player {}", instance().name(), staff_name, alert->username);
  std::string footer = "Dismissed by " + staff_name;
  if (!restored.empty()) footer += " · " + restored;
  co_await button.update(chargeback_alert(*alert, footer, false));
}

}  // namespace

bot::Reply chargeback_alert(const ChargebackAlert& alert, const std::string& footer, bool open) {
  bot::Embed embed{.title = "⚠️ CHARGEBACK ALERT", .color = open ? kAlertColor : kClosedColor};
  embed.field("Player", escape_markdown(alert.username), true);
  embed.field("Tier", escape_markdown(tier_label(alert.tier)), true);
  embed.field("Discord",
              alert.discord_id ? "<@" + alert.discord_id->str() + "> (" + alert.discord_id->str() + ")" : "Not linked");
  embed.field("MC UUID", alert.uuid);
  embed.field("Time", escape_markdown(alert.event_time));
  embed.footer = footer;
  auto reply = bot::Reply::embed(std::move(embed));
  if (open) {
    reply.button_rows.push_back(
        {bot::Button{.custom_id = "cb_ban:" + alert.uuid,
                     .label = alert.discord_id ? "🔨 Ban" : "🔨 Ban MC",
                     .style = bot::ButtonStyle::danger},
         bot::Button{
             .custom_id = "cb_dismiss:" + alert.uuid, .label = "❌ Dismiss", .style = bot::ButtonStyle::secondary}});
  }
  return reply;
}

void install_chargeback(bot::FeatureRegistry& registry, std::shared_ptr<MinecraftContext> context,
                        ChargebackConfig config, std::string secret) {
  auto chargebacks = std::make_shared<Chargebacks>(std::move(context), std::move(config), std::move(secret));
  registry.add_http_route("POST", kChargebackPath,
                          [chargebacks](net::HttpRequest request) { return chargebacks->handle(std::move(request)); });
  registry.add_button("cb_ban",
                      [chargebacks](bot::ButtonContext& button) { return chargebacks->on_button(button, true); });
  registry.add_button("cb_dismiss",
                      [chargebacks](bot::ButtonContext& button) { return chargebacks->on_button(button, false); });
}

}  // namespace dbot::features::minecraft
