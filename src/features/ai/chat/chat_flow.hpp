#pragma once
// One answer, start to finish: the conversation (context.hpp), the system
// prompt, the `ai` limiter (one count per model call), the model call with
// streaming into progressive edits (EditPacer: at most one edit per
// interval), Stop (only the requester) and the final split answer with a
// Regenerate button. Every failure gets a reply: the model's user message,
// the rate-limit notice, "too long", or a plain sentence; never silence.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/rate_limiter.hpp"
#include "features/ai/chat/context.hpp"
#include "features/ai/chat/edit_pacer.hpp"
#include "features/ai/chat/turn.hpp"
#include "features/ai/model/chat_model.hpp"

namespace dbot::features::ai::chat {

inline constexpr std::string_view kStopPrefix = "ai_stop";
inline constexpr std::string_view kRegeneratePrefix = "ai_regen";

// The user-facing sentences of the flow.
inline constexpr std::string_view kNothingToSay = "I got nothing. Try rephrasing that.";
inline constexpr std::string_view kGenericFailure = "Something went wrong talking to the AI. Try again in a sec.";
inline constexpr std::string_view kCutNote = "*(The answer was too long for Discord and was cut here.)*";
inline constexpr std::string_view kStoppedNote = "*(stopped)*";
std::string slow_down_message(std::chrono::milliseconds wait);
std::string too_long_message(std::size_t tokens, std::size_t limit);

struct FlowDeps {
  std::shared_ptr<ChatModel> model;
  MessageSource* messages = nullptr;
  AttachmentReader* attachments = nullptr;  // may be null: attachments are not read
  SlidingWindowLimiter* limiter = nullptr;  // the `ai` limiter; null: unlimited (tests)
  std::function<Snowflake()> bot_id;
  std::function<std::string(const TurnRequest&)> system_prompt;
  std::function<std::int64_t()> now_ms;
  EditPacer::Clock clock;
  std::function<boost::asio::awaitable<void>(std::chrono::milliseconds)> sleep;
  std::chrono::milliseconds edit_interval{1000};
  ContextSettings context;
  // Parts of one answer at most; the REST client sends JSON bodies only (no
  // multipart uploads), so a longer answer is cut with a note rather than
  // attached as a file.
  std::size_t max_parts = 4;
  // Called with each final part of an answer (the context cache remembers them).
  std::function<void(Snowflake message, const std::string& content)> on_final_part;
};

class ChatFlow {
 public:
  explicit ChatFlow(FlowDeps deps);

  // Answers one turn; the turn's id must be set (see next_turn_id()).
  boost::asio::awaitable<void> answer(TurnRequest turn);
  std::uint64_t next_turn_id() { return ++turn_ids_; }

  enum class Press { accepted, not_requester, unknown };
  // The Stop button: ends the generation of turn `id` when `user` asked for it.
  Press stop(std::uint64_t id, Snowflake user);
  // The Regenerate button: the turn to run again (with a new id) and the
  // messages of the old answer to delete. An answer given through an
  // interaction can be regenerated only while its token lasts.
  struct Rerun {
    Press press = Press::unknown;
    std::optional<TurnRequest> turn;
    std::vector<Snowflake> old_parts;
  };
  Rerun regenerate(std::uint64_t id, Snowflake user);

 private:
  struct Active {
    Snowflake requester;
    std::atomic<bool> stop{false};
  };
  struct Finished {
    TurnRequest turn;
    std::vector<Snowflake> parts;
    std::chrono::steady_clock::time_point at;
  };
  std::shared_ptr<Active> begin(const TurnRequest& turn);
  void end(const TurnRequest& turn, std::vector<Snowflake> parts);

  FlowDeps deps_;
  std::atomic<std::uint64_t> turn_ids_{0};
  std::mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<Active>> active_;
  std::map<std::uint64_t, Finished> finished_;  // the newest answers, for Regenerate
};

}  // namespace dbot::features::ai::chat
