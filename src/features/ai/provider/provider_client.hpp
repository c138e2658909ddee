#pragma once
// One configured provider: builds its HTTP request (URL, model, headers,
// auth header and scheme, wire format), streams or waits for the answer,
// and retries transient failures with backoff within the caller's deadline.
// Every failure leaves as a ProviderError whose detail never holds the key.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "features/ai/config.hpp"
#include "features/ai/model/chat_model.hpp"
#include "features/ai/provider/provider_error.hpp"
#include "features/ai/provider/retry_policy.hpp"

namespace dbot::net {
class HttpClient;
struct HttpRequest;
}  // namespace dbot::net

namespace dbot::features::ai {

class ProviderClient {
 public:
  using Clock = std::chrono::steady_clock;
  // Waits between retries; tests pass one that records instead of sleeping.
  using Sleeper = std::function<boost::asio::awaitable<void>(std::chrono::milliseconds)>;

  struct Settings {
    ProviderDef provider;                               // with its key
    std::chrono::milliseconds attempt_timeout{30'000};  // one HTTP exchange
    RetryPolicy retry;
  };

  // `sleeper` unset: a steady_timer on the calling coroutine's executor.
  ProviderClient(Settings settings, std::shared_ptr<net::HttpClient> http, Sleeper sleeper = {});

  const ProviderDef& provider() const { return settings_.provider; }

  // One answer. Streams when the provider has `stream = true` and `sink`
  // takes text; passes deltas to it and ends early when it asks to stop.
  // Throws ProviderError once the failure is not worth retrying, the retries
  // are used up, or the next wait would pass `deadline`.
  boost::asio::awaitable<ChatResult> complete(const ChatRequest& request, const StreamSink* sink,
                                              Clock::time_point deadline);

 private:
  boost::asio::awaitable<ChatResult> attempt(const ChatRequest& request, const StreamSink* sink,
                                             std::chrono::milliseconds timeout, bool& streamed);
  net::HttpRequest http_request(const ChatRequest& request, bool stream) const;
  // The operator detail with the key taken out, whatever the provider echoed.
  std::string redacted(std::string detail) const;
  ProviderError failure(ModelFailure kind, const std::string& what, bool censored = false) const;

  Settings settings_;
  std::shared_ptr<net::HttpClient> http_;
  Sleeper sleeper_;
  std::mutex random_mutex_;  // one client may serve coroutines on several threads
  std::mt19937_64 random_;
};

}  // namespace dbot::features::ai
