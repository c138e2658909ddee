#include "features/ai/chat/ai_feature.hpp"

#include <algorithm>
#include <charconv>

#include <spdlog/spdlog.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "core/clock.hpp"
#include "features/ai/chat/channel_queue.hpp"
#include "features/ai/chat/chat_flow.hpp"
#include "features/ai/chat/discord_surfaces.hpp"
#include "features/ai/chat/local_time.hpp"
#include "features/ai/chat/rest_message_source.hpp"
#include "features/ai/chat/system_prompt.hpp"
#include "features/ai/config.hpp"
#include "features/ai/limits.hpp"
#include "features/ai/model/make_model.hpp"

namespace dbot::features {
namespace asio = boost::asio;
using namespace ai::chat;

namespace {

std::optional<std::uint64_t> turn_of(std::string_view data) {
  std::uint64_t id = 0;
  const auto [end, error] = std::from_chars(data.data(), data.data() + data.size(), id);
  if (error != std::errc{} || end != data.data() + data.size()) return std::nullopt;
  return id;
}

bool mentions(const discord::Message& message, Snowflake user) {
  return std::find(message.mentions.begin(), message.mentions.end(), user) != message.mentions.end();
}

bool is_five_letter_word(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\n");
  const auto last = text.find_last_not_of(" \t\n");
  if (first == std::string_view::npos || last - first + 1 != 5) return false;
  return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(first),
                     text.begin() + static_cast<std::ptrdiff_t>(last + 1),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

class AiFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "ai"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    const auto& config = instance.config().required_section<ai::AiConfig>();
    if (!config.chat_active()) {
      spdlog::info("[{}] AI chat is off: no chat or vision provider has its API key set", instance.name());
      return;
    }
    instance_ = &instance;
    settings_ = config.chat_settings;
    personality_ = config.personality;
    if (const auto& zone = instance.config().timezone; zone && *zone != "UTC") {
      if (auto loaded = TimeZone::locate(*zone)) {
        zone_ = std::move(*loaded);
      } else {
        spdlog::warn("[{}] AI chat: time zone '{}' unreadable; the prompt uses UTC", instance.name(), *zone);
      }
    }
    try {
      model_ = ai::make_chat_model(config, instance.http(), instance.executor());
    } catch (const ai::ModelError& e) {
      spdlog::warn("[{}] AI chat is off: {}", instance.name(), e.operator_detail());
      return;
    }
    messages_ = std::make_unique<RestMessageSource>(instance.rest());
    attachments_ = std::make_unique<HttpAttachmentReader>(instance.http());

    FlowDeps deps;
    deps.model = model_;
    deps.messages = messages_.get();
    deps.attachments = attachments_.get();
    deps.limiter = &instance.limiters()[ai::kAiLimit];
    deps.bot_id = [this] { return instance_->self_id(); };
    deps.system_prompt = [this](const TurnRequest& turn) { return prompt_for(turn); };
    deps.now_ms = [] { return unix_now_ms(); };
    deps.clock = [] { return std::chrono::steady_clock::now(); };
    deps.sleep = [executor = instance.executor()](std::chrono::milliseconds wait) -> asio::awaitable<void> {
      asio::steady_timer timer(executor, wait);
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    };
    deps.context = ContextSettings{.history_minutes = settings_.history_minutes,
                                   .history_messages = settings_.history_messages,
                                   .context_tokens = settings_.context_tokens,
                                   .attachment_max_bytes = settings_.attachment_max_bytes};
    // A copy cached while the answer streamed would be stale.
    deps.on_final_part = [this](Snowflake message, const std::string&) { messages_->forget(message); };
    flow_ = std::make_unique<ChatFlow>(std::move(deps));
    queue_ = std::make_unique<ChannelQueue>(instance.executor(),
                                            [this](TurnRequest turn) { return flow_->answer(std::move(turn)); });

    bot::CommandSpec ask;
    ask.path = {"ask"};
    ask.section = "AI";
    ask.summary = "Ask the AI something (or just @mention me)";
    ask.guild_only = !settings_.dm;
    ask.args = {{.name = "question", .kind = bot::ArgKind::rest, .description = "What to ask"},
                {.name = "ephemeral",
                 .kind = bot::ArgKind::choice,
                 .description = "yes: only you see the answer (slash command only)",
                 .required = false,
                 .choices = {"yes", "no"}}};
    registry.add_command(std::move(ask), [this](bot::CommandContext& c) { return on_ask(c); });
    registry.on_message([this](const discord::Message& message) { return on_message(message); });
    registry.add_button(std::string(kStopPrefix), [this](bot::ButtonContext& c) { return on_stop(c); });
    registry.add_button(std::string(kRegeneratePrefix), [this](bot::ButtonContext& c) { return on_regenerate(c); });
  }

 private:
  std::string prompt_for(const TurnRequest& turn) const {
    PromptFacts facts;
    facts.personality = personality_;
    facts.bot_name = instance_->config().bot_name;
    facts.bot_id = instance_->self_id().value;
    facts.direct_message = turn.trigger.guild_id.value == 0;
    if (const auto guild = instance_->cache().guild(turn.trigger.guild_id)) facts.guild_name = guild->name;
    if (const auto channel = instance_->cache().channel(turn.trigger.channel_id)) {
      facts.channel_name = channel->name;
      facts.thread = discord::is_thread(channel->type);
    }
    facts.requester = speaker_name(turn.trigger);
    facts.local_time = describe_local_time(zone_, unix_now_ms());
    facts.version = DBOT_VERSION;
    return system_prompt(facts);
  }

