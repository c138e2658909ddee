// The router and provider clients against the loopback AI provider over
// real HTTP on 127.0.0.1: streaming, fallback, retries, censorship, the
// circuit breaker, Anthropic with tool_use, and keys kept out of errors.

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "features/ai/provider/router.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "unit/features/ai/provider_loopback_support.hpp"

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace dbot::features::ai {
namespace {

using net::test::run_test;
using sim::ai::FakeAiProvider;
using sim::ai::ScriptedReply;
using test::Clients;
using test::hello;
using test::provider_def;

// ASSERT_* returns void, which a coroutine cannot: expect, then leave.
#define CO_ASSERT_EQ(a, b) \
  EXPECT_EQ(a, b);         \
  if (!((a) == (b))) co_return

Router::Routes chat_route(std::string chat, std::vector<std::string> on_error = {},
                          std::vector<std::string> on_censored = {}) {
  Router::Routes routes;
  routes.chat = std::move(chat);
  routes.on_error = std::move(on_error);
  routes.on_censored = std::move(on_censored);
  return routes;
}

Router::Settings settings(std::chrono::milliseconds deadline = 30s, std::uint32_t breaker_failures = 5) {
  Router::Settings out;
  out.deadline = deadline;
  out.breaker.failure_threshold = breaker_failures;
  out.breaker.cooldown = 60s;
  return out;
}

TEST(AiRouterLoopback, StreamedDeltasConcatenateToTheFinalText) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider fake(io.get_executor());
    fake.start();
    fake.enqueue({.text = "Hello there, streaming world! ünïcödé", .input_tokens = 21, .output_tokens = 8});
    Clients clients(io);
    Router router({clients.make(provider_def("main", fake.openai_url(), "sk-main"))}, chat_route("main"), settings());
    std::vector<std::string> deltas;
    StreamSink sink{.on_text = [&](std::string_view delta) { deltas.emplace_back(delta); },
                    .stop_requested = [] { return false; }};
    const ChatRequest request = hello();
    const ChatResult result = co_await router.complete(request, &sink);
    std::string joined;
    for (const auto& delta : deltas) joined += delta;
    EXPECT_GT(deltas.size(), 1u);
    EXPECT_EQ(joined, "Hello there, streaming world! ünïcödé");
    EXPECT_EQ(result.text, joined);
    EXPECT_EQ(result.provider, "main");
    EXPECT_EQ(result.model, "main-model");
    EXPECT_EQ(result.finish, FinishReason::stop);
    EXPECT_EQ(result.usage.input_tokens, 21u);
    EXPECT_EQ(result.usage.output_tokens, 8u);
    const auto requests = fake.requests();
    EXPECT_EQ(requests.size(), 1u);
    EXPECT_TRUE(requests.at(0).stream);
    EXPECT_EQ(requests.at(0).headers.get("Authorization"), "Bearer sk-main");
    EXPECT_EQ(json::parse(requests.at(0).body).at("model"), "main-model");
  });
}

TEST(AiRouterLoopback, WithoutASinkTheAnswerComesWhole) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider fake(io.get_executor());
    fake.start();
    fake.enqueue({.text = "whole answer"});
    Clients clients(io);
    Router router({clients.make(provider_def("main", fake.openai_url(), "k"))}, chat_route("main"), settings());
    const ChatRequest request = hello();
    const ChatResult result = co_await router.complete(request, nullptr);
    EXPECT_EQ(result.text, "whole answer");
    EXPECT_FALSE(fake.requests().at(0).stream);
  });
}

TEST(AiRouterLoopback, AProviderWithStreamingOffGivesNoDeltas) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider fake(io.get_executor());
    fake.start();
    fake.enqueue({.text = "no stream here"});
    Clients clients(io);
    auto def = provider_def("main", fake.openai_url(), "k");
    def.stream = false;
    Router router({clients.make(def)}, chat_route("main"), settings());
    unsigned deltas = 0;
    StreamSink sink{.on_text = [&](std::string_view) { ++deltas; }, .stop_requested = [] { return false; }};
    const ChatRequest request = hello();
    const ChatResult result = co_await router.complete(request, &sink);
    EXPECT_EQ(result.text, "no stream here");
    EXPECT_EQ(deltas, 0u);
    EXPECT_FALSE(fake.requests().at(0).stream);
  });
}

