#include "features/ai/chat/local_time.hpp"

#include <array>
#include <chrono>
#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

namespace dbot::features::ai::chat {

std::string describe_local_time(const TimeZone& zone, std::int64_t unix_ms) {
  using namespace std::chrono;
  const std::int64_t seconds = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
  const sys_seconds utc{std::chrono::seconds(seconds)};
  const auto local = zone.at(utc);
  const sys_seconds instant = utc + local.utc_offset;
  const auto day = floor<days>(instant);
  const year_month_day date{day};
  const hh_mm_ss time{instant - day};
  static constexpr std::array<std::string_view, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                                "Thursday", "Friday", "Saturday"};
  static constexpr std::array<std::string_view, 12> kMonths = {"January",   "February", "March",    "April",
                                                               "May",       "June",     "July",     "August",
                                                               "September", "October",  "November", "December"};
  const auto offset_seconds = local.utc_offset.count();
  const auto offset_minutes = std::abs(offset_seconds) / 60;
  return fmt::format("{}, {} {}, {}, {:02}:{:02} {}({}, UTC{}{:02}:{:02})", kWeekdays[weekday{day}.c_encoding()],
                     kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<unsigned>(date.day()),
                     static_cast<int>(date.year()), time.hours().count(), time.minutes().count(),
                     local.abbreviation.empty() ? std::string{} : local.abbreviation + " ", zone.name(),
                     offset_seconds < 0 ? '-' : '+', offset_minutes / 60, offset_minutes % 60);
}

}  // namespace dbot::features::ai::chat
