// make_chat_model: the available providers of [ai] as clients with their
// retry policy, behind one Router with the configured routes and fallbacks.

#include "features/ai/model/make_model.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "features/ai/config.hpp"
#include "features/ai/provider/router.hpp"

namespace dbot::features::ai {
namespace {

// [ai.fallback] lists accept the seed's aliases; the router wants names.
std::vector<std::string> canonical(const AiConfig& config, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& entry : names) {
    if (const ProviderDef* provider = config.named(entry); provider != nullptr && provider->available()) {
      out.push_back(provider->name);
    }
  }
  return out;
}

boost::asio::awaitable<void> wait_on(boost::asio::any_io_executor executor, std::chrono::milliseconds wait) {
  boost::asio::steady_timer timer(executor, wait);
  co_await timer.async_wait(boost::asio::use_awaitable);
}

}  // namespace

std::shared_ptr<ChatModel> make_chat_model(const AiConfig& config, std::shared_ptr<net::HttpClient> http,
                                           boost::asio::any_io_executor executor) {
  std::vector<std::shared_ptr<ProviderClient>> clients;
  for (const auto& [name, provider] : config.providers) {
    if (!provider.available() || provider.url.empty()) continue;
    ProviderClient::Settings settings;
    settings.provider = provider;
    settings.attempt_timeout = std::chrono::seconds(provider.timeout_secs);
    settings.retry.retries = config.resilience.retries;
    // Retry waits are timers on the bot's executor.
    clients.push_back(std::make_shared<ProviderClient>(
        std::move(settings), http, [executor](std::chrono::milliseconds wait) { return wait_on(executor, wait); }));
  }
  Router::Routes routes;
  routes.chat = config.routing.chat;
  routes.vision = config.routing.vision;
  routes.reasoner = config.routing.reasoner;
  routes.on_censored = canonical(config, config.on_censored);
  routes.on_error = canonical(config, config.on_error);
  Router::Settings settings;
  settings.deadline = std::chrono::seconds(config.resilience.request_deadline_secs);
  settings.breaker.failure_threshold = config.resilience.breaker_failures;
  settings.breaker.cooldown = std::chrono::seconds(config.resilience.breaker_cooldown_secs);
  return std::make_shared<Router>(std::move(clients), std::move(routes), settings);
}

}  // namespace dbot::features::ai
