#pragma once
// One answer at a time per channel: later requests wait their turn, so two
// answers never interleave. A user who mentions the bot again while their
// request is still waiting has the new message merged into it (an identical
// one is dropped), and an identical repeat of the request being answered
// right now is dropped too: rapid double mentions cost one answer.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "features/ai/chat/turn.hpp"

namespace dbot::features::ai::chat {

class ChannelQueue {
 public:
  using Runner = std::function<boost::asio::awaitable<void>(TurnRequest)>;
  enum class Outcome { started, queued, merged, dropped };

  // A repeat of the running request within this long is a duplicate.
  static constexpr std::chrono::seconds kDuplicateWindow{15};

  ChannelQueue(boost::asio::any_io_executor executor, Runner runner);

  Outcome submit(TurnRequest turn);
  std::size_t waiting(Snowflake channel) const;

 private:
  struct Lane {
    std::deque<TurnRequest> waiting;
    Snowflake running_user;
    std::string running_text;
    std::chrono::steady_clock::time_point running_since{};
  };
  boost::asio::awaitable<void> drain(Snowflake channel);

  boost::asio::any_io_executor executor_;
  Runner runner_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, Lane> lanes_;  // a lane exists while its channel has work
};

}  // namespace dbot::features::ai::chat
