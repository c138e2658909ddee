#include "discord/gateway_session.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace {

using namespace dbot::discord;
namespace json = boost::json;

GatewayIdentity identity() {
  GatewayIdentity id;
  id.token = "secret-token";
  id.intents = intents::guilds | intents::guild_messages | intents::message_content;
  id.shard_id = 1;
  id.shard_count = 4;
  return id;
}

GatewayPayload payload(std::string_view text) { return parse_gateway_payload(text); }

// Drives a session through HELLO + IDENTIFY + READY + one dispatch.
void establish(GatewaySession& s) {
  s.begin_connection();
  auto hello = s.on_payload(payload(R"({"op":10,"d":{"heartbeat_interval":41250}})"));
  ASSERT_TRUE(hello.identify);
  auto ready = s.on_payload(
      payload(R"({"op":0,"s":1,"t":"READY","d":{"session_id":"abc","resume_gateway_url":"wss://resume.example"}})"));
  ASSERT_TRUE(ready.ready);
  ASSERT_TRUE(ready.dispatch);
  s.on_payload(payload(R"({"op":0,"s":2,"t":"MESSAGE_CREATE","d":{"id":"5"}})"));
}

TEST(GatewaySession, HelloLeadsToIdentifyWithShardAndIntents) {
  GatewaySession s(identity());
  s.begin_connection();
  auto r = s.on_payload(payload(R"({"op":10,"d":{"heartbeat_interval":45000}})"));
  EXPECT_TRUE(r.identify);
  EXPECT_TRUE(r.send.empty());
  ASSERT_TRUE(r.heartbeat_interval);
  EXPECT_EQ(r.heartbeat_interval->count(), 45000);
  auto ident = json::parse(s.identify_payload()).as_object();
  EXPECT_EQ(ident.at("op").as_int64(), 2);
  auto& d = ident.at("d").as_object();
  EXPECT_EQ(d.at("token").as_string(), "secret-token");
  EXPECT_EQ(d.at("intents").to_number<std::uint64_t>(), (1u << 0) | (1u << 9) | (1u << 15));
  EXPECT_EQ(d.at("shard").as_array().at(0).to_number<int>(), 1);
  EXPECT_EQ(d.at("shard").as_array().at(1).to_number<int>(), 4);
  EXPECT_TRUE(d.at("properties").as_object().contains("os"));
  EXPECT_FALSE(d.contains("presence"));
}

TEST(GatewaySession, ReadyStoresSessionAndSequence) {
  GatewaySession s(identity());
  establish(s);
  EXPECT_EQ(s.session_id(), "abc");
  EXPECT_EQ(s.resume_url(), "wss://resume.example");
  EXPECT_EQ(s.sequence(), 2);
  EXPECT_EQ(s.connect_url("wss://gateway.example"), "wss://resume.example");
  auto hb = json::parse(s.heartbeat_payload()).as_object();
  EXPECT_EQ(hb.at("op").as_int64(), 1);
  EXPECT_EQ(hb.at("d").as_int64(), 2);
}

TEST(GatewaySession, FirstHeartbeatHasNullSequence) {
  GatewaySession s(identity());
  auto hb = json::parse(s.heartbeat_payload()).as_object();
  EXPECT_TRUE(hb.at("d").is_null());
  EXPECT_EQ(s.connect_url("wss://gateway.example"), "wss://gateway.example");
}

TEST(GatewaySession, HeartbeatsThenZombieWhenNoAck) {
  GatewaySession s(identity());
  establish(s);
  auto beat = s.on_heartbeat_due();
  ASSERT_EQ(beat.send.size(), 1u);
  EXPECT_FALSE(beat.close);
  s.on_payload(payload(R"({"op":11})"));
  EXPECT_FALSE(s.awaiting_ack());
  beat = s.on_heartbeat_due();
  ASSERT_EQ(beat.send.size(), 1u);
  // No ACK before the next beat: close with a non-1000 code and resume.
  auto zombie = s.on_heartbeat_due();
  EXPECT_TRUE(zombie.send.empty());
  ASSERT_TRUE(zombie.close);
  EXPECT_NE(*zombie.close, 1000);
  EXPECT_NE(*zombie.close, 1001);
  auto end = s.on_closed(std::nullopt);
  EXPECT_EQ(end.end, SessionEnd::resume);
}

TEST(GatewaySession, ServerHeartbeatRequestIsAnsweredAtOnce) {
  GatewaySession s(identity());
  establish(s);
  auto r = s.on_payload(payload(R"({"op":1,"d":null})"));
  ASSERT_EQ(r.send.size(), 1u);
  EXPECT_EQ(json::parse(r.send[0].json).as_object().at("op").as_int64(), 1);
}

TEST(GatewaySession, ResumeAfterReconnectSendsLastSequence) {
  GatewaySession s(identity());
  establish(s);
  auto r = s.on_payload(payload(R"({"op":7,"d":null})"));
  ASSERT_TRUE(r.close);
  EXPECT_NE(*r.close, 1000);
  // Whatever the close frame says, our own decision stands.
  EXPECT_EQ(s.on_closed(std::uint16_t{1000}).end, SessionEnd::resume);
  s.begin_connection();
  auto hello = s.on_payload(payload(R"({"op":10,"d":{"heartbeat_interval":41250}})"));
  EXPECT_FALSE(hello.identify);
  ASSERT_EQ(hello.send.size(), 1u);
  auto resume = json::parse(hello.send[0].json).as_object();
  EXPECT_EQ(resume.at("op").as_int64(), 6);
  EXPECT_EQ(resume.at("d").at("session_id").as_string(), "abc");
  EXPECT_EQ(resume.at("d").at("seq").as_int64(), 2);
  EXPECT_EQ(resume.at("d").at("token").as_string(), "secret-token");
  auto resumed = s.on_payload(payload(R"({"op":0,"s":3,"t":"RESUMED","d":{}})"));
  EXPECT_TRUE(resumed.resumed);
  EXPECT_EQ(s.sequence(), 3);
}

TEST(GatewaySession, ResumableCloseCodesResume) {
  for (int c : {4000, 4001, 4002, 4003, 4005, 4008, 1001, 1006, 4900}) {
    const auto code = static_cast<std::uint16_t>(c);
    GatewaySession s(identity());
    establish(s);
    auto d = s.on_closed(code);
    EXPECT_EQ(d.end, SessionEnd::resume) << code;
    EXPECT_TRUE(s.can_resume()) << code;
  }
  GatewaySession s(identity());
  establish(s);
  EXPECT_EQ(s.on_closed(std::nullopt).end, SessionEnd::resume);
}

TEST(GatewaySession, InvalidSeqAndTimeoutStartANewSession) {
  for (int c : {4007, 4009}) {
    const auto code = static_cast<std::uint16_t>(c);
    GatewaySession s(identity());
    establish(s);
    auto d = s.on_closed(code);
    EXPECT_EQ(d.end, SessionEnd::new_session) << code;
    EXPECT_FALSE(s.can_resume());
    EXPECT_EQ(s.connect_url("wss://gateway.example"), "wss://gateway.example");
    s.begin_connection();
    EXPECT_TRUE(s.on_payload(payload(R"({"op":10,"d":{"heartbeat_interval":1000}})")).identify);
  }
}

TEST(GatewaySession, FatalCodesStopTheShardWithAPlainSentence) {
  for (int c : {4004, 4010, 4011, 4012, 4013, 4014}) {
    const auto code = static_cast<std::uint16_t>(c);
    GatewaySession s(identity());
    establish(s);
    auto d = s.on_closed(code);
    EXPECT_EQ(d.end, SessionEnd::fatal) << code;
    EXPECT_NE(d.message.find(std::to_string(code)), std::string::npos);
    EXPECT_EQ(d.message.find("secret-token"), std::string::npos);
  }
  EXPECT_NE(GatewaySession::fatal_reason(4004)->find("token"), std::string::npos);
  EXPECT_NE(GatewaySession::fatal_reason(4014)->find("Message Content"), std::string::npos);
  EXPECT_NE(GatewaySession::fatal_reason(4014)->find("Server Members"), std::string::npos);
  EXPECT_FALSE(GatewaySession::fatal_reason(4009));
}

TEST(GatewaySession, InvalidSessionTrueResumesFalseIdentifiesAgain) {
  GatewaySession s(identity());
  establish(s);
  auto r = s.on_payload(payload(R"({"op":9,"d":true})"));
  ASSERT_TRUE(r.close);
  EXPECT_EQ(s.on_closed(std::nullopt).end, SessionEnd::resume);
  EXPECT_TRUE(s.can_resume());

  s.begin_connection();
  r = s.on_payload(payload(R"({"op":9,"d":false})"));
  ASSERT_TRUE(r.close);
  auto d = s.on_closed(std::nullopt);
  EXPECT_EQ(d.end, SessionEnd::new_session);
  EXPECT_TRUE(d.wait_before_identify);
  EXPECT_FALSE(s.can_resume());
  EXPECT_FALSE(s.sequence());
}

TEST(GatewaySession, DropBeforeReadyStartsOver) {
  GatewaySession s(identity());
  s.begin_connection();
  s.on_payload(payload(R"({"op":10,"d":{"heartbeat_interval":1000}})"));
  EXPECT_EQ(s.on_closed(std::nullopt).end, SessionEnd::new_session);
  EXPECT_EQ(s.on_closed(std::uint16_t{4000}).end, SessionEnd::new_session);
}

TEST(GatewaySession, PresenceIsIncludedWhenConfigured) {
  auto id = identity();
  id.presence_json = R"({"status":"online","activities":[],"since":null,"afk":false})";
  GatewaySession s(id);
  auto d = json::parse(s.identify_payload()).at("d").as_object();
  ASSERT_TRUE(d.contains("presence"));
  EXPECT_EQ(d.at("presence").at("status").as_string(), "online");
}

TEST(GatewaySession, MalformedPayloadsThrow) {
  EXPECT_THROW(parse_gateway_payload("{"), std::exception);
  EXPECT_THROW(parse_gateway_payload("[1]"), std::exception);
  auto p = parse_gateway_payload(R"({"op":0,"s":7,"t":"X","d":{"a":1}})");
  EXPECT_EQ(p.op, 0);
  EXPECT_EQ(p.s, 7);
  EXPECT_EQ(p.t, "X");
  EXPECT_EQ(p.d.at("a").as_int64(), 1);
}

}  // namespace

#include "discord/gateway.hpp"

namespace {

TEST(GatewayUrl, AddsVersionEncodingAndCompression) {
  using dbot::discord::gateway_connect_url;
  using dbot::discord::GatewayCompression;
  EXPECT_EQ(gateway_connect_url("wss://gateway.discord.gg", GatewayCompression::zlib_stream),
            "wss://gateway.discord.gg/?v=10&encoding=json&compress=zlib-stream");
  EXPECT_EQ(gateway_connect_url("wss://g.example/?v=9", GatewayCompression::none),
            "wss://g.example/?v=10&encoding=json");
  EXPECT_EQ(gateway_connect_url("ws://127.0.0.1:4000", GatewayCompression::zstd_stream),
            "ws://127.0.0.1:4000/?v=10&encoding=json&compress=zstd-stream");
  EXPECT_NO_THROW(gateway_connect_url("ws://[::1]:4000/", GatewayCompression::none));
  EXPECT_NO_THROW(gateway_connect_url("ws://localhost:4000", GatewayCompression::none));
  EXPECT_THROW(gateway_connect_url("ws://gateway.discord.gg", GatewayCompression::none), std::exception);
  EXPECT_THROW(gateway_connect_url("ws://10.0.0.1:4000", GatewayCompression::none), std::exception);
  EXPECT_THROW(gateway_connect_url("http://127.0.0.1", GatewayCompression::none), std::exception);
}

}  // namespace

namespace {

// heartbeat_interval used to be cast from any double (NaN, 1e300: undefined).
TEST(GatewaySession, GarbageHeartbeatIntervalDropsTheConnection) {
  for (const char* hello :
       {R"({"op":10,"d":{"heartbeat_interval":1e300}})", R"({"op":10,"d":{"heartbeat_interval":-5}})",
        R"({"op":10,"d":{"heartbeat_interval":"41250"}})", R"({"op":10,"d":{}})",
        R"({"op":10,"d":{"heartbeat_interval":86400000}})"}) {
    GatewaySession s(identity());
    s.begin_connection();
    auto r = s.on_payload(payload(hello));
    EXPECT_FALSE(r.heartbeat_interval) << hello;
    EXPECT_FALSE(r.identify) << hello;
    EXPECT_EQ(r.close, GatewaySession::kResumeCloseCode) << hello;
  }
}

TEST(GatewaySession, HeartbeatIntervalIsBounded) {
  EXPECT_EQ(hello_heartbeat_interval(json::parse(R"({"heartbeat_interval":41250})")), std::chrono::milliseconds(41250));
  EXPECT_EQ(hello_heartbeat_interval(json::parse(R"({"heartbeat_interval":100})")), std::chrono::milliseconds(100));
  EXPECT_FALSE(hello_heartbeat_interval(json::parse(R"({"heartbeat_interval":99})")));
  EXPECT_FALSE(hello_heartbeat_interval(json::parse(R"({"heartbeat_interval":600001})")));
}

}  // namespace
