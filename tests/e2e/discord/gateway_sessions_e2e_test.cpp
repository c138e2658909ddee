// GatewayClient against the simulator: faults that end the session make the
// shard IDENTIFY again; fatal close codes stop the shard with one plain
// sentence for the operator and no reconnect attempts.

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "e2e/discord/client_fixture.hpp"

namespace dbot::discord::e2e {
namespace {

using namespace std::chrono_literals;

bool has_guild_create(const std::vector<Seen>& seen) {
  for (const auto& s : seen)
    if (s.name == "GUILD_CREATE") return true;
  return false;
}

// ---- faults that end the session -----------------------------------------

struct NewSessionCase {
  std::string name;
  std::string fault;
};

void PrintTo(const NewSessionCase& c, std::ostream* os) { *os << c.name; }

class GatewayNewSession : public ::testing::TestWithParam<NewSessionCase> {};

TEST_P(GatewayNewSession, IdentifiesAgainAndKeepsReceiving) {
  ClientFixture f(ClientFixture::fast_sim(), ClientFixture::rest_defaults());
  const auto [general, alice] = f.world([](sim::World& w) {
    return std::pair{w.names.channels.at("general"), w.names.users.at("alice")};
  });
  f.start_gateway(ClientFixture::gateway_defaults());
  ASSERT_TRUE(f.wait_for(has_guild_create));
  ASSERT_EQ(f.fault(GetParam().fault), 1);
  // A second IDENTIFY waits for the identify bucket (5 s) and, after op 9, 1-5 s.
  ASSERT_TRUE(f.wait_for([](const auto& seen) {
    std::size_t ready = 0;
    for (const auto& s : seen) ready += s.name == "READY";
    return ready == 2;
  }));
  f.say(general, alice, "after the new session");
  ASSERT_TRUE(f.wait_for_message("after the new session"));
  EXPECT_EQ(f.count("RESUMED"), 0u);
  EXPECT_EQ(f.sessions(), 2u);
  EXPECT_EQ(f.messages(), std::vector<std::string>{"after the new session"});
  EXPECT_EQ(f.shard_states(), std::vector<ShardState>{ShardState::connected});
}

INSTANTIATE_TEST_SUITE_P(EveryKind, GatewayNewSession,
                         ::testing::Values(NewSessionCase{"invalid_session_false",
                                                          R"({"kind":"invalid_session","resumable":false})"},
                                           NewSessionCase{"close_4007", R"({"kind":"close","code":4007})"},
                                           NewSessionCase{"close_4009", R"({"kind":"close","code":4009})"}),
                         [](const auto& test) { return test.param.name; });

// ---- fatal close codes ---------------------------------------------------

// Lines of the log that announce the shard stopped.
std::vector<std::string> stop_lines(ClientFixture& f) {
  std::vector<std::string> out;
  for (auto& line : f.log_lines())
    if (line.find("Shard 0 stopped.") != std::string::npos) out.push_back(line);
  return out;
}

// After a fatal close: run() returned, the shard is failed, the log holds
// exactly one stop sentence naming `code`, and no further connection or
// IDENTIFY reaches the simulator.
void expect_stopped_for_good(ClientFixture& f, int code, std::size_t identifies) {
  ASSERT_TRUE(f.gateway_finished(10s)) << "GatewayClient::run() did not return";
  EXPECT_EQ(f.shard_states(), std::vector<ShardState>{ShardState::failed});
  // The reconnect backoff is 100-400 ms: a retry loop would show by now.
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(f.open_connections(), 0);
  EXPECT_EQ(f.sessions(), identifies);
  const auto lines = stop_lines(f);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("(close code " + std::to_string(code) + ")"), std::string::npos) << lines[0];
  for (auto& line : f.log_lines()) {
    EXPECT_EQ(line.find("sim-bot-token"), std::string::npos) << "the token leaked into the log";
    EXPECT_EQ(line.find("resuming in"), std::string::npos) << line;
    EXPECT_EQ(line.find("reconnecting in"), std::string::npos) << line;
  }
}

class GatewayFatalClose : public ::testing::TestWithParam<int> {};

TEST_P(GatewayFatalClose, StopsTheShardWithOneSentence) {
  ClientFixture f(ClientFixture::fast_sim(), ClientFixture::rest_defaults());
  f.start_gateway(ClientFixture::gateway_defaults());
  ASSERT_TRUE(f.wait_for(has_guild_create));
  ASSERT_EQ(f.fault(R"({"kind":"close","code":)" + std::to_string(GetParam()) + "}"), 1);
  expect_stopped_for_good(f, GetParam(), 1);
}

INSTANTIATE_TEST_SUITE_P(DiscordFatalCodes, GatewayFatalClose, ::testing::Values(4004, 4010, 4011, 4012, 4013, 4014));

TEST(GatewayFatal, WrongGatewayTokenIsRejectedWith4004Once) {
  ClientFixture f(ClientFixture::fast_sim(), ClientFixture::rest_defaults());
  auto options = ClientFixture::gateway_defaults();
  options.token = "not-the-bot-token";  // REST still uses the right one for /gateway/bot
  f.start_gateway(options);
  expect_stopped_for_good(f, 4004, 0);
  for (auto& line : f.log_lines()) EXPECT_EQ(line.find("not-the-bot-token"), std::string::npos) << line;
}

TEST(GatewayFatal, DisallowedPrivilegedIntentIsRejectedWith4014Once) {
  auto sim_options = ClientFixture::fast_sim();
  sim_options.disallowed_intents = intents::guild_members;
  ClientFixture f(sim_options, ClientFixture::rest_defaults());
  auto options = ClientFixture::gateway_defaults();
  options.intents |= intents::guild_members;
  f.start_gateway(options);
  expect_stopped_for_good(f, 4014, 0);
  const auto lines = stop_lines(f);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("developer portal"), std::string::npos) << "the sentence should say what to fix";
}

}  // namespace
}  // namespace dbot::discord::e2e
