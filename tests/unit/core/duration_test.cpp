#include "core/duration.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

std::chrono::seconds ok(std::string_view text) {
  auto parsed = dbot::parse_duration(text);
  EXPECT_TRUE(std::holds_alternative<std::chrono::seconds>(parsed)) << text;
  return std::holds_alternative<std::chrono::seconds>(parsed) ? std::get<std::chrono::seconds>(parsed) : 0s;
}

std::string fails(std::string_view text, std::chrono::seconds max = dbot::kMaxDuration) {
  auto parsed = dbot::parse_duration(text, max);
  EXPECT_TRUE(std::holds_alternative<dbot::DurationError>(parsed)) << text;
  return std::holds_alternative<dbot::DurationError>(parsed) ? std::get<dbot::DurationError>(parsed).message : "";
}

TEST(Duration, ParsesEveryUnit) {
  EXPECT_EQ(ok("30s"), 30s);
  EXPECT_EQ(ok("5m"), 5min);
  EXPECT_EQ(ok("2h"), 2h);
  EXPECT_EQ(ok("3d"), 72h);
  EXPECT_EQ(ok("1w"), 168h);
}

TEST(Duration, AcceptsExactlyTheMaximum) { EXPECT_EQ(ok("365d"), dbot::kMaxDuration); }

TEST(Duration, RefusesMoreThanAYear) {
  EXPECT_NE(fails("366d").find("longer than the maximum"), std::string::npos);
  fails("53w");
  fails("99999999999999999999999s");
}

TEST(Duration, RefusesMalformedText) {
  for (const char* bad : {"", "s", "10", "10x", "-5m", "+5m", " 5m", "5 m", "5M", "1.5h", "0s", "m5"}) {
    fails(bad);
  }
}

TEST(Duration, HonoursACustomMaximum) {
  EXPECT_EQ(ok("28d"), 28 * 24h);
  fails("29d", 28 * 24h);
}

TEST(Duration, FormatsLargestUnitsFirst) {
  EXPECT_EQ(dbot::format_duration(90s), "1m 30s");
  EXPECT_EQ(dbot::format_duration(72h), "3d");
  EXPECT_EQ(dbot::format_duration(7 * 24h + 2h), "1w 2h");
  EXPECT_EQ(dbot::format_duration(0s), "0s");
}

}  // namespace
