#include "features/ai/chat/channel_queue.hpp"

#include <spdlog/spdlog.h>

#include "core/spawn.hpp"

namespace dbot::features::ai::chat {
namespace asio = boost::asio;
namespace {

std::string normalized(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool mergeable(const TurnRequest& turn) { return turn.source == TurnSource::mention; }

}  // namespace

ChannelQueue::ChannelQueue(asio::any_io_executor executor, Runner runner)
    : executor_(std::move(executor)), runner_(std::move(runner)) {}

ChannelQueue::Outcome ChannelQueue::submit(TurnRequest turn) {
  const Snowflake channel = turn.trigger.channel_id;
  {
    const std::lock_guard lock(mutex_);
    auto [it, fresh] = lanes_.try_emplace(channel.value);
    Lane& lane = it->second;
    if (!fresh && mergeable(turn)) {
      const auto text = normalized(turn.trigger.content);
      if (lane.running_user == turn.trigger.author.id && lane.running_text == text &&
          std::chrono::steady_clock::now() - lane.running_since < kDuplicateWindow)
        return Outcome::dropped;
      for (auto& waiting : lane.waiting) {
        if (!mergeable(waiting) || waiting.trigger.author.id != turn.trigger.author.id) continue;
        // An identical repeat adds nothing; anything else joins the waiting request.
        if (normalized(waiting.trigger.content).find(text) == std::string::npos) {
          waiting.trigger.content += "\n" + turn.trigger.content;
          waiting.trigger.attachments.insert(waiting.trigger.attachments.end(), turn.trigger.attachments.begin(),
                                             turn.trigger.attachments.end());
        }
        return Outcome::merged;
      }
    }
    lane.waiting.push_back(std::move(turn));
    if (!fresh) return Outcome::queued;
  }
  spawn(executor_, drain(channel), "AI chat: answering in channel " + channel.str());
  return Outcome::started;
}

std::size_t ChannelQueue::waiting(Snowflake channel) const {
  const std::lock_guard lock(mutex_);
  const auto it = lanes_.find(channel.value);
  return it == lanes_.end() ? 0 : it->second.waiting.size();
}

asio::awaitable<void> ChannelQueue::drain(Snowflake channel) {
  while (true) {
    TurnRequest turn;
    {
      const std::lock_guard lock(mutex_);
      auto it = lanes_.find(channel.value);
      if (it == lanes_.end()) co_return;
      if (it->second.waiting.empty()) {
        lanes_.erase(it);
        co_return;
      }
      turn = std::move(it->second.waiting.front());
      it->second.waiting.pop_front();
      it->second.running_user = turn.trigger.author.id;
      it->second.running_text = normalized(turn.trigger.content);
      it->second.running_since = std::chrono::steady_clock::now();
    }
    try {
      co_await runner_(std::move(turn));
    } catch (const std::exception& e) {
      spdlog::error("AI chat: a turn in channel {} failed: {}", channel.str(), e.what());
    }
  }
}

}  // namespace dbot::features::ai::chat
