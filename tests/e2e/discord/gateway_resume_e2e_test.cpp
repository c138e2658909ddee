// GatewayClient against the simulator: after every fault that keeps the
// session (a dropped socket, a resumable close code, op 7, op 9 true, a
// zombie connection) the shard RESUMEs, and every message users sent
// before, during and after the outage reaches the dispatch handler exactly
// once and in order.

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "e2e/discord/client_fixture.hpp"

namespace dbot::discord::e2e {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct ResumeCase {
  std::string name;
  std::string fault;  // POST /_sim/faults body
};

void PrintTo(const ResumeCase& c, std::ostream* os) { *os << c.name; }

class GatewayResume : public ::testing::TestWithParam<ResumeCase> {};

TEST_P(GatewayResume, MessagesDuringTheOutageArriveOnceInOrder) {
  ClientFixture f(ClientFixture::fast_sim(), ClientFixture::rest_defaults());
  const auto [general, alice] = f.world([](sim::World& w) {
    return std::pair{w.names.channels.at("general"), w.names.users.at("alice")};
  });
  f.start_gateway(ClientFixture::gateway_defaults());
  ASSERT_TRUE(f.wait_for([](const auto& seen) {
    for (const auto& s : seen)
      if (s.name == "GUILD_CREATE") return true;
    return false;
  }));

  std::vector<std::string> sent;
  auto say = [&](std::string text) {
    f.say(general, alice, text);
    sent.push_back(std::move(text));
  };
  say("before");
  ASSERT_TRUE(f.wait_for_message("before"));

  ASSERT_EQ(f.fault(GetParam().fault), 1);
  // Keep talking until the shard is back: some of these land while it is
  // away (the reconnect waits at least 100 ms), some around the RESUME.
  const auto deadline = Clock::now() + 10s;
  int n = 0;
  int while_away = 0;  // sent while the simulator had no connection at all
  while (f.count("RESUMED") == 0 && Clock::now() < deadline) {
    const bool away_before = f.open_connections() == 0;
    say("during " + std::to_string(++n));
    if (away_before && f.open_connections() == 0) ++while_away;
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_GE(f.count("RESUMED"), 1u) << "the shard did not resume";
  say("after");
  ASSERT_TRUE(f.wait_for_message("after"));

  EXPECT_GE(while_away, 1) << "no message fell into the outage: nothing was proven";
  EXPECT_EQ(f.messages(), sent);
  EXPECT_EQ(f.count("READY"), 1u) << "the shard started a new session instead of resuming";
  EXPECT_EQ(f.sessions(), 1u);
  // Sequence numbers reach the handler strictly increasing: nothing replayed twice.
  std::int64_t last = 0;
  for (const auto& s : f.seen()) {
    if (s.name == "RESUMED") continue;
    EXPECT_GT(s.sequence, last) << s.name;
    last = s.sequence;
  }
  EXPECT_EQ(f.shard_states(), std::vector<ShardState>{ShardState::connected});
}

std::vector<ResumeCase> resume_cases() {
  std::vector<ResumeCase> cases{
      {"disconnect", R"({"kind":"disconnect"})"},
      {"reconnect_op7", R"({"kind":"reconnect"})"},
      {"invalid_session_resumable", R"({"kind":"invalid_session","resumable":true})"},
      {"zombie_no_heartbeat_ack", R"({"kind":"stop_heartbeat_ack"})"},
  };
  // Discord's resumable close codes, and server closes outside 4000-4999
  // (a restarting edge sends 1001; 1011 is an internal error).
  for (int code : {4000, 4001, 4002, 4003, 4005, 4008, 1001, 1011}) {
    cases.push_back({"close_" + std::to_string(code), R"({"kind":"close","code":)" + std::to_string(code) + "}"});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(EveryFault, GatewayResume, ::testing::ValuesIn(resume_cases()),
                         [](const auto& test) { return test.param.name; });

}  // namespace
}  // namespace dbot::discord::e2e
