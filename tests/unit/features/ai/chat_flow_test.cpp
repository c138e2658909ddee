#include "features/ai/chat/chat_flow.hpp"

#include <gtest/gtest.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>

#include "features/ai/chat/channel_queue.hpp"
#include "unit/features/ai/chat_fakes.hpp"

namespace dbot::features::ai::chat {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::FakeChannel;
using testing::RecordingSurface;
using testing::ScriptedModel;
using testing::user;

constexpr std::uint64_t kBot = 1;

struct Harness {
  asio::io_context io;
  std::int64_t clock_ms = 0;
  FakeChannel channel;
  std::shared_ptr<ScriptedModel> model = std::make_shared<ScriptedModel>();
  std::shared_ptr<RecordingSurface> surface = std::make_shared<RecordingSurface>();
  SlidingWindowLimiter limiter;
  std::vector<std::string> sleeps;
  std::unique_ptr<ChatFlow> flow;

  explicit Harness(ContextSettings context = {}, std::size_t limit = 10) : limiter("ai", limit, 60s) {
    model->clock_ms = &clock_ms;
    surface->now_ms = [this] { return clock_ms; };
    FlowDeps deps;
    deps.model = model;
    deps.messages = &channel;
    deps.limiter = &limiter;
    deps.bot_id = [] { return Snowflake{kBot}; };
    deps.system_prompt = [](const TurnRequest&) { return std::string("You are a test."); };
    deps.now_ms = [] { return testing::kEpochMs + 500'000; };
    deps.clock = [this] { return std::chrono::steady_clock::time_point(std::chrono::milliseconds(clock_ms)); };
    // Sleeping is what lets time pass while nothing streams.
    deps.sleep = [this](std::chrono::milliseconds wait) -> asio::awaitable<void> {
      clock_ms += wait.count();
      co_await asio::post(io.get_executor(), asio::use_awaitable);
    };
    deps.context = context;
    flow = std::make_unique<ChatFlow>(std::move(deps));
  }

  TurnRequest turn(std::string content, std::uint64_t author = 7) {
    TurnRequest turn;
    turn.trigger = channel.add(100 + channel.messages.size(), user(author, "user" + std::to_string(author)),
                               "<@1> " + std::move(content), 0, {kBot});
    turn.surface = surface;
    turn.id = flow->next_turn_id();
    return turn;
  }

  void answer(TurnRequest request) { testing::run(io, flow->answer(std::move(request))); }
};

std::vector<std::string> buttons_of(const AnswerPart& part) {
  std::vector<std::string> ids;
  for (const auto& row : part.buttons) {
    for (const auto& button : row) ids.push_back(button.custom_id);
  }
  return ids;
}

TEST(ChatFlow, StreamedTextIsEditedInAtMostOncePerSecondAndFinalisedWhole) {
  Harness h;
  std::string expected;
  for (int i = 0; i < 12; ++i) {
    const std::string word = "w" + std::to_string(i) + " ";
    // Deltas come in bursts of three, 100 ms apart: faster than one edit a second.
    h.model->steps.push_back({.delta = word, .advance_ms = 100, .yields = i % 3 == 2 ? 1 : 0});
    expected += word;
  }
  h.answer(h.turn("count"));
  const auto& calls = h.surface->calls;
  ASSERT_GE(calls.size(), 3u);
  EXPECT_EQ(calls.front().kind, "send");
  const Snowflake live = calls.front().message;
  std::size_t progressive = 0;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    EXPECT_EQ(calls[i].message, live);  // one message, edited in place
    if (i > 0) {
      EXPECT_GE(calls[i].at_ms - calls[i - 1].at_ms, 1000) << "edit " << i << " came too soon";
    }
    if (i + 1 < calls.size()) {
      ++progressive;
      EXPECT_EQ(buttons_of(calls[i].part), std::vector<std::string>{"ai_stop:1"});
    }
  }
  EXPECT_LT(progressive, 12u);  // coalesced: fewer edits than deltas
  EXPECT_GE(progressive, 2u);   // but it did stream
  EXPECT_EQ(calls.back().kind, "edit");
  EXPECT_EQ(calls.back().part.content, expected.substr(0, expected.size() - 1));
  EXPECT_EQ(buttons_of(calls.back().part), std::vector<std::string>{"ai_regen:1"});
  EXPECT_FALSE(h.surface->typing);
  EXPECT_EQ(h.surface->typing_starts, 1);
}

TEST(ChatFlow, ANonStreamedAnswerIsSentOnceWithMentionsDefused) {
  Harness h;
  h.model->final_text = "Hi @everyone and @here";
  h.answer(h.turn("hello"));
  ASSERT_EQ(h.surface->calls.size(), 1u);
  EXPECT_EQ(h.surface->calls[0].kind, "send");
  EXPECT_EQ(h.surface->calls[0].part.content, "Hi @\u200beveryone and @\u200bhere");
  ASSERT_EQ(h.model->requests.size(), 1u);
  const auto& request = h.model->requests[0];
  EXPECT_EQ(request.system, "You are a test.");
  EXPECT_EQ(request.route, Route::chat);
  EXPECT_EQ(request.messages.back().text, "user7: hello");
}

TEST(ChatFlow, LongAnswersAreSplitAndVeryLongOnesCut) {
  Harness h;
  std::string text;
  for (int i = 0; i < 250; ++i) text += "sentence number " + std::to_string(i) + ".\n";  // ~5000 characters
  h.model->final_text = text;
  h.answer(h.turn("long"));
  const auto sends = h.surface->of("send");
  ASSERT_EQ(sends.size(), 3u);
  EXPECT_TRUE(buttons_of(sends[0].part).empty());
  EXPECT_EQ(buttons_of(sends[2].part), std::vector<std::string>{"ai_regen:1"});

  Harness cut;
  cut.model->final_text = text + text + text + text;  // ~20000 characters
  cut.answer(cut.turn("longer"));
  const auto parts = cut.surface->of("send");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_TRUE(parts.back().part.content.ends_with(kCutNote));
}

TEST(ChatFlow, EveryFailureIsAnswered) {
  Harness busy;
  busy.model->error =
      ModelError(ModelFailure::rate_limited, "The AI provider is busy right now, try again in a minute.", "429");
  busy.answer(busy.turn("hi"));
  ASSERT_EQ(busy.surface->calls.size(), 1u);
  EXPECT_EQ(busy.surface->calls[0].part.content, "The AI provider is busy right now, try again in a minute.");
  EXPECT_TRUE(busy.surface->calls[0].part.buttons.empty());

  Harness empty;
  empty.answer(empty.turn("hi"));
  ASSERT_EQ(empty.surface->calls.size(), 1u);
  EXPECT_EQ(empty.surface->calls[0].part.content, kNothingToSay);

  Harness limited({}, 1);
  limited.model->final_text = "ok";
  limited.answer(limited.turn("one"));
  limited.answer(limited.turn("two"));
  ASSERT_EQ(limited.surface->calls.size(), 2u);
  EXPECT_EQ(limited.surface->calls[1].part.content.rfind("Slow down \u2014 try again in ", 0), 0u);
  EXPECT_EQ(limited.model->requests.size(), 1u);  // the refused turn cost no model call

  ContextSettings small;
  small.context_tokens = 500;
  Harness too_long(small);
  too_long.answer(too_long.turn(std::string(4000, 'x')));
  ASSERT_EQ(too_long.surface->calls.size(), 1u);
  EXPECT_NE(too_long.surface->calls[0].part.content.find("too long"), std::string::npos);
  EXPECT_TRUE(too_long.model->requests.empty());
}

TEST(ChatFlow, WithoutAVisionRouteTheTextIsAnswered) {
  Harness h;
  auto turn = h.turn("what is this?");
  turn.trigger.attachments.push_back(
      {.id = Snowflake{1}, .filename = "a.png", .content_type = "image/png", .size = 10, .url = "https://cdn/a.png"});
  h.model->error = ModelError(ModelFailure::not_configured, "no vision", "no vision route");
  h.model->failures = 1;
  h.model->final_text = "A picture, I guess.";
  h.answer(std::move(turn));
  ASSERT_EQ(h.model->requests.size(), 2u);
  EXPECT_EQ(h.model->requests[0].route, Route::vision);
  EXPECT_EQ(h.model->requests[0].messages.back().image_urls.size(), 1u);
  EXPECT_EQ(h.model->requests[1].route, Route::chat);
  EXPECT_TRUE(h.model->requests[1].messages.back().image_urls.empty());
  EXPECT_EQ(h.surface->calls.back().part.content, "A picture, I guess.");
}

TEST(ChatFlow, OnlyTheRequesterCanStop) {
  Harness h;
  auto turn = h.turn("story");
  const auto id = turn.id;
  std::vector<ChatFlow::Press> presses;
  h.model->steps.push_back({.delta = "Once upon", .advance_ms = 1500, .yields = 3});
  h.model->steps.push_back({.delta = " a time", .advance_ms = 1500, .yields = 3, .action = [&] {
                              presses.push_back(h.flow->stop(id, Snowflake{8}));
                              presses.push_back(h.flow->stop(id, Snowflake{7}));
                            }});
  h.model->steps.push_back({.delta = " there was", .advance_ms = 1500, .yields = 3});
  h.answer(std::move(turn));
  EXPECT_EQ(presses, (std::vector<ChatFlow::Press>{ChatFlow::Press::not_requester, ChatFlow::Press::accepted}));
  EXPECT_EQ(h.surface->calls.back().part.content, "Once upon a time\n\n" + std::string(kStoppedNote));
  EXPECT_EQ(h.flow->stop(id, Snowflake{7}), ChatFlow::Press::unknown);  // finished
}

TEST(ChatFlow, RegenerateIsTheRequestersAndReturnsTheOldParts) {
  Harness h;
  h.model->final_text = "first try";
  auto turn = h.turn("joke");
  const auto id = turn.id;
  h.answer(std::move(turn));
  EXPECT_EQ(h.flow->regenerate(id, Snowflake{8}).press, ChatFlow::Press::not_requester);
  auto rerun = h.flow->regenerate(id, Snowflake{7});
  ASSERT_EQ(rerun.press, ChatFlow::Press::accepted);
  ASSERT_TRUE(rerun.turn.has_value());
  EXPECT_EQ(rerun.turn->source, TurnSource::regenerate);
  EXPECT_EQ(rerun.old_parts, std::vector<Snowflake>{h.surface->calls[0].message});
  EXPECT_EQ(h.flow->regenerate(id, Snowflake{7}).press, ChatFlow::Press::unknown);  // once
}

TEST(ChannelQueue, OneAnswerAtATimeWithRepeatsMerged) {
  asio::io_context io;
  asio::steady_timer gate(io, asio::steady_timer::time_point::max());
  std::vector<std::string> ran;
  bool first = true;
  ChannelQueue queue(io.get_executor(), [&](TurnRequest turn) -> asio::awaitable<void> {
    ran.push_back(turn.trigger.content);
    if (first) {
      first = false;
      boost::system::error_code ec;
      co_await gate.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  });
  FakeChannel channel;
  const auto request = [&](std::uint64_t id, std::uint64_t author, std::string text) {
    TurnRequest turn;
    turn.trigger = channel.add(id, user(author, "u"), std::move(text), 0, {kBot});
    return turn;
  };
  EXPECT_EQ(queue.submit(request(1, 7, "what is rust")), ChannelQueue::Outcome::started);
  io.poll();  // the first answer is running, waiting at the gate
  ASSERT_EQ(ran.size(), 1u);
  EXPECT_EQ(queue.submit(request(2, 7, "What is  Rust")), ChannelQueue::Outcome::dropped);  // a repeat
  EXPECT_EQ(queue.submit(request(3, 8, "pizza?")), ChannelQueue::Outcome::queued);
  EXPECT_EQ(queue.submit(request(4, 7, "and cargo?")), ChannelQueue::Outcome::queued);
  EXPECT_EQ(queue.submit(request(5, 7, "and crates?")), ChannelQueue::Outcome::merged);
  EXPECT_EQ(queue.submit(request(6, 7, "and crates?")), ChannelQueue::Outcome::merged);  // identical: dropped into it
  auto slash = request(7, 7, "slash");
  slash.source = TurnSource::slash;  // commands are never merged
  EXPECT_EQ(queue.submit(std::move(slash)), ChannelQueue::Outcome::queued);
  EXPECT_EQ(queue.waiting(channel.channel), 3u);
  gate.cancel();
  io.run();
  EXPECT_EQ(ran, (std::vector<std::string>{"what is rust", "pizza?", "and cargo?\nand crates?", "slash"}));
  EXPECT_EQ(queue.waiting(channel.channel), 0u);

  // Another channel is not held up by this one.
  io.restart();
  FakeChannel other;
  other.channel = Snowflake{501};
  TurnRequest elsewhere;
  elsewhere.trigger = other.add(1, user(7, "u"), "hi", 0, {kBot});
  EXPECT_EQ(queue.submit(std::move(elsewhere)), ChannelQueue::Outcome::started);
  io.run();
  EXPECT_EQ(ran.back(), "hi");
}

}  // namespace
}  // namespace dbot::features::ai::chat
