// Time zones from the IANA database (Debian's tzdata through date/tz).

#include "core/time_zone.hpp"

#include <gtest/gtest.h>

namespace dbot {
namespace {
namespace chr = std::chrono;
using namespace std::chrono_literals;

chr::sys_seconds at(chr::year_month_day day, chr::seconds time) { return chr::sys_days(day) + time; }

TEST(TimeZone, NewYorkFollowsTheDatabaseIncludingOldRules) {
  const auto zone = TimeZone::locate("America/New_York");
  ASSERT_TRUE(zone) << "tzdata is not installed";
  EXPECT_EQ(zone->name(), "America/New_York");
  using chr::March, chr::November;
  EXPECT_EQ(zone->utc_offset(at(2024y / March / 10, 6h + 59min + 59s)), -5h);
  EXPECT_EQ(zone->utc_offset(at(2024y / March / 10, 7h)), -4h);
  EXPECT_EQ(zone->utc_offset(at(2024y / November / 3, 5h + 59min + 59s)), -4h);
  EXPECT_EQ(zone->utc_offset(at(2024y / November / 3, 6h)), -5h);
  EXPECT_EQ(zone->at(at(2024y / chr::July / 1, 12h)).abbreviation, "EDT");
  // 2006 followed the old rule (first Sunday of April to last Sunday of
  // October), which a hard-coded modern rule gets wrong.
  EXPECT_EQ(zone->utc_offset(at(2006y / March / 20, 12h)), -5h);
  EXPECT_EQ(zone->utc_offset(at(2006y / November / 1, 12h)), -5h);
  EXPECT_EQ(zone->utc_offset(at(2006y / chr::October / 27, 12h)), -4h);
  // Years ahead, as far as the installed files list transitions (2037:
  // date/tz reads the compiled files, not their footer rule).
  EXPECT_EQ(zone->utc_offset(at(2036y / chr::July / 1, 12h)), -4h);
  EXPECT_EQ(zone->utc_offset(at(2036y / chr::January / 1, 12h)), -5h);
}

TEST(TimeZone, LocalDatesChangeAtLocalMidnight) {
  const auto zone = TimeZone::locate("America/New_York");
  ASSERT_TRUE(zone);
  EXPECT_EQ(zone->local_date(at(2024y / chr::January / 10, 4h + 30min)), 2024y / chr::January / 9);
  EXPECT_EQ(zone->local_date(at(2024y / chr::January / 10, 5h + 30min)), 2024y / chr::January / 10);
  const auto tokyo = TimeZone::locate("Asia/Tokyo");
  ASSERT_TRUE(tokyo);
  EXPECT_EQ(tokyo->local_date(at(2024y / chr::January / 9, 15h)), 2024y / chr::January / 10);
}

TEST(TimeZone, UtcAndUnknownNames) {
  EXPECT_EQ(TimeZone{}.utc_offset(at(2024y / chr::June / 1, 0h)), 0s);
  EXPECT_EQ(TimeZone{}.at(at(2024y / chr::June / 1, 0h)).abbreviation, "UTC");
  const auto utc = TimeZone::locate("UTC");
  ASSERT_TRUE(utc);
  EXPECT_EQ(utc->utc_offset(at(2024y / chr::June / 1, 0h)), 0s);
  EXPECT_FALSE(TimeZone::locate("No/Such_Zone"));
  EXPECT_FALSE(TimeZone::locate("../../etc/passwd"));
  EXPECT_FALSE(TimeZone::locate(""));
}

}  // namespace
}  // namespace dbot
