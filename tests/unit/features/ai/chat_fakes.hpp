#pragma once
// Fakes for the AI chat tests: a scripted channel history, an attachment
// reader, a recording reply surface and a scripted ChatModel.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <deque>
#include <functional>
#include <map>

#include "features/ai/chat/message_source.hpp"
#include "features/ai/chat/reply_surface.hpp"
#include "features/ai/model/chat_model.hpp"

namespace dbot::features::ai::chat::testing {

template <typename T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.run();
  io.restart();
  return future.get();
}

inline discord::User user(std::uint64_t id, std::string name, bool bot = false) {
  discord::User u;
  u.id = Snowflake{id};
  u.username = name;
  u.bot = bot;
  return u;
}

// Message i was written at kEpochMs + i seconds.
inline constexpr std::int64_t kEpochMs = 1'000'000'000;

// A channel's messages by id; `before` answers newest first like Discord.
class FakeChannel final : public MessageSource {
 public:
  Snowflake channel{500};
  std::map<std::uint64_t, discord::Message> messages;
  unsigned fetches = 0;

  discord::Message& add(std::uint64_t id, const discord::User& author, std::string content,
                        std::uint64_t replies_to = 0, std::vector<std::uint64_t> mentioned = {},
                        std::int64_t timestamp_ms = 0) {
    discord::Message m;
    m.id = Snowflake{id};
    m.channel_id = channel;
    m.guild_id = Snowflake{900};
    m.author = author;
    m.content = std::move(content);
    m.referenced_message_id = Snowflake{replies_to};
    for (auto who : mentioned) m.mentions.push_back(Snowflake{who});
    m.timestamp_ms = timestamp_ms == 0 ? kEpochMs + static_cast<std::int64_t>(id) * 1000 : timestamp_ms;
    return messages[id] = m;
  }

  boost::asio::awaitable<std::optional<discord::Message>> message(Snowflake, Snowflake id) override {
    ++fetches;
    std::optional<discord::Message> found;
    if (const auto it = messages.find(id.value); it != messages.end()) found = it->second;
    co_return found;
  }

  boost::asio::awaitable<std::vector<discord::Message>> before(Snowflake, Snowflake before, unsigned limit) override {
    std::vector<discord::Message> out;
    for (auto it = messages.rbegin(); it != messages.rend() && out.size() < limit; ++it) {
      if (it->first < before.value) out.push_back(it->second);
    }
    co_return out;
  }
};

class FakeAttachments final : public AttachmentReader {
 public:
  std::map<std::string, std::string> files;  // url → text
  boost::asio::awaitable<std::optional<std::string>> read(const discord::Attachment& attachment,
                                                          std::size_t max_bytes) override {
    std::optional<std::string> text;
    if (const auto it = files.find(attachment.url); it != files.end() && it->second.size() <= max_bytes)
      text = it->second;
    co_return text;
  }
};

// Records what the flow shows, with the fake clock's time of each call.
class RecordingSurface final : public ReplySurface {
 public:
  struct Call {
    std::string kind;  // send, edit, remove
    Snowflake message;
    AnswerPart part;
    std::int64_t at_ms;
  };
  std::function<std::int64_t()> now_ms = [] { return 0; };
  std::vector<Call> calls;
  bool streaming = true;
  int typing_starts = 0;
  bool typing = false;
  std::uint64_t next_id = 1000;

  bool streams() const override { return streaming; }
  void start_typing() override {
    ++typing_starts;
    typing = true;
  }
  void stop_typing() override { typing = false; }
  boost::asio::awaitable<Snowflake> send(std::size_t, AnswerPart part) override {
    const Snowflake id{++next_id};
    calls.push_back({"send", id, std::move(part), now_ms()});
    co_return id;
  }
  boost::asio::awaitable<void> edit(Snowflake message, AnswerPart part) override {
    calls.push_back({"edit", message, std::move(part), now_ms()});
    co_return;
  }
  boost::asio::awaitable<void> remove(Snowflake message) override {
    calls.push_back({"remove", message, {}, now_ms()});
    co_return;
  }
  std::vector<Call> of(std::string_view kind) const {
    std::vector<Call> out;
    for (const auto& call : calls) {
      if (call.kind == kind) out.push_back(call);
    }
    return out;
  }
};

// A model that plays a script: each step streams a delta, moves the fake
// clock, or lets other coroutines run; then it answers `final_text`.
class ScriptedModel final : public ChatModel {
 public:
  struct Step {
    std::string delta;
    std::int64_t advance_ms = 0;
    int yields = 0;
    std::function<void()> action;  // runs before the delta (e.g. a Stop press)
  };
  std::vector<Step> steps;
  std::string final_text;
  std::optional<ModelError> error;
  int failures = 1 << 30;  // how many calls throw `error`
  std::int64_t* clock_ms = nullptr;
  std::vector<ChatRequest> requests;
  std::function<void()> before_answer;  // runs when the call starts

  boost::asio::awaitable<ChatResult> complete(const ChatRequest& request, const StreamSink* sink) override {
    requests.push_back(request);
    if (before_answer) before_answer();
    if (error && failures > 0) {
      --failures;
      throw *error;
    }
    ChatResult result;
    std::string streamed;
    for (const auto& step : steps) {
      if (sink && sink->stop_requested && sink->stop_requested()) {
        result.finish = FinishReason::stopped_by_user;
        result.text = streamed;
        co_return result;
      }
      if (step.action) step.action();
      if (clock_ms) *clock_ms += step.advance_ms;
      if (!step.delta.empty() && sink && sink->on_text) {
        streamed += step.delta;
        sink->on_text(step.delta);
      }
      const auto executor = co_await boost::asio::this_coro::executor;
      for (int i = 0; i < step.yields; ++i) co_await boost::asio::post(executor, boost::asio::use_awaitable);
    }
    result.text = final_text.empty() ? streamed : final_text;
    co_return result;
  }
};

}  // namespace dbot::features::ai::chat::testing
