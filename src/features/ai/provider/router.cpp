#include "features/ai/provider/router.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace dbot::features::ai {
namespace {

std::string_view route_name(Route route) {
  switch (route) {
    case Route::chat: return "chat";
    case Route::vision: return "vision";
    case Route::reasoner: return "reasoner";
  }
  return "chat";
}

}  // namespace

Router::Router(std::vector<std::shared_ptr<ProviderClient>> providers, Routes routes, Settings settings,
               std::function<Clock::time_point()> breaker_clock)
    : routes_(std::move(routes)), settings_(settings) {
  for (auto& client : providers) {
    const std::string name = client->provider().name;
    members_.insert_or_assign(
        name, Member{std::move(client), std::make_unique<CircuitBreaker>(settings_.breaker, breaker_clock)});
  }
}

std::vector<std::string> Router::primaries(Route route) const {
  std::vector<std::string> names;
  const auto add = [&](const std::optional<std::string>& name) {
    if (name && members_.contains(*name)) names.push_back(*name);
  };
  if (route == Route::vision) add(routes_.vision);
  if (route == Route::reasoner) add(routes_.reasoner);
  add(routes_.chat);
  return names;
}

std::optional<CircuitBreaker::State> Router::breaker_state(const std::string& provider) const {
  const auto it = members_.find(provider);
  if (it == members_.end()) return std::nullopt;
  return it->second.breaker->state();
}

boost::asio::awaitable<ChatResult> Router::complete(const ChatRequest& request, const StreamSink* sink) {
  const auto deadline = Clock::now() + settings_.deadline;
  std::vector<std::string> queue = primaries(request.route);
  if (queue.empty()) {
    throw ModelError(ModelFailure::not_configured, failure_message(ModelFailure::not_configured),
                     fmt::format("no available AI provider for the {} route", route_name(request.route)));
  }

  // Text that reached the caller cannot be taken back, so after the first
  // delta a failure ends the request instead of falling back.
  bool delivered = false;
  StreamSink counted;
  if (sink != nullptr) {
    if (sink->on_text) {
      counted.on_text = [sink, &delivered](std::string_view delta) {
        delivered = true;
        sink->on_text(delta);
      };
    }
    counted.stop_requested = sink->stop_requested;
  }
  const StreamSink* passed = sink != nullptr ? &counted : nullptr;

  std::optional<ModelError> first;  // what the user hears when nothing answers
  std::string details;
  std::vector<std::string> tried;
  bool fallbacks_queued = false;
  const auto note = [&](const ModelError& error, bool censored) {
    if (!first) first = error;
    details += (details.empty() ? "" : "; ") + std::string(error.operator_detail());
    if (!fallbacks_queued) {
      fallbacks_queued = true;
      const auto& more = censored ? routes_.on_censored : routes_.on_error;
      queue.insert(queue.end(), more.begin(), more.end());
    }
  };

  for (std::size_t i = 0; i < queue.size(); ++i) {
    const std::string name = queue[i];
    if (std::find(tried.begin(), tried.end(), name) != tried.end()) continue;
    const auto it = members_.find(name);
    if (it == members_.end()) continue;
    tried.push_back(name);
    Member& member = it->second;
    if (Clock::now() >= deadline) {
      note(ModelError(ModelFailure::timeout, failure_message(ModelFailure::timeout),
                      fmt::format("the request deadline passed before trying AI provider '{}'", name)),
           false);
      break;
    }
    if (!member.breaker->allow()) {
      note(ModelError(ModelFailure::unavailable, failure_message(ModelFailure::unavailable),
                      fmt::format("AI provider '{}': circuit breaker open after repeated failures", name)),
           false);
      continue;
    }
    std::optional<ProviderError> error;
    try {
      ChatResult result = co_await member.client->complete(request, passed, deadline);
      member.breaker->record_success();
      if (!tried.empty() && tried.front() != name) {
        spdlog::info("AI request answered by fallback provider '{}' after: {}", name, details);
      }
      co_return result;
    } catch (const ProviderError& e) {
      error = e;
    } catch (...) {
      member.breaker->record_failure();  // never leave a half-open probe in flight
      throw;
    }
    // A refusal is the provider working as designed, not a sign of ill health.
    if (error->failure() == ModelFailure::refused) {
      member.breaker->record_success();
    } else {
      member.breaker->record_failure();
    }
    spdlog::warn("{}", error->operator_detail());
    note(*error, error->censored());
    if (error->streamed || delivered) break;
  }
  throw ModelError(first->failure(), first->user_message(), "no AI provider answered: " + details);
}

}  // namespace dbot::features::ai
