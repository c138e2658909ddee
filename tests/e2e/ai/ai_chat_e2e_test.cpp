// AI chat through the real bot: the simulator as Discord, the loopback
// stand-in provider (sim/ai_provider) as the model, the test Postgres.

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

#include "e2e/support/bot_harness.hpp"
#include "e2e/support/feature_session.hpp"
#include "sim/ai_provider/fake_ai_provider.hpp"

namespace dbot::test {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

class AiChat : public ::testing::Test {
 protected:
  AiChat() : work_(asio::make_work_guard(io_)), primary_(io_.get_executor()), backup_(io_.get_executor()) {
    primary_.start();
    backup_.start();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~AiChat() override {
    primary_.stop();
    backup_.stop();
    work_.reset();
    io_.stop();
    thread_.join();
  }

  void start() {
    sim = std::make_unique<SimProcess>();
    InstanceFiles files{.schema = unique_schema("e2e_ai")};
    files.extra_env = {{"FAKE_AI_KEY", "fake-key-for-tests"}};
    files.extra_toml = "[ai.providers.primary]\nurl = \"" + primary_.openai_url() +
                       "\"\nmodel = \"m1\"\napi_key_env = \"FAKE_AI_KEY\"\nmax_tokens = 512\n"
                       "[ai.providers.backup]\nurl = \"" +
                       backup_.openai_url() +
                       "\"\nmodel = \"m2\"\napi_key_env = \"FAKE_AI_KEY\"\nmax_tokens = 512\n"
                       "[ai.routing]\nchat = \"primary\"\n[ai.fallback]\non_error = [\"backup\"]\n";
    instance = write_instance(*sim, dir.path(), "aibot", files);
    bot = std::make_unique<BotProcess>(std::vector{instance});
    ASSERT_TRUE(bot->wait_until_connected()) << bot->output();
  }

  // `user` mentions the bot in #general; returns the bot's reply once its
  // text contains `expected` (answers stream in as edits), or as it was
  // after 20 s.
  json::object mention(const std::string& user, const std::string& text, const std::string& expected) {
    const auto message = sim->say(user, "general", "<@" + sim->id("users", "bot") + "> " + text);
    const auto reply = sim->wait_for_reply(message, std::chrono::seconds(30));
    EXPECT_TRUE(reply) << bot->output();
    if (!reply) return {};
    json::object now = *reply;
    for (int i = 0; i < 200 && !contains(content_of(now), expected); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (auto current = message_now(*sim, "general", id_of(*reply))) now = *current;
    }
    return now;
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  sim::ai::FakeAiProvider primary_;
  sim::ai::FakeAiProvider backup_;
  std::thread thread_;
  TempDir dir;
  std::unique_ptr<SimProcess> sim;
  std::filesystem::path instance;
  std::unique_ptr<BotProcess> bot;
};

TEST_F(AiChat, AMentionIsAnsweredWithTheModelsTextAndItsQuestionReachesTheModel) {
  start();
  primary_.enqueue({.text = "Paris is the capital of France."});
  const auto reply = mention("alice", "what is the capital of France?", "Paris is the capital of France.");
  EXPECT_TRUE(contains(content_of(reply), "Paris is the capital of France.")) << json::serialize(reply);
  const auto requests = primary_.requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_TRUE(contains(requests.back().body, "what is the capital of France?"));
  // The key reaches the provider and nothing else.
  EXPECT_EQ(requests.back().headers.get("Authorization"), "Bearer fake-key-for-tests");
  EXPECT_FALSE(contains(bot->output(), "fake-key-for-tests"));
}

TEST_F(AiChat, EveryoneInTheModelsAnswerPingsNobody) {
  start();
  primary_.enqueue({.text = "Hey @everyone and @here, look!"});
  const auto reply = mention("alice", "say hi to everyone", "look!");
  ASSERT_TRUE(contains(content_of(reply), "look!")) << json::serialize(reply);
  ASSERT_TRUE(reply.contains("mention_everyone")) << json::serialize(reply);
  EXPECT_FALSE(reply.at("mention_everyone").as_bool());
}

TEST_F(AiChat, AServerErrorFallsBackToTheNextProvider) {
  start();
  for (int i = 0; i < 5; ++i) primary_.enqueue({.status = 500});
  backup_.enqueue({.text = "The backup model answers."});
  const auto reply = mention("bob", "are you there?", "The backup model answers.");
  EXPECT_TRUE(contains(content_of(reply), "The backup model answers.")) << json::serialize(reply);
  EXPECT_GE(primary_.request_count(), 1u);
  EXPECT_EQ(backup_.request_count(), 1u);
}

}  // namespace
}  // namespace dbot::test
