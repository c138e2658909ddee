#pragma once
// The provider layer against the loopback AI provider over real HTTP:
// provider definitions pointing at it, clients whose retry waits are
// recorded instead of slept, and a coroutine runner.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "features/ai/provider/provider_client.hpp"
#include "net/http_client.hpp"
#include "sim/ai_provider/fake_ai_provider.hpp"
#include "unit/net/net_test_support.hpp"

namespace dbot::features::ai::test {

inline ProviderDef provider_def(std::string name, std::string url, std::string key,
                                ProviderSpec spec = ProviderSpec::openai) {
  ProviderDef def;
  def.name = std::move(name);
  def.url = std::move(url);
  def.model = def.name + "-model";
  def.api_key_env = "TEST_KEY";
  def.api_key = std::move(key);
  def.max_tokens = 1000;
  def.spec = spec;
  if (spec == ProviderSpec::anthropic) {
    def.auth_header = "x-api-key";
    def.auth_scheme = "";
  }
  return def;
}

class Clients {
 public:
  explicit Clients(boost::asio::io_context& io)
      : http_(std::make_shared<net::HttpClient>(io.get_executor(), net::HttpClient::Options{})) {}

  std::shared_ptr<ProviderClient> make(ProviderDef def, std::uint32_t retries = 0,
                                       std::chrono::milliseconds attempt_timeout = std::chrono::seconds(10)) {
    ProviderClient::Settings settings;
    settings.provider = std::move(def);
    settings.attempt_timeout = attempt_timeout;
    settings.retry.retries = retries;
    auto* waits = &waits_;
    return std::make_shared<ProviderClient>(std::move(settings), http_,
                                            [waits](std::chrono::milliseconds wait) { return record(waits, wait); });
  }

  // The retry waits the clients asked for, in order.
  const std::vector<std::chrono::milliseconds>& waits() const { return waits_; }

 private:
  static boost::asio::awaitable<void> record(std::vector<std::chrono::milliseconds>* waits,
                                             std::chrono::milliseconds wait) {
    waits->push_back(wait);
    co_return;
  }

  std::shared_ptr<net::HttpClient> http_;
  std::vector<std::chrono::milliseconds> waits_;
};

inline ChatRequest hello(std::string text = "hello") {
  ChatRequest request;
  request.system = "You are a test.";
  request.messages.push_back({.role = Role::user, .text = std::move(text)});
  return request;
}

}  // namespace dbot::features::ai::test
