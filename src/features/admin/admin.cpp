#include "features/admin/admin.hpp"

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "discord/permissions.hpp"

namespace dbot::features {
namespace asio = boost::asio;
using bot::ArgKind;
using bot::CommandContext;

namespace {

constexpr std::uint64_t kAdministrator = discord::permission::administrator.bits;

class AdminFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "admin"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    registry.add_command({.path = {"setlog"},
                          .section = "Admin",
                          .summary = "Set the channel where moderation actions are logged",
                          .args = {{.name = "channel", .kind = ArgKind::channel, .description = "The log channel"}},
                          .required_permissions = kAdministrator},
                         [&instance](CommandContext& context) -> asio::awaitable<void> {
                           const auto channel = *context.args.id("channel");
                           const auto known = instance.cache().channel(channel);
                           if (!known || known->guild_id != context.guild_id) {
                             co_await context.reply("That channel is not in this server.");
                             co_return;
                           }
                           co_await instance.settings().set_log_channel(context.guild_id, channel);
                           co_await context.reply("Audit log channel set to <#" + channel.str() + ">.");
                         });

    registry.add_command({.path = {"djrole"},
                          .section = "Admin",
                          .summary = "Set the role allowed to control music in DJ mode",
                          .args = {{.name = "role", .kind = ArgKind::role, .description = "The DJ role"}},
                          .required_permissions = kAdministrator},
                         [&instance](CommandContext& context) -> asio::awaitable<void> {
                           const auto role = *context.args.id("role");
                           const auto known = instance.cache().role(context.guild_id, role);
                           if (!known) {
                             co_await context.reply("That role is not in this server.");
                             co_return;
                           }
                           co_await instance.settings().set_dj_role(context.guild_id, role);
                           co_await context.reply("DJ role set to **" + known->name + "**.");
                         });

    registry.add_command(
        {.path = {"djmode"},
         .section = "Admin",
         .summary = "Turn DJ mode on or off (only the DJ role may control music)",
         .args = {{.name = "mode",
                   .kind = ArgKind::choice,
                   .description = "on or off (default: toggle)",
                   .required = false,
                   .choices = {"on", "off"}}},
         .required_permissions = kAdministrator},
        [&instance](CommandContext& context) -> asio::awaitable<void> {
          const auto settings = co_await instance.settings().get(context.guild_id);
          const auto mode = context.args.text("mode");
          const bool enable = mode ? *mode == "on" : !settings.dj_mode;
          if (enable && !settings.dj_role) {
            co_await context.reply("Set a DJ role first with `" + context.prefix_text() + "djrole @role`.");
            co_return;
          }
          co_await instance.settings().set_dj_mode(context.guild_id, enable);
          co_await context.reply(enable ? "DJ mode **enabled**. Only users with the DJ role (or admins) can use "
                                          "music commands."
                                        : "DJ mode **disabled**. Everyone can use music commands.");
        });

    registry.add_command(
        {.path = {"settings"},
         .section = "Admin",
         .summary = "Show this server's bot settings",
         .required_permissions = kAdministrator},
        [&instance](CommandContext& context) -> asio::awaitable<void> {
          const auto settings = co_await instance.settings().get(context.guild_id);
          bot::Embed embed{.title = "Server settings", .color = bot::colors::kBlue};
          embed.field("Log channel", settings.log_channel ? "<#" + settings.log_channel->str() + ">" : "not set", true);
          embed.field("DJ role", settings.dj_role ? "<@&" + settings.dj_role->str() + ">" : "not set", true);
          embed.field("DJ mode", settings.dj_mode ? "on" : "off", true);
          co_await context.reply(bot::Reply::embed(std::move(embed)));
        });
  }
};

}  // namespace

std::unique_ptr<bot::Feature> make_admin_feature() { return std::make_unique<AdminFeature>(); }

}  // namespace dbot::features