  bool in_thread(Snowflake channel) const {
    const auto found = instance_->cache().channel(channel);
    return found && discord::is_thread(found->type);
  }

  // Mentioned, replied to, or (with ai.dm) written to in a DM.
  asio::awaitable<bool> addressed(const discord::Message& message) {
    const Snowflake self = instance_->self_id();
    if (message.guild_id.value == 0) co_return settings_.dm;
    if (mentions(message, self)) co_return true;
    if (message.referenced_message_id.value == 0) co_return false;
    // A bare five-letter word replying to the bot is a Wordle guess on its board.
    if (is_five_letter_word(message.content)) co_return false;
    if (message.referenced_author_id.value != 0) co_return message.referenced_author_id == self;
    // The gateway left the replied-to message out: look it up (cached).
    const auto replied = co_await messages_->message(message.channel_id, message.referenced_message_id);
    co_return replied && replied->author.id == self;
  }

  asio::awaitable<void> on_message(const discord::Message& message) {
    if (message.author.bot || message.webhook_id.value != 0 || instance_->self_id().value == 0) co_return;
    // Prefix commands are the command framework's, even when they mention the bot.
    if (message.content.starts_with(instance_->config().command_prefix)) co_return;
    if (!co_await addressed(message)) co_return;
    TurnRequest turn;
    turn.trigger = message;
    turn.source = TurnSource::mention;
    turn.thread = in_thread(message.channel_id);
    turn.surface = std::make_shared<ChannelSurface>(instance_->rest_shared(), instance_->executor(), message.channel_id,
                                                    message.id);
    submit(std::move(turn));
  }

  asio::awaitable<void> on_ask(bot::CommandContext& c) {
    TurnRequest turn;
    turn.source = TurnSource::slash;
    turn.thread = in_thread(c.channel_id);
    const std::string question = c.args.text("question").value_or("");
    if (c.message) {
      turn.trigger = *c.message;
      turn.trigger.content = question;
      turn.trigger.referenced_message_id = Snowflake{};
      turn.surface = std::make_shared<ChannelSurface>(instance_->rest_shared(), instance_->executor(), c.channel_id,
                                                      c.message->id);
    } else {
      const auto& interaction = c.interaction->interaction;
      turn.trigger.id = interaction.id;
      turn.trigger.channel_id = c.channel_id;
      turn.trigger.guild_id = c.guild_id;
      turn.trigger.author = c.author;
      turn.trigger.member = c.member;
      turn.trigger.content = question;
      turn.trigger.timestamp_ms = unix_now_ms();
      // The deferred response is the answer's first message from now on.
      c.interaction->original_sent = true;
      turn.through_interaction = true;
      turn.surface =
          std::make_shared<InteractionSurface>(instance_->rest_shared(), interaction.application_id, interaction.token,
                                               c.channel_id, c.args.text("ephemeral").value_or("no") == "yes");
    }
    submit(std::move(turn));
    co_return;
  }

  void submit(TurnRequest turn) {
    turn.id = flow_->next_turn_id();
    turn.queued_at = std::chrono::steady_clock::now();
    const auto outcome = queue_->submit(std::move(turn));
    if (outcome == ChannelQueue::Outcome::merged || outcome == ChannelQueue::Outcome::dropped) {
      spdlog::debug("AI chat: a repeated request was merged into the waiting one");
    }
  }

  asio::awaitable<void> on_stop(bot::ButtonContext& c) {
    const auto id = turn_of(c.data());
    const auto press = id ? flow_->stop(*id, c.user_id()) : ChatFlow::Press::unknown;
    if (press == ChatFlow::Press::not_requester) {
      co_await c.tell("Only the person who asked can stop this answer.");
    } else if (press == ChatFlow::Press::unknown) {
      co_await c.tell("This answer has already finished.");
    }
    // Accepted: the runtime acknowledges the click; the answer ends itself.
  }

  asio::awaitable<void> on_regenerate(bot::ButtonContext& c) {
    const auto id = turn_of(c.data());
    auto rerun = id ? flow_->regenerate(*id, c.user_id()) : ChatFlow::Rerun{};
    if (rerun.press == ChatFlow::Press::not_requester) {
      co_await c.tell("Only the person who asked can regenerate this answer.");
      co_return;
    }
    if (rerun.press == ChatFlow::Press::unknown || !rerun.turn) {
      co_await c.tell("This answer can no longer be regenerated. Ask me again.");
      co_return;
    }
    for (const auto& part : rerun.old_parts) {
      try {
        co_await rerun.turn->surface->remove(part);
      } catch (const std::exception& e) {
        spdlog::debug("AI chat: removing an old answer failed: {}", e.what());
      }
    }
    submit(std::move(*rerun.turn));
  }

  bot::Instance* instance_ = nullptr;
  ai::ChatSettings settings_;
  std::string personality_;
  TimeZone zone_;
  std::shared_ptr<ai::ChatModel> model_;
  std::unique_ptr<RestMessageSource> messages_;
  std::unique_ptr<HttpAttachmentReader> attachments_;
  std::unique_ptr<ChatFlow> flow_;
  std::unique_ptr<ChannelQueue> queue_;
};

}  // namespace

std::unique_ptr<bot::Feature> make_ai_feature() { return std::make_unique<AiFeature>(); }

}  // namespace dbot::features
