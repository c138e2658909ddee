#pragma once
// A zone of the IANA time-zone database (Debian's tzdata, /usr/share/zoneinfo)
// through Howard Hinnant's date/tz library (Debian's libhowardhinnant-date-dev),
// the library C++20's chrono time zones were standardised from: g++ 12's
// libstdc++ does not have them yet. Daylight-saving rules, past changes and
// abbreviations all come from the database; nothing here knows a rule.
// date/tz reads the compiled zone files, which list transitions up to 2037;
// later instants keep the last listed offset.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace dbot {

class TimeZone {
 public:
  // UTC.
  TimeZone() = default;
  // "America/New_York"; nullopt when the database has no such zone (or
  // tzdata is not installed). The first call reads the database.
  static std::optional<TimeZone> locate(std::string_view name);

  struct Local {
    std::chrono::seconds utc_offset{0};  // local time minus UTC
    std::string abbreviation;            // "EST", "CEST"; "UTC" for UTC
  };
  Local at(std::chrono::sys_seconds instant) const;
  std::chrono::seconds utc_offset(std::chrono::sys_seconds instant) const { return at(instant).utc_offset; }
  // The local calendar date at `instant`.
  std::chrono::year_month_day local_date(std::chrono::system_clock::time_point instant) const;
  const std::string& name() const { return name_; }

 private:
  const date::time_zone* zone_ = nullptr;  // the database's entry; null for UTC
  std::string name_ = "UTC";
};

}  // namespace dbot
