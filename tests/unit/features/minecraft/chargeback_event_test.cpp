#include "features/minecraft/chargeback_event.hpp"

#include <gtest/gtest.h>

#include "features/minecraft/chargeback_store.hpp"

namespace dbot::features::minecraft {
namespace {

constexpr const char* kUuid = "069a79f4-44e9-4726-a5be-fca90e38aaf5";

ChargebackEvent parse_ok(const std::string& body) {
  auto parsed = parse_chargeback(body);
  if (auto* problem = std::get_if<std::string>(&parsed)) ADD_FAILURE() << *problem << " for " << body;
  return std::get_if<ChargebackEvent>(&parsed) ? std::get<ChargebackEvent>(parsed) : ChargebackEvent{};
}

std::string problem_of(const std::string& body) {
  auto parsed = parse_chargeback(body);
  auto* problem = std::get_if<std::string>(&parsed);
  return problem ? *problem : std::string("accepted");
}

TEST(ChargebackEvent, BearerMustMatchExactly) {
  EXPECT_TRUE(bearer_matches("Bearer s3cret", "s3cret"));
  EXPECT_FALSE(bearer_matches("Bearer s3cre", "s3cret"));
  EXPECT_FALSE(bearer_matches("Bearer s3cretX", "s3cret"));
  EXPECT_FALSE(bearer_matches("bearer s3cret", "s3cret"));
  EXPECT_FALSE(bearer_matches("s3cret", "s3cret"));
  EXPECT_FALSE(bearer_matches(std::nullopt, "s3cret"));
  EXPECT_FALSE(bearer_matches("Bearer ", ""));  // an empty secret never authenticates
}

TEST(ChargebackEvent, TimestampsInTheUsualForms) {
  EXPECT_EQ(parse_event_time("1700000000"), 1700000000);
  EXPECT_EQ(parse_event_time("1700000000123"), 1700000000);  // milliseconds
  EXPECT_EQ(parse_event_time("2023-11-14T22:13:20Z"), 1700000000);
  EXPECT_EQ(parse_event_time("2023-11-14T22:13:20.5Z"), 1700000000);
  EXPECT_EQ(parse_event_time("2023-11-14T23:13:20+01:00"), 1700000000);
  EXPECT_EQ(parse_event_time("2023-11-14T21:13:20-01:00"), 1700000000);
  EXPECT_FALSE(parse_event_time(""));
  EXPECT_FALSE(parse_event_time("yesterday"));
  EXPECT_FALSE(parse_event_time("2023-13-14T22:13:20Z"));
  EXPECT_FALSE(parse_event_time("2023-02-30T22:13:20Z"));
  EXPECT_FALSE(parse_event_time("2023-11-14T22:13:20"));  // no zone
  EXPECT_FALSE(parse_event_time("-5"));
}

TEST(ChargebackEvent, PayloadFields) {
  const auto event = parse_ok(std::string(R"({"uuid":")") + kUuid +
                              R"(","username":"Notch","discord_id":"123456789012345678","tier":"premium",)"
                              R"("timestamp":"1700000000","id":"evt-1"})");
  EXPECT_EQ(event.uuid, kUuid);
  EXPECT_EQ(event.username, "Notch");
  ASSERT_TRUE(event.discord_id);
  EXPECT_EQ(event.discord_id->value, 123456789012345678ULL);
  EXPECT_EQ(event.tier, "premium");
  EXPECT_EQ(event.unix_seconds, 1700000000);
  EXPECT_EQ(event.id, "evt-1");

  const auto unlinked = parse_ok(std::string(R"({"uuid":")") + kUuid +
                                 R"(","username":"Notch","discord_id":null,"tier":"x","timestamp":1700000000000})");
  EXPECT_FALSE(unlinked.discord_id);
  EXPECT_EQ(unlinked.unix_seconds, 1700000000);
  EXPECT_FALSE(unlinked.id);
  const auto omitted =
      parse_ok(std::string(R"({"uuid":")") + kUuid + R"(","username":"N","tier":"x","timestamp":"1700000000"})");
  EXPECT_FALSE(omitted.discord_id);
}

TEST(ChargebackEvent, BadPayloadsSayWhatIsWrong) {
  const std::string good_rest = R"(,"username":"N","tier":"x","timestamp":"1700000000"})";
  EXPECT_EQ(problem_of("[]"), "The body must be a JSON object");
  EXPECT_EQ(problem_of("{"), "The body must be a JSON object");
  EXPECT_NE(problem_of(R"({"uuid":"not a uuid!")" + good_rest).find("uuid"), std::string::npos);
  EXPECT_NE(problem_of(R"({"uuid":")" + std::string(65, 'a') + "\"" + good_rest).find("uuid"), std::string::npos);
  EXPECT_NE(
      problem_of(std::string(R"({"uuid":")") + kUuid + R"(","tier":"x","timestamp":"1700000000"})").find("username"),
      std::string::npos);
  EXPECT_NE(problem_of(std::string(R"({"uuid":")") + kUuid + R"(","discord_id":"abc")" + good_rest).find("discord_id"),
            std::string::npos);
  EXPECT_NE(problem_of(std::string(R"({"uuid":")") + kUuid + R"(","discord_id":12345)" + good_rest).find("discord_id"),
            std::string::npos);
  EXPECT_NE(problem_of(std::string(R"({"uuid":")") + kUuid + R"(","username":"N","tier":"x","timestamp":"soon"})")
                .find("timestamp"),
            std::string::npos);
  EXPECT_NE(problem_of(std::string(R"({"uuid":")") + kUuid + R"(","username":"N","tier":"x"})").find("timestamp"),
            std::string::npos);
  EXPECT_NE(problem_of(std::string(R"({"uuid":")") + kUuid + R"(","id":7)" + good_rest).find("'id'"),
            std::string::npos);
}

TEST(ChargebackEvent, WindowIsFiveMinutesEitherWay) {
  ChargebackEvent event;
  event.unix_seconds = 1'700'000'000;
  EXPECT_TRUE(within_window(event, 1'700'000'000));
  EXPECT_TRUE(within_window(event, 1'700'000'300));
  EXPECT_TRUE(within_window(event, 1'699'999'700));
  EXPECT_FALSE(within_window(event, 1'700'000'301));
  EXPECT_FALSE(within_window(event, 1'699'999'699));
}

TEST(ChargebackEvent, ReplayKeyPrefersTheEventId) {
  ChargebackEvent with_id;
  with_id.id = "evt-9";
  EXPECT_EQ(replay_key(with_id, "{}"), "id:evt-9");
  ChargebackEvent without;
  const auto a = replay_key(without, R"({"a":1})");
  EXPECT_TRUE(a.starts_with("sha256:"));
  EXPECT_EQ(a.size(), 7u + 64u);
  EXPECT_EQ(a, replay_key(without, R"({"a":1})"));
  EXPECT_NE(a, replay_key(without, R"({"a":2})"));
}

TEST(ChargebackStore, RoleArraysRoundTrip) {
  const std::vector<Snowflake> roles{Snowflake{1}, Snowflake{123456789012345678ULL}};
  EXPECT_EQ(to_pg_array(roles), "{1,123456789012345678}");
  EXPECT_EQ(from_pg_array("{1,123456789012345678}"), roles);
  EXPECT_EQ(to_pg_array({}), "{}");
  EXPECT_TRUE(from_pg_array("{}").empty());
  EXPECT_TRUE(from_pg_array("junk").empty());
}

}  // namespace
}  // namespace dbot::features::minecraft
