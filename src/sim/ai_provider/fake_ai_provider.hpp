#pragma once
// A loopback stand-in for an AI model provider: an HTTP server on 127.0.0.1
// that speaks the OpenAI-compatible chat-completions format (POST
// .../chat/completions) and Anthropic's Messages API (POST .../messages),
// streamed (SSE) when the request asks for it. Answers come from a queue
// of scripted replies, then from a responder function, then from a default;
// every request is recorded. For tests and the offline sandbox — it is not
// a model and says so in its default reply.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "sim/ai_provider/script.hpp"

namespace dbot::sim::ai {

class FakeAiProvider {
 public:
  using Responder = std::function<ScriptedReply(const RecordedRequest&)>;

  explicit FakeAiProvider(boost::asio::any_io_executor executor, std::uint16_t port = 0);
  ~FakeAiProvider();
  FakeAiProvider(const FakeAiProvider&) = delete;
  FakeAiProvider& operator=(const FakeAiProvider&) = delete;

  void start();
  void stop();
  std::uint16_t port() const;
  // The endpoint URLs a provider definition points at.
  std::string openai_url() const;     // http://127.0.0.1:<port>/v1/chat/completions
  std::string anthropic_url() const;  // http://127.0.0.1:<port>/v1/messages

  // The next requests get these replies, in order.
  void enqueue(ScriptedReply reply);
  // Asked when the queue is empty (e.g. the sandbox's recognisable requests).
  void set_responder(Responder responder);
  // Used when the queue is empty and there is no responder.
  void set_default(ScriptedReply reply);

  std::vector<RecordedRequest> requests() const;
  std::size_t request_count() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace dbot::sim::ai