TEST(AiRouterLoopback, StopRequestedEndsTheStream) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider fake(io.get_executor());
    fake.start();
    fake.enqueue({.chunks = {"first ", "second ", "third"}});
    Clients clients(io);
    Router router({clients.make(provider_def("main", fake.openai_url(), "k"))}, chat_route("main"), settings());
    std::string seen;
    StreamSink sink{.on_text = [&](std::string_view delta) { seen += delta; },
                    .stop_requested = [&] { return !seen.empty(); }};
    const ChatRequest request = hello();
    const ChatResult result = co_await router.complete(request, &sink);
    EXPECT_EQ(seen, "first ");
    EXPECT_EQ(result.text, "first ");
    EXPECT_EQ(result.finish, FinishReason::stopped_by_user);
  });
}

TEST(AiRouterLoopback, AFailureAfterTextWasStreamedDoesNotFallBack) {
  for (const auto spec : {ProviderSpec::openai, ProviderSpec::anthropic}) {
    run_test([&](asio::io_context& io) -> asio::awaitable<void> {
      FakeAiProvider failing(io.get_executor());
      FakeAiProvider backup(io.get_executor());
      failing.start();
      backup.start();
      failing.set_default({.text = "half an answ", .stream_error = "lost the GPU"});
      backup.set_default({.text = "a second, different answer"});
      Clients clients(io);
      const std::string url = spec == ProviderSpec::anthropic ? failing.anthropic_url() : failing.openai_url();
      Router router({clients.make(provider_def("failing", url, "k1", spec), 2),
                     clients.make(provider_def("backup", backup.openai_url(), "k2"))},
                    chat_route("failing", {"backup"}), settings());
      std::string seen;
      StreamSink sink{.on_text = [&](std::string_view delta) { seen += delta; },
                      .stop_requested = [] { return false; }};
      const ChatRequest request = hello();
      bool threw = false;
      try {
        co_await router.complete(request, &sink);
      } catch (const ModelError& e) {
        threw = true;
        EXPECT_NE(std::string(e.operator_detail()).find("lost the GPU"), std::string::npos) << e.operator_detail();
      }
      EXPECT_TRUE(threw);
      EXPECT_EQ(seen, "half an answ");         // what the user saw is not followed by another answer
      EXPECT_EQ(failing.request_count(), 1u);  // nor retried
      EXPECT_EQ(backup.request_count(), 0u);
    });
  }
}

TEST(AiRouterLoopback, FallsBackOnTimeout) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider slow(io.get_executor());
    FakeAiProvider backup(io.get_executor());
    slow.start();
    backup.start();
    slow.enqueue({.text = "too late", .delay = 5s});
    backup.enqueue({.text = "from the backup"});
    Clients clients(io);
    Router router({clients.make(provider_def("slow", slow.openai_url(), "k1"), 0, 200ms),
                   clients.make(provider_def("backup", backup.openai_url(), "k2"))},
                  chat_route("slow", {"backup"}), settings());
    const ChatRequest request = hello();
    const ChatResult result = co_await router.complete(request, nullptr);
    EXPECT_EQ(result.text, "from the backup");
    EXPECT_EQ(result.provider, "backup");
    EXPECT_EQ(slow.request_count(), 1u);
  });
}

TEST(AiRouterLoopback, RetriesA500ThenFallsBack) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider broken(io.get_executor());
    FakeAiProvider backup(io.get_executor());
    broken.start();
    backup.start();
    broken.set_default({.status = 500});
    backup.enqueue({.text = "backup answer"});
    Clients clients(io);
    Router router({clients.make(provider_def("broken", broken.openai_url(), "k1"), 2),
                   clients.make(provider_def("backup", backup.openai_url(), "k2"))},
                  chat_route("broken", {"backup"}), settings());
    const ChatRequest request = hello();
    const ChatResult result = co_await router.complete(request, nullptr);
    EXPECT_EQ(result.provider, "backup");
    EXPECT_EQ(broken.request_count(), 3u);  // the first attempt and two retries
    EXPECT_EQ(clients.waits().size(), 2u);
  });
}

