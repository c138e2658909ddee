// Instance: turning messages and interactions into command and button calls,
// with a short helpful answer for every way that can fail.

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "core/error.hpp"
#include "core/spawn.hpp"
#include "discord/rest_client.hpp"

namespace dbot::bot {
namespace asio = boost::asio;

namespace {

// Discord wants an answer within 3 s; a deferral at 2.5 s keeps the token alive.
constexpr auto kDeferAfter = std::chrono::milliseconds(2500);

std::string usage_hint(const CommandSpec& spec, const std::string& prefix_text) {
  return "Usage: `" + usage_line(spec, prefix_text) + "`";
}

// The user-safe sentence for a failed handler; the detail goes to the log.
std::string failure_message(const std::string& instance, const std::string& what, const std::exception& e) {
  if (const auto* error = dynamic_cast<const Error*>(&e)) {
    spdlog::warn("[{}] {} failed: {}", instance, what, error->operator_detail());
    return error->user_message();
  }
  spdlog::error("[{}] {} failed: {}", instance, what, e.what());
  return kInternalErrorMessage;
}

// One slash option's value as the text a prefix command would have had.
std::optional<std::string> option_text(const std::vector<discord::InteractionOption>& options,
                                       const std::string& name) {
  for (const auto& option : options) {
    if (option.name == name) return option.value;
  }
  return std::nullopt;
}

}  // namespace

asio::awaitable<void> Instance::handle_message(discord::Message message) {
  if (message.author.bot || message.webhook_id.value != 0) co_return;
  const auto text = strip_command_prefix(message.content, config_.command_prefix, config_.command_root);
  if (!text) co_return;

  const auto reply_text = [&](std::string content) -> asio::awaitable<void> {
    try {
      discord::MessageCreate create;
      create.content = std::move(content);
      create.reply_to = message.id;
      co_await rest_->create_message(message.channel_id, std::move(create));
    } catch (const std::exception& e) {
      spdlog::warn("[{}] Could not answer in channel {}: {}", name_, message.channel_id.str(), e.what());
    }
  };

  std::string_view input = *text;
  if (input.empty()) input = "help";
  const auto resolved = commands_.resolve(input);
  if (const auto* unknown = std::get_if<UnknownCommand>(&resolved)) {
    std::string answer = "I don't know the command `" + unknown->typed + "`.";
    if (unknown->suggestion) answer += " Did you mean `" + prefix_text() + *unknown->suggestion + "`?";
    answer += " Try `" + prefix_text() + "help`.";
    co_await reply_text(std::move(answer));
    co_return;
  }
  const auto& [command, arguments] = std::get<Resolved>(resolved);
  const auto refusal =
      refusal_for(command->spec, message.guild_id, message.channel_id, message.author.id, message.member);
  if (!refusal.empty()) {
    if (may_answer_refusal(message.author.id)) co_await reply_text(refusal);
    co_return;
  }
  auto parsed = parse_arguments(command->spec.args, arguments);
  if (const auto* error = std::get_if<ArgumentError>(&parsed)) {
    co_await reply_text(error->message + ". " + usage_hint(command->spec, prefix_text()));
    co_return;
  }
  CommandContext context(*this, *command, std::move(std::get<ParsedArgs>(parsed)));
  context.guild_id = message.guild_id;
  context.channel_id = message.channel_id;
  context.author = message.author;
  context.member = message.member;
  context.message = std::move(message);
  co_await run_command(context);
}

asio::awaitable<void> Instance::run_command(CommandContext& context) {
  const auto& spec = context.command.spec;
  std::string label;
  for (const auto& part : spec.path) label += (label.empty() ? "" : " ") + part;
  // `member` arguments must name someone in this server.
  for (const auto& arg : spec.args) {
    if (arg.kind != ArgKind::member || context.guild_id.value == 0) continue;
    const auto id = context.args.id(arg.name);
    if (!id || cache_.member(context.guild_id, *id)) continue;
    bool not_a_member = false;
    try {
      cache_.put_member(context.guild_id, co_await rest_->get_member(context.guild_id, *id));
    } catch (const discord::DiscordError& e) {
      if (e.status() != 404) throw;
      not_a_member = true;
    }
    if (not_a_member) {
      co_await context.reply("That user is not a member of this server.");
      co_return;
    }
  }
  // co_await is not allowed inside a catch block: keep the sentence, answer after.
  std::optional<std::string> failure;
  try {
    co_await context.command.handler(context);
  } catch (const std::exception& e) {
    failure = failure_message(name_, "Command '" + label + "'", e);
  }
  if (!failure) co_return;
  try {
    co_await context.reply(*failure);
  } catch (const std::exception& again) {
    spdlog::warn("[{}] Could not report a failure to the user: {}", name_, again.what());
  }
}

asio::awaitable<void> Instance::acknowledge_if_slow(std::shared_ptr<InteractionState> state,
                                                    discord::InteractionCallback deferral_type) {
  asio::steady_timer timer(executor_, kDeferAfter);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  if (state->acknowledged) co_return;
  state->acknowledged = true;
  state->deferred = true;
  try {
    co_await rest_->interaction_callback(state->interaction.id, state->interaction.token, deferral_type);
  } catch (const std::exception& e) {
    spdlog::warn("[{}] Deferring interaction failed: {}", name_, e.what());
  }
}

asio::awaitable<void> Instance::handle_interaction(discord::Interaction interaction) {
  auto state = std::make_shared<InteractionState>();
  state->interaction = std::move(interaction);
  const auto& i = state->interaction;
  const auto tell = [&](std::string text) -> asio::awaitable<void> {
    Reply reply = Reply::text(std::move(text));
    reply.ephemeral = true;
    state->acknowledged = true;
    co_await rest_->interaction_reply(i.id, i.token, to_create(reply));
  };
  try {
    if (i.type == discord::InteractionType::message_component) {
      co_await run_button(state);
      co_return;
    }
    if (i.type != discord::InteractionType::application_command) co_return;

    // /stock buy arrives as command "stock" with one subcommand option.
    std::vector<std::string> path{i.command_name};
    const std::vector<discord::InteractionOption>* options = &i.options;
    if (!i.options.empty() && i.options.front().type == 1) {
      path.push_back(i.options.front().name);
      options = &i.options.front().options;
    }
    const auto* command = commands_.find(path);
    if (!command) {
      co_await tell("That command no longer exists here.");
      co_return;
    }
    const auto refusal = refusal_for(command->spec, i.guild_id, i.channel_id, i.user.id, i.member);
    if (!refusal.empty()) {
      // Not throttled: an interaction must be answered, and the ephemeral
      // answer is seen by the caller alone, so it cannot spam a channel.
      co_await tell(refusal);
      co_return;
    }
    ParsedArgs args;
    for (const auto& spec : command->spec.args) {
      args.names.push_back(spec.name);
      const auto value = option_text(*options, spec.name);
      if (!value) {
        args.values.emplace_back(std::nullopt);
        continue;
      }
      const auto one = parse_arguments({spec}, spec.kind == ArgKind::rest ? *value : "\"" + *value + "\"");
      if (const auto* error = std::get_if<ArgumentError>(&one)) {
        co_await tell(error->message + ". " + usage_hint(command->spec, "/"));
        co_return;
      }
      args.values.push_back(std::get<ParsedArgs>(one).values.front());
    }
    // Deferring first gives the handler 15 minutes and a message id to return.
    state->acknowledged = true;
    state->deferred = true;
    co_await rest_->interaction_callback(i.id, i.token, discord::InteractionCallback::deferred_channel_message);
    CommandContext context(*this, *command, std::move(args));
    context.guild_id = i.guild_id;
    context.channel_id = i.channel_id;
    context.author = i.user;
    context.member = i.member;
    context.interaction = state;
    co_await run_command(context);
  } catch (const std::exception& e) {
    spdlog::warn("[{}] Interaction failed: {}", name_, e.what());
  }
}

asio::awaitable<void> Instance::run_button(std::shared_ptr<InteractionState> state) {
  const auto& i = state->interaction;
  ButtonContext context(*this, state);
  const auto* route = registry_.button_for(i.custom_id);
  if (!route) {
    co_await context.tell("This button has expired.");
    co_return;
  }
  if (route->rate_limiter != nullptr) {
    if (auto wait = limiters_[*route->rate_limiter].try_acquire(i.user.id.value)) {
      co_await context.tell("You're doing that too often. Try again in " +
                            std::to_string((wait->count() + 999) / 1000) + " seconds.");
      co_return;
    }
  }
  spawn(executor_, acknowledge_if_slow(state, discord::InteractionCallback::deferred_update_message),
        "[" + name_ + "] Acknowledging a slow button");
  std::optional<std::string> failure;
  try {
    co_await route->handler(context);
    if (!state->acknowledged) {
      // A handler that answered nothing still owes Discord an acknowledgement.
      state->acknowledged = true;
      co_await rest_->interaction_callback(i.id, i.token, discord::InteractionCallback::deferred_update_message);
    }
  } catch (const std::exception& e) {
    failure = failure_message(name_, "Button '" + route->prefix + "'", e);
  }
  if (!failure) co_return;
  try {
    co_await context.tell(*failure);
  } catch (const std::exception& e) {
    spdlog::warn("[{}] Could not report a button failure: {}", name_, e.what());
  }
}

}  // namespace dbot::bot
