#include "features/ai/chat/discord_surfaces.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/spawn.hpp"
#include "discord/rest_client.hpp"
#include "features/ai/chat/output_safety.hpp"

namespace dbot::features::ai::chat {
namespace asio = boost::asio;
namespace {

// Discord shows "typing" for about 10 s after each call.
constexpr std::chrono::seconds kTypingEvery{8};

discord::MessageCreate create_of(const AnswerPart& part, bool ping_replied_user) {
  discord::MessageCreate create;
  create.content = part.content;
  create.components = part.buttons;
  create.allowed_mentions = answer_mentions(ping_replied_user);
  return create;
}

discord::MessageEdit edit_of(const AnswerPart& part) {
  discord::MessageEdit edit;
  edit.content = part.content;
  // An empty list removes buttons (the Stop button when the answer is final).
  edit.components = part.buttons;
  edit.allowed_mentions = answer_mentions(false);
  return edit;
}

}  // namespace

struct ChannelSurface::Typing {
  explicit Typing(asio::any_io_executor executor) : timer(executor) {}
  bool on = true;
  asio::steady_timer timer;
};

ChannelSurface::ChannelSurface(std::shared_ptr<discord::RestClient> rest, asio::any_io_executor executor,
                               Snowflake channel, Snowflake trigger)
    : rest_(std::move(rest)), executor_(std::move(executor)), channel_(channel), trigger_(trigger) {}

ChannelSurface::~ChannelSurface() { stop_typing(); }

void ChannelSurface::start_typing() {
  if (typing_) return;
  typing_ = std::make_shared<Typing>(executor_);
  auto typing = typing_;
  auto rest = rest_;
  const Snowflake channel = channel_;
  spawn(
      executor_,
      [typing, rest, channel]() -> asio::awaitable<void> {
        while (typing->on) {
          try {
            co_await rest->trigger_typing(channel);
          } catch (const std::exception& e) {
            spdlog::debug("AI chat: typing indicator failed: {}", e.what());
          }
          if (!typing->on) break;
          typing->timer.expires_after(kTypingEvery);
          boost::system::error_code ec;
          co_await typing->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
      },
      "AI chat: typing indicator");
}

void ChannelSurface::stop_typing() {
  if (!typing_) return;
  typing_->on = false;
  typing_->timer.cancel();
}

asio::awaitable<Snowflake> ChannelSurface::send(std::size_t index, AnswerPart part) {
  auto create = create_of(part, index == 0);
  create.reply_to = index == 0 || previous_.value == 0 ? trigger_ : previous_;
  create.fail_if_reply_missing = false;
  const auto message = co_await rest_->create_message(channel_, std::move(create));
  previous_ = message.id;
  co_return message.id;
}

asio::awaitable<void> ChannelSurface::edit(Snowflake message, AnswerPart part) {
  co_await rest_->edit_message(channel_, message, edit_of(part));
}

asio::awaitable<void> ChannelSurface::remove(Snowflake message) { co_await rest_->delete_message(channel_, message); }

InteractionSurface::InteractionSurface(std::shared_ptr<discord::RestClient> rest, Snowflake application,
                                       std::string token, Snowflake channel, bool ephemeral)
    : rest_(std::move(rest)),
      application_(application),
      token_(std::move(token)),
      channel_(channel),
      ephemeral_(ephemeral) {}

asio::awaitable<Snowflake> InteractionSurface::send(std::size_t index, AnswerPart part) {
  if (index == 0 && !ephemeral_ && !original_removed_) {
    original_ = (co_await rest_->edit_original_response(application_, token_, edit_of(part))).id;
    co_return original_;
  }
  if (ephemeral_ && !original_removed_) {
    // The deferral was public ("thinking…"); the private answer replaces it.
    original_removed_ = true;
    try {
      co_await rest_->delete_original_response(application_, token_);
    } catch (const std::exception& e) {
      spdlog::debug("AI chat: removing the deferred response failed: {}", e.what());
    }
  }
  auto create = create_of(part, false);
  if (ephemeral_) create.flags = 64;
  co_return (co_await rest_->create_followup(application_, token_, std::move(create))).id;
}

asio::awaitable<void> InteractionSurface::edit(Snowflake message, AnswerPart part) {
  if (message == original_ && !original_removed_) {
    co_await rest_->edit_original_response(application_, token_, edit_of(part));
  } else {
    co_await rest_->edit_message(channel_, message, edit_of(part));
  }
}

asio::awaitable<void> InteractionSurface::remove(Snowflake message) {
  if (message == original_ && !original_removed_) {
    original_removed_ = true;
    co_await rest_->delete_original_response(application_, token_);
  } else if (!ephemeral_) {
    co_await rest_->delete_message(channel_, message);
  }
}

}  // namespace dbot::features::ai::chat