TEST(AiRouterLoopback, A429RetryAfterIsHonouredBeforeRetrying) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider fake(io.get_executor());
    fake.start();
    fake.enqueue({.status = 429, .retry_after = "3"});
    fake.enqueue({.text = "after the wait"});
    Clients clients(io);
    Router router({clients.make(provider_def("main", fake.openai_url(), "k"), 2)}, chat_route("main"), settings());
    const ChatRequest request = hello();
    const ChatResult result = co_await router.complete(request, nullptr);
    EXPECT_EQ(result.text, "after the wait");
    CO_ASSERT_EQ(clients.waits().size(), 1u);
    EXPECT_GE(clients.waits()[0], 3s);
  });
}

TEST(AiRouterLoopback, A429WhoseRetryAfterPassesTheDeadlineFallsBackAtOnce) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider limited(io.get_executor());
    FakeAiProvider backup(io.get_executor());
    limited.start();
    backup.start();
    limited.set_default({.status = 429, .retry_after = "600"});
    backup.enqueue({.text = "backup"});
    Clients clients(io);
    Router router({clients.make(provider_def("limited", limited.openai_url(), "k1"), 3),
                   clients.make(provider_def("backup", backup.openai_url(), "k2"))},
                  chat_route("limited", {"backup"}), settings(30s));
    const ChatRequest request = hello();
    const ChatResult result = co_await router.complete(request, nullptr);
    EXPECT_EQ(result.provider, "backup");
    EXPECT_EQ(limited.request_count(), 1u);
    EXPECT_TRUE(clients.waits().empty());
  });
}

TEST(AiRouterLoopback, TheCensorshipSentinelFallsBackAlongOnCensored) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider deepseek(io.get_executor());
    FakeAiProvider other(io.get_executor());
    FakeAiProvider uncensored(io.get_executor());
    for (auto* fake : {&deepseek, &other, &uncensored}) fake->start();
    deepseek.set_default(
        {.status = 400, .error_body = R"({"error":{"message":"Content Exists Risk","type":"invalid_request_error"}})"});
    uncensored.set_default({.text = "the uncensored answer"});
    Clients clients(io);
    Router router({clients.make(provider_def("deepseek", deepseek.openai_url(), "k1"), 2),
                   clients.make(provider_def("other", other.openai_url(), "k2")),
                   clients.make(provider_def("uncensored", uncensored.openai_url(), "k3"))},
                  chat_route("deepseek", {"other"}, {"uncensored"}), settings());
    const ChatRequest request = hello();
    const ChatResult result = co_await router.complete(request, nullptr);
    EXPECT_EQ(result.provider, "uncensored");
    EXPECT_EQ(deepseek.request_count(), 1u);  // a refusal is not retried
    EXPECT_EQ(other.request_count(), 0u);     // on_error is not the censorship list
    EXPECT_EQ(router.breaker_state("deepseek"), CircuitBreaker::State::closed);
  });
}

TEST(AiRouterLoopback, WhenEveryoneCensorsTheUserHearsTheSeedsLine) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider deepseek(io.get_executor());
    deepseek.start();
    deepseek.set_default({.status = 400, .error_body = R"({"error":{"message":"Content Exists Risk"}})"});
    Clients clients(io);
    Router router({clients.make(provider_def("deepseek", deepseek.openai_url(), "k1"))}, chat_route("deepseek"),
                  settings());
    const ChatRequest request = hello();
    bool threw = false;
    try {
      co_await router.complete(request, nullptr);
    } catch (const ModelError& e) {
      threw = true;
      EXPECT_EQ(e.failure(), ModelFailure::refused);
      EXPECT_NE(e.user_message().find("won't let me talk about that"), std::string::npos);
    }
    EXPECT_TRUE(threw);
  });
}

