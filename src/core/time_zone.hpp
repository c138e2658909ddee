#pragma once
// A time zone from the system's tz database (the TZif files under
// /usr/share/zoneinfo, Debian's tzdata), for turning an instant into a local
// calendar date.
//
// Why our own reader: C++20's std::chrono::locate_zone is not in g++ 12's
// libstdc++; localtime_r with a TZ variable changes process-wide state (not
// safe with several instances and threads); Boost.DateTime's zones are POSIX
// strings, not the IANA database. A TZif file is small and documented
// (RFC 8536): its transitions give the offset at any instant they cover, and
// its footer, a POSIX TZ rule, the offset after the last one.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbot {

// A POSIX TZ rule such as "EST5EDT,M3.2.0,M11.1.0" (the TZif footer).
class PosixTimeZoneRule {
 public:
  // nullopt when `text` is not a rule this parser understands.
  static std::optional<PosixTimeZoneRule> parse(std::string_view text);
  std::chrono::seconds utc_offset(std::chrono::sys_seconds at) const;

 private:
  struct Transition {
    enum class Kind { month_week_day, julian_no_leap, julian_zero } kind = Kind::month_week_day;
    unsigned month = 0, week = 0, weekday = 0;  // Mm.w.d
    unsigned day = 0;                           // Jn (1-365) or n (0-365)
    std::chrono::seconds time{7200};            // local time of day, default 02:00
    std::chrono::sys_seconds in_year(int year, std::chrono::seconds offset_before) const;
  };
  std::chrono::seconds standard_offset_{0};  // east of UTC
  std::optional<std::chrono::seconds> daylight_offset_;
  Transition start_, end_;
};

class TimeZone {
 public:
  // Reads `name` (e.g. "America/New_York") from `zoneinfo_dir`. nullopt when
  // the file is missing or not a valid TZif file. Reads a file: call at
  // start-up, not on an event loop in a hot path.
  static std::optional<TimeZone> load(std::string_view name,
                                      const std::filesystem::path& zoneinfo_dir = "/usr/share/zoneinfo");
  // Parses the bytes of a TZif file.
  static std::optional<TimeZone> parse(std::string_view tzif);

  // Local time minus UTC at `at`.
  std::chrono::seconds utc_offset(std::chrono::sys_seconds at) const;
  // The local calendar date at `at`.
  std::chrono::year_month_day local_date(std::chrono::system_clock::time_point at) const;

 private:
  std::vector<std::int64_t> transitions_;    // Unix seconds, ascending
  std::vector<std::int32_t> offset_after_;   // UTC offset from each transition on
  std::int32_t offset_before_first_ = 0;     // before the first transition
  std::optional<PosixTimeZoneRule> footer_;  // after the last transition
};

}  // namespace dbot
