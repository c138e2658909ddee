#pragma once
// The ChatModel the chat feature talks to: picks the provider for the
// request's route, and when it fails (refusal, timeout, 5xx, rate limit,
// the censorship sentinel, an open circuit breaker) tries the fallbacks in
// their configured order, all within one per-request deadline. Answers say
// which provider gave them.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "features/ai/model/chat_model.hpp"
#include "features/ai/provider/circuit_breaker.hpp"
#include "features/ai/provider/provider_client.hpp"

namespace dbot::features::ai {

class Router final : public ChatModel {
 public:
  using Clock = std::chrono::steady_clock;

  // Provider names as configured (aliases already resolved). Names without
  // a client (unavailable providers) are skipped.
  struct Routes {
    std::optional<std::string> chat;
    std::optional<std::string> vision;     // falls back to chat when unset or unavailable
    std::optional<std::string> reasoner;   // likewise
    std::vector<std::string> on_censored;  // after the censorship sentinel
    std::vector<std::string> on_error;     // after any other failure
  };

  struct Settings {
    std::chrono::milliseconds deadline{90'000};  // all attempts, retries and fallbacks of one call
    CircuitBreaker::Settings breaker;
  };

  // `breaker_clock` drives the breakers' cooldowns (injectable for tests).
  Router(std::vector<std::shared_ptr<ProviderClient>> providers, Routes routes, Settings settings,
         std::function<Clock::time_point()> breaker_clock = &Clock::now);

  boost::asio::awaitable<ChatResult> complete(const ChatRequest& request, const StreamSink* sink) override;

  // The breaker of a provider; nullopt for a name the router does not have.
  std::optional<CircuitBreaker::State> breaker_state(const std::string& provider) const;

 private:
  struct Member {
    std::shared_ptr<ProviderClient> client;
    std::unique_ptr<CircuitBreaker> breaker;
  };

  std::vector<std::string> primaries(Route route) const;

  std::map<std::string, Member> members_;
  Routes routes_;
  Settings settings_;
};

}  // namespace dbot::features::ai