TEST(AiRouterLoopback, TheBreakerOpensSkipsTheProviderAndClosesAfterAGoodProbe) {
  auto now = std::chrono::steady_clock::now();
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider flaky(io.get_executor());
    FakeAiProvider backup(io.get_executor());
    flaky.start();
    backup.start();
    flaky.enqueue({.status = 503});
    flaky.enqueue({.status = 503});
    flaky.set_default({.text = "flaky is back"});
    backup.set_default({.text = "backup"});
    Clients clients(io);
    Router router({clients.make(provider_def("flaky", flaky.openai_url(), "k1")),
                   clients.make(provider_def("backup", backup.openai_url(), "k2"))},
                  chat_route("flaky", {"backup"}), settings(30s, 2), [&now] { return now; });
    const ChatRequest request = hello();
    for (int i = 0; i < 2; ++i) {
      const ChatResult result = co_await router.complete(request, nullptr);
      EXPECT_EQ(result.provider, "backup");
    }
    EXPECT_EQ(router.breaker_state("flaky"), CircuitBreaker::State::open);
    const ChatResult skipped = co_await router.complete(request, nullptr);
    EXPECT_EQ(skipped.provider, "backup");
    EXPECT_EQ(flaky.request_count(), 2u);  // not asked while open
    now += 61s;
    const ChatResult probed = co_await router.complete(request, nullptr);
    EXPECT_EQ(probed.provider, "flaky");
    EXPECT_EQ(router.breaker_state("flaky"), CircuitBreaker::State::closed);
  });
}

TEST(AiRouterLoopback, AnthropicRoundTripWithToolUse) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider fake(io.get_executor());
    fake.start();
    fake.enqueue(
        {.text = "I'll buy them.",
         .tool_calls = {{.id = "toolu_1", .name = "stock_buy", .arguments_json = R"({"symbol":"AAPL","qty":2})"}},
         .input_tokens = 50,
         .output_tokens = 20});
    fake.enqueue({.text = "Bought 2 AAPL."});
    Clients clients(io);
    auto def = provider_def("claude", fake.anthropic_url(), "sk-ant-secret", ProviderSpec::anthropic);
    Router router({clients.make(def)}, chat_route("claude"), settings());

    ChatRequest request = hello("buy 2 AAPL");
    request.tools.push_back(
        {.name = "stock_buy",
         .description = "Buy shares",
         .parameters_schema_json = R"({"type":"object","properties":{"symbol":{"type":"string"}}})"});
    std::string streamed;
    StreamSink sink{.on_text = [&](std::string_view delta) { streamed += delta; },
                    .stop_requested = [] { return false; }};
    const ChatResult first = co_await router.complete(request, &sink);
    EXPECT_EQ(streamed, "I'll buy them.");
    EXPECT_EQ(first.text, "I'll buy them.");
    EXPECT_EQ(first.finish, FinishReason::tool_calls);
    CO_ASSERT_EQ(first.tool_calls.size(), 1u);
    EXPECT_EQ(first.tool_calls[0].id, "toolu_1");
    EXPECT_EQ(first.tool_calls[0].name, "stock_buy");
    EXPECT_EQ(json::parse(first.tool_calls[0].arguments_json).at("qty"), 2);
    EXPECT_EQ(first.usage.input_tokens, 50u);
    EXPECT_EQ(first.usage.output_tokens, 20u);

    request.messages.push_back({.role = Role::assistant, .text = first.text, .tool_calls = first.tool_calls});
    request.messages.push_back({.role = Role::tool, .text = "bought 2 AAPL at $190", .tool_call_id = "toolu_1"});
    const ChatResult second = co_await router.complete(request, nullptr);
    EXPECT_EQ(second.text, "Bought 2 AAPL.");

    const auto requests = fake.requests();
    CO_ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].format, sim::ai::WireFormat::anthropic);
    EXPECT_EQ(requests[0].headers.get("x-api-key"), "sk-ant-secret");
    EXPECT_EQ(requests[0].headers.get("anthropic-version"), "2023-06-01");
    EXPECT_FALSE(requests[0].headers.get("Authorization"));
    const auto body = json::parse(requests[1].body).as_object();
    EXPECT_EQ(body.at("system"), "You are a test.");
    EXPECT_EQ(body.at("tools").as_array().at(0).at("name"), "stock_buy");
    const auto& messages = body.at("messages").as_array();
    CO_ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(messages[1].at("content").as_array().at(1).at("type"), "tool_use");
    const auto& result_block = messages[2].at("content").as_array().at(0);
    EXPECT_EQ(messages[2].at("role"), "user");
    EXPECT_EQ(result_block.at("type"), "tool_result");
    EXPECT_EQ(result_block.at("tool_use_id"), "toolu_1");
  });
}

