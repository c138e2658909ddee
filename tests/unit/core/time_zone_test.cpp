// Time zones from the tz database (TZif files) and POSIX TZ rules.

#include "core/time_zone.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace dbot {
namespace {
namespace chr = std::chrono;
using namespace std::chrono_literals;

chr::sys_seconds at(chr::year_month_day day, chr::seconds time) { return chr::sys_days(day) + time; }

TEST(PosixTimeZoneRule, NorthernDaylightTime) {
  const auto rule = PosixTimeZoneRule::parse("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(rule);
  using chr::March, chr::November;
  // 2024: DST from 2024-03-10 07:00Z to 2024-11-03 06:00Z.
  EXPECT_EQ(rule->utc_offset(at(2024y / March / 10, 6h + 59min + 59s)), -5h);
  EXPECT_EQ(rule->utc_offset(at(2024y / March / 10, 7h)), -4h);
  EXPECT_EQ(rule->utc_offset(at(2024y / November / 3, 5h + 59min + 59s)), -4h);
  EXPECT_EQ(rule->utc_offset(at(2024y / November / 3, 6h)), -5h);
  // Far beyond any table of transitions.
  EXPECT_EQ(rule->utc_offset(at(2100y / chr::July / 1, 12h)), -4h);
}

TEST(PosixTimeZoneRule, SouthernRulesNamesTimesAndFixedZones) {
  // Sydney: DST from the first Sunday of October 02:00 to the first Sunday of April 03:00.
  const auto sydney = PosixTimeZoneRule::parse("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(sydney);
  EXPECT_EQ(sydney->utc_offset(at(2024y / chr::January / 15, 0h)), 11h);
  EXPECT_EQ(sydney->utc_offset(at(2024y / chr::July / 15, 0h)), 10h);
  // 2024-04-07 03:00 AEDT = 2024-04-06 16:00Z.
  EXPECT_EQ(sydney->utc_offset(at(2024y / chr::April / 6, 15h + 59min)), 11h);
  EXPECT_EQ(sydney->utc_offset(at(2024y / chr::April / 6, 16h)), 10h);

  const auto fixed = PosixTimeZoneRule::parse("<-03>3");
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->utc_offset(at(2024y / chr::June / 1, 0h)), -3h);
  const auto half = PosixTimeZoneRule::parse("IST-5:30");
  ASSERT_TRUE(half);
  EXPECT_EQ(half->utc_offset(at(2024y / chr::June / 1, 0h)), 5h + 30min);
  const auto julian = PosixTimeZoneRule::parse("XST3XDT,J60/0,J300/0");
  ASSERT_TRUE(julian);
  // J60 is March 1 in every year (February 29 is not counted).
  EXPECT_EQ(julian->utc_offset(at(2024y / chr::March / 1, 3h)), -2h);
  EXPECT_EQ(julian->utc_offset(at(2024y / chr::February / 29, 12h)), -3h);

  for (const char* bad : {"", "EST", "5", "EST5EDT", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0",
                          "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST5EDT,M3.2.0,M11.1.0x"}) {
    EXPECT_FALSE(PosixTimeZoneRule::parse(bad)) << bad;
  }
}

// The real America/New_York of this machine's tzdata: table and footer.
TEST(TimeZone, NewYorkFromTheTzDatabase) {
  const auto zone = TimeZone::load("America/New_York");
  ASSERT_TRUE(zone) << "tzdata is not installed";
  using chr::March, chr::November;
  EXPECT_EQ(zone->utc_offset(at(2024y / March / 10, 6h + 59min + 59s)), -5h);
  EXPECT_EQ(zone->utc_offset(at(2024y / March / 10, 7h)), -4h);
  EXPECT_EQ(zone->utc_offset(at(2024y / November / 3, 5h + 59min + 59s)), -4h);
  EXPECT_EQ(zone->utc_offset(at(2024y / November / 3, 6h)), -5h);
  // 2006 followed the old rule (first Sunday of April to last Sunday of
  // October), which a hard-coded modern rule gets wrong.
  EXPECT_EQ(zone->utc_offset(at(2006y / March / 20, 12h)), -5h);
  EXPECT_EQ(zone->utc_offset(at(2006y / November / 1, 12h)), -5h);
  EXPECT_EQ(zone->utc_offset(at(2006y / chr::October / 27, 12h)), -4h);
  // After the last transition of the file, the footer rule.
  EXPECT_EQ(zone->utc_offset(at(2090y / chr::July / 1, 12h)), -4h);
  EXPECT_EQ(zone->utc_offset(at(2090y / chr::January / 1, 12h)), -5h);
  // Local dates.
  EXPECT_EQ(zone->local_date(at(2024y / chr::January / 10, 4h + 30min)), 2024y / chr::January / 9);
  EXPECT_EQ(zone->local_date(at(2024y / chr::January / 10, 5h + 30min)), 2024y / chr::January / 10);

  EXPECT_TRUE(TimeZone::load("UTC"));
  EXPECT_EQ(TimeZone::load("UTC")->utc_offset(at(2024y / chr::June / 1, 0h)), 0s);
  EXPECT_FALSE(TimeZone::load("No/Such_Zone"));
  EXPECT_FALSE(TimeZone::load("../../etc/passwd"));
}

TEST(TimeZone, RejectsWhatIsNotTzif) {
  EXPECT_FALSE(TimeZone::parse(""));
  EXPECT_FALSE(TimeZone::parse("TZif2 but far too short"));
  std::string header(44, '\0');
  header.replace(0, 5, "TZif2");
  EXPECT_FALSE(TimeZone::parse(header)) << "no time types";
  // A valid file cut short.
  std::ifstream in("/usr/share/zoneinfo/America/New_York", std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ASSERT_GT(bytes.size(), 100u);
  EXPECT_TRUE(TimeZone::parse(bytes));
  EXPECT_FALSE(TimeZone::parse(std::string_view(bytes).substr(0, bytes.size() / 2)));
}

}  // namespace
}  // namespace dbot
