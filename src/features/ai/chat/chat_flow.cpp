#include "features/ai/chat/chat_flow.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/spawn.hpp"
#include "features/ai/chat/dsml.hpp"
#include "features/ai/chat/output_safety.hpp"
#include "features/ai/chat/splitter.hpp"
#include "features/ai/chat/token_budget.hpp"

namespace dbot::features::ai::chat {
namespace asio = boost::asio;
namespace {

// Finished answers kept for their Regenerate button.
constexpr std::size_t kFinishedKept = 256;
// Interaction tokens last 15 minutes; leave room for the answer itself.
constexpr std::chrono::minutes kInteractionRegenerateFor{12};

bot::Button stop_button(std::uint64_t id) {
  return bot::Button{.custom_id = std::string(kStopPrefix) + ":" + std::to_string(id),
                     .label = "Stop",
                     .style = bot::ButtonStyle::danger,
                     .emoji = "\u23F9"};
}

bot::Button regenerate_button(std::uint64_t id) {
  return bot::Button{.custom_id = std::string(kRegeneratePrefix) + ":" + std::to_string(id),
                     .label = "Regenerate",
                     .style = bot::ButtonStyle::secondary,
                     .emoji = "\U0001F504"};
}

// What the answer looks like so far: markup removed, mass mentions broken,
// and only what fits in the first message.
std::string preview(const std::string& streamed) {
  const auto parts = split_for_discord(defuse_mass_mentions(parse_dsml(streamed).text), kDiscordMessageLimit - 2);
  if (parts.empty()) return {};
  return parts.size() == 1 ? parts.front() : parts.front() + " \u2026";
}

// The streamed reply while the model writes: the text so far and the
// message showing it.
struct Live {
  explicit Live(asio::any_io_executor executor, std::chrono::milliseconds interval, EditPacer::Clock clock)
      : pacer(interval, std::move(clock)), wake(executor), finished(executor) {
    wake.expires_at(asio::steady_timer::time_point::max());
    finished.expires_at(asio::steady_timer::time_point::max());
  }
  EditPacer pacer;
  Snowflake message;
  bool done = false;
  bool pump_done = false;
  asio::steady_timer wake;      // the pump waits here for text
  asio::steady_timer finished;  // answer() waits here for the pump
};

}  // namespace

std::string slow_down_message(std::chrono::milliseconds wait) {
  return "Slow down \u2014 try again in " + std::to_string(std::max<long long>(1, (wait.count() + 999) / 1000)) + "s.";
}

std::string too_long_message(std::size_t tokens, std::size_t limit) {
  return "That's too long for me to read in one go (about " + std::to_string(tokens) + " tokens; I can take about " +
         std::to_string(limit) + "). Try something shorter.";
}

ChatFlow::ChatFlow(FlowDeps deps) : deps_(std::move(deps)) {}

std::shared_ptr<ChatFlow::Active> ChatFlow::begin(const TurnRequest& turn) {
  auto active = std::make_shared<Active>();
  active->requester = turn.trigger.author.id;
  const std::lock_guard lock(mutex_);
  active_[turn.id] = active;
  return active;
}

void ChatFlow::end(const TurnRequest& turn, std::vector<Snowflake> parts) {
  const std::lock_guard lock(mutex_);
  active_.erase(turn.id);
  if (parts.empty()) return;
  finished_[turn.id] = Finished{turn, std::move(parts), std::chrono::steady_clock::now()};
  while (finished_.size() > kFinishedKept) finished_.erase(finished_.begin());
}

ChatFlow::Press ChatFlow::stop(std::uint64_t id, Snowflake user) {
  const std::lock_guard lock(mutex_);
  const auto it = active_.find(id);
  if (it == active_.end()) return Press::unknown;
  if (it->second->requester != user) return Press::not_requester;
  it->second->stop = true;
  return Press::accepted;
}

ChatFlow::Rerun ChatFlow::regenerate(std::uint64_t id, Snowflake user) {
  const std::lock_guard lock(mutex_);
  Rerun rerun;
  const auto it = finished_.find(id);
  if (it == finished_.end()) return rerun;
  if (it->second.turn.through_interaction &&
      std::chrono::steady_clock::now() - it->second.at > kInteractionRegenerateFor) {
    finished_.erase(it);
    return rerun;
  }
  if (it->second.turn.trigger.author.id != user) {
    rerun.press = Press::not_requester;
    return rerun;
  }
  rerun.press = Press::accepted;
  rerun.turn = it->second.turn;
  rerun.turn->source = TurnSource::regenerate;
  rerun.old_parts = std::move(it->second.parts);
  finished_.erase(it);
  return rerun;
}

asio::awaitable<void> ChatFlow::answer(TurnRequest turn) {
  auto& surface = *turn.surface;
  const auto active = begin(turn);
  std::vector<Snowflake> sent;

  surface.start_typing();
  const Snowflake bot_id = deps_.bot_id();
  TurnInput input;
  input.trigger = turn.trigger;
  input.bot_id = bot_id;
  input.thread = turn.thread;
  input.now_ms = deps_.now_ms();
  auto conversation = co_await build_conversation(*deps_.messages, deps_.attachments, std::move(input), deps_.context);
  const std::size_t current_tokens = estimate_tokens(conversation.messages.back());
  if (current_tokens > deps_.context.context_tokens) {
    surface.stop_typing();
    AnswerPart refusal{too_long_message(current_tokens, deps_.context.context_tokens), {}};
    co_await surface.send(0, std::move(refusal));
    end(turn, {});
    co_return;
  }

  ChatRequest request;
  request.system = deps_.system_prompt(turn);
  request.route = conversation.has_images ? Route::vision : Route::chat;
  request.messages = std::move(conversation.messages);

  const auto executor = co_await asio::this_coro::executor;
  Live live(executor, deps_.edit_interval, deps_.clock);
  const bool streaming = surface.streams();
  StreamSink sink{.on_text =
                      [&live](std::string_view delta) {
                        live.pacer.append(delta);
                        live.wake.cancel();
                      },
                  .stop_requested = [active] { return active->stop.load(); }};

  // Shows the streamed text, one edit per interval at most.
  const auto pump = [&]() -> asio::awaitable<void> {
    while (!live.done) {
      if (!live.pacer.changed()) {
        boost::system::error_code ec;
        live.wake.expires_at(asio::steady_timer::time_point::max());
        co_await live.wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      if (const auto wait = live.pacer.wait(); wait.count() > 0) {
        co_await deps_.sleep(wait);
        continue;
      }
      std::string shown = preview(live.pacer.text());
      live.pacer.mark_edited();
      if (shown.empty()) continue;
      AnswerPart part{std::move(shown), {{stop_button(turn.id)}}};
      try {
        if (live.message.value == 0) {
          surface.stop_typing();
          live.message = co_await surface.send(0, std::move(part));
        } else {
          co_await surface.edit(live.message, std::move(part));
        }
      } catch (const std::exception& e) {
        spdlog::warn("AI chat: a streaming edit failed: {}", e.what());
      }
    }
    live.pump_done = true;
    live.finished.cancel();
  };
  if (streaming) spawn(executor, pump, "AI chat: streaming an answer");

  std::optional<ChatResult> result;
  std::string failure;
  for (int attempt = 0; attempt < 2 && !result && failure.empty(); ++attempt) {
    if (deps_.limiter != nullptr) {
      if (const auto wait = deps_.limiter->try_acquire(turn.trigger.author.id.value)) {
        failure = slow_down_message(*wait);
        break;
      }
    }
    bool retry_without_images = false;
    try {
      result = co_await deps_.model->complete(request, &sink);
    } catch (const ModelError& e) {
      spdlog::warn("AI chat: the model failed: {}", e.operator_detail());
      // No vision route: answer the text, as the seed did.
      if (e.failure() == ModelFailure::not_configured && request.route == Route::vision && attempt == 0) {
        retry_without_images = true;
      } else {
        failure = e.user_message().empty() ? std::string(kGenericFailure) : e.user_message();
      }
    } catch (const std::exception& e) {
      spdlog::error("AI chat: the model call failed: {}", e.what());
      failure = kGenericFailure;
    }
    if (retry_without_images) {
      request.route = Route::chat;
      for (auto& message : request.messages) message.image_urls.clear();
    }
  }

  live.done = true;
  live.wake.cancel();
  if (streaming && !live.pump_done) {
    boost::system::error_code ec;
    co_await live.finished.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  surface.stop_typing();

  std::string text;
  // What streamed stands when the final text is missing (or the call failed half-way).
  text = result && !result->text.empty() ? result->text : live.pacer.text();
  text = defuse_mass_mentions(parse_dsml(text).text);
  const bool stopped = active->stop.load() || (result && result->finish == FinishReason::stopped_by_user);
  if (!failure.empty()) {
    text = text.empty() ? failure : text + "\n\n\u26A0\uFE0F " + failure;
  } else if (text.empty()) {
    text = stopped ? std::string(kStoppedNote) : std::string(kNothingToSay);
  } else if (stopped) {
    text += "\n\n" + std::string(kStoppedNote);
  }

  auto parts = cap_parts(split_for_discord(text), deps_.max_parts, kCutNote);
  if (parts.empty()) parts.push_back(std::string(kNothingToSay));
  // The final edit keeps the pace of the streamed ones.
  if (live.message.value != 0) {
    if (const auto wait = live.pacer.wait(); wait.count() > 0) co_await deps_.sleep(wait);
  }
  const bool answered = failure.empty();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    AnswerPart part{parts[i], {}};
    if (i + 1 == parts.size() && answered) part.buttons = {{regenerate_button(turn.id)}};
    Snowflake id;
    if (i == 0 && live.message.value != 0) {
      co_await surface.edit(live.message, part);
      id = live.message;
    } else {
      id = co_await surface.send(i, part);
    }
    sent.push_back(id);
    if (deps_.on_final_part && id.value != 0) deps_.on_final_part(id, parts[i]);
  }
  end(turn, answered ? sent : std::vector<Snowflake>{});
}

}  // namespace dbot::features::ai::chat
