// make_chat_model wires [ai] into a working router: available providers
// only, the routes, fallback names through the seed's aliases.

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "features/ai/model/make_model.hpp"

#include <gtest/gtest.h>

#include "features/ai/config.hpp"
#include "unit/features/ai/provider_loopback_support.hpp"

namespace asio = boost::asio;

namespace dbot::features::ai {
namespace {

using net::test::run_test;
using sim::ai::FakeAiProvider;
using test::hello;
using test::provider_def;

TEST(MakeChatModel, RoutesToTheConfiguredProviderAndFallsBackThroughAliases) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider primary(io.get_executor());
    FakeAiProvider backup(io.get_executor());
    primary.start();
    backup.start();
    primary.set_default({.status = 400, .error_body = R"({"error":{"message":"Content Exists Risk"}})"});
    backup.set_default({.text = "answered by the alias"});
    AiConfig config;
    config.providers.emplace("deepseek_chat", provider_def("deepseek_chat", primary.openai_url(), "k1"));
    auto gemini = provider_def("gemini_flash", backup.openai_url(), "k2");
    gemini.builtin = true;  // the seed's aliases name built-ins only
    config.providers.emplace("gemini_flash", gemini);
    auto keyless = provider_def("grok", backup.openai_url(), "");
    keyless.api_key.reset();
    config.providers.emplace("grok", keyless);
    config.routing.chat = "deepseek_chat";
    config.on_censored = {"grok", "gemini"};
    config.on_error = config.on_censored;
    auto http = std::make_shared<net::HttpClient>(io.get_executor(), net::HttpClient::Options{});
    auto model = make_chat_model(config, http, io.get_executor());
    const ChatRequest request = hello();
    const ChatResult result = co_await model->complete(request, nullptr);
    EXPECT_EQ(result.provider, "gemini_flash");
    EXPECT_EQ(result.text, "answered by the alias");
    EXPECT_EQ(backup.request_count(), 1u);  // grok has no key: never asked
  });
}

TEST(MakeChatModel, NoAvailableProviderMeansNotConfigured) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    AiConfig config;
    auto keyless = provider_def("deepseek_chat", "http://127.0.0.1:9/v1/chat/completions", "");
    keyless.api_key.reset();
    config.providers.emplace("deepseek_chat", keyless);
    config.routing.chat = "deepseek_chat";
    auto http = std::make_shared<net::HttpClient>(io.get_executor(), net::HttpClient::Options{});
    auto model = make_chat_model(config, http, io.get_executor());
    const ChatRequest request = hello();
    bool threw = false;
    try {
      co_await model->complete(request, nullptr);
    } catch (const ModelError& e) {
      threw = true;
      EXPECT_EQ(e.failure(), ModelFailure::not_configured);
    }
    EXPECT_TRUE(threw);
  });
}

}  // namespace
}  // namespace dbot::features::ai