TEST(AiRouterLoopback, OpenAiToolCallsSurviveStreaming) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider fake(io.get_executor());
    fake.start();
    fake.enqueue(
        {.tool_calls = {{.id = "call_a", .name = "tempban", .arguments_json = R"({"user":"bob","minutes":10})"},
                        {.id = "call_b", .name = "wordle_start"}}});
    Clients clients(io);
    Router router({clients.make(provider_def("main", fake.openai_url(), "k"))}, chat_route("main"), settings());
    StreamSink sink{.on_text = [](std::string_view) {}, .stop_requested = [] { return false; }};
    const ChatRequest request = hello("ban bob");
    const ChatResult result = co_await router.complete(request, &sink);
    CO_ASSERT_EQ(result.tool_calls.size(), 2u);
    EXPECT_EQ(result.tool_calls[0].arguments_json, R"({"user":"bob","minutes":10})");
    EXPECT_EQ(result.tool_calls[1].name, "wordle_start");
    EXPECT_EQ(result.finish, FinishReason::tool_calls);
  });
}

TEST(AiRouterLoopback, TheApiKeyNeverAppearsInAnError) {
  const std::string key = "sk-very-secret-0123456789";
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider fake(io.get_executor());
    FakeAiProvider slow(io.get_executor());
    fake.start();
    slow.start();
    // Some providers echo the key they rejected.
    fake.set_default(
        {.status = 401, .error_body = R"({"error":{"message":"Incorrect API key provided: )" + key + "\"}}"});
    slow.set_default({.text = "late", .delay = 5s});
    Clients clients(io);
    Router router({clients.make(provider_def("main", fake.openai_url(), key), 2),
                   clients.make(provider_def("slow", slow.openai_url(), key), 0, 200ms)},
                  chat_route("main", {"slow"}), settings());
    const ChatRequest request = hello();
    bool threw = false;
    try {
      co_await router.complete(request, nullptr);
    } catch (const ModelError& e) {
      threw = true;
      EXPECT_EQ(e.failure(), ModelFailure::unavailable);
      EXPECT_EQ(e.user_message(), "Something went wrong talking to the AI. Try again in a sec.");
      const std::string detail = e.operator_detail();
      EXPECT_EQ(detail.find(key), std::string::npos) << detail;
      EXPECT_EQ(e.user_message().find(key), std::string::npos);
      EXPECT_NE(detail.find("[redacted]"), std::string::npos) << detail;
      EXPECT_NE(detail.find("HTTP 401"), std::string::npos) << detail;
      EXPECT_NE(detail.find("'slow'"), std::string::npos) << detail;
    }
    EXPECT_TRUE(threw);
    EXPECT_EQ(fake.request_count(), 1u);  // a rejected key is not retried
  });
}

TEST(AiRouterLoopback, NoProviderForTheRouteIsNotConfigured) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    Clients clients(io);
    Router router({}, chat_route("missing"), settings());
    const ChatRequest request = hello();
    bool threw = false;
    try {
      co_await router.complete(request, nullptr);
    } catch (const ModelError& e) {
      threw = true;
      EXPECT_EQ(e.failure(), ModelFailure::not_configured);
    }
    EXPECT_TRUE(threw);
  });
}

TEST(AiRouterLoopback, TheVisionRouteSendsImagesOnlyToAVisionProvider) {
  run_test([&](asio::io_context& io) -> asio::awaitable<void> {
    FakeAiProvider vision(io.get_executor());
    FakeAiProvider chat(io.get_executor());
    vision.start();
    chat.start();
    vision.set_default({.status = 500});
    chat.set_default({.text = "text only"});
    Clients clients(io);
    auto vision_def = provider_def("eyes", vision.openai_url(), "k1");
    vision_def.supports_vision = true;
    Router::Routes routes = chat_route("chat");
    routes.vision = "eyes";
    Router router({clients.make(vision_def), clients.make(provider_def("chat", chat.openai_url(), "k2"))}, routes,
                  settings());
    ChatRequest request = hello("what is this");
    request.route = Route::vision;
    request.messages[0].image_urls = {"https://cdn/cat.png"};
    const ChatResult result = co_await router.complete(request, nullptr);
    EXPECT_EQ(result.provider, "chat");
    EXPECT_TRUE(json::parse(vision.requests().at(0).body).at("messages").as_array().at(1).at("content").is_array());
    EXPECT_TRUE(json::parse(chat.requests().at(0).body).at("messages").as_array().at(1).at("content").is_string());
  });
}

}  // namespace
}  // namespace dbot::features::ai
