#pragma once
// The two places an answer goes. In a channel: part 0 replies to the
// trigger (pinging only its author), later parts reply to the part before
// (so the parts chain, and a reply to the last one continues the whole
// answer), with typing renewed every 8 s while the model thinks. For /ask:
// the deferred interaction response is part 0 and follow-ups carry the
// rest; an ephemeral /ask is sent once, privately (an ephemeral follow-up
// cannot be edited through this REST client, so it does not stream).

#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "features/ai/chat/reply_surface.hpp"

namespace dbot::discord {
class RestClient;
}

namespace dbot::features::ai::chat {

class ChannelSurface final : public ReplySurface {
 public:
  ChannelSurface(std::shared_ptr<discord::RestClient> rest, boost::asio::any_io_executor executor, Snowflake channel,
                 Snowflake trigger);
  ~ChannelSurface() override;

  bool streams() const override { return true; }
  void start_typing() override;
  void stop_typing() override;
  boost::asio::awaitable<Snowflake> send(std::size_t index, AnswerPart part) override;
  boost::asio::awaitable<void> edit(Snowflake message, AnswerPart part) override;
  boost::asio::awaitable<void> remove(Snowflake message) override;

 private:
  struct Typing;
  std::shared_ptr<discord::RestClient> rest_;
  boost::asio::any_io_executor executor_;
  Snowflake channel_;
  Snowflake trigger_;
  Snowflake previous_;  // the last part sent
  std::shared_ptr<Typing> typing_;
};

class InteractionSurface final : public ReplySurface {
 public:
  InteractionSurface(std::shared_ptr<discord::RestClient> rest, Snowflake application, std::string token,
                     Snowflake channel, bool ephemeral);

  bool streams() const override { return !ephemeral_; }
  void start_typing() override {}  // Discord shows "thinking…" for the deferred response
  void stop_typing() override {}
  boost::asio::awaitable<Snowflake> send(std::size_t index, AnswerPart part) override;
  boost::asio::awaitable<void> edit(Snowflake message, AnswerPart part) override;
  boost::asio::awaitable<void> remove(Snowflake message) override;

 private:
  std::shared_ptr<discord::RestClient> rest_;
  Snowflake application_;
  std::string token_;  // secret for 15 minutes: never logged
  Snowflake channel_;
  bool ephemeral_;
  Snowflake original_;
  bool original_removed_ = false;
};

}  // namespace dbot::features::ai::chat
