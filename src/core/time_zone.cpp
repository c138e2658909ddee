#include "core/time_zone.hpp"

#include <date/tz.h>

namespace dbot {

std::optional<TimeZone> TimeZone::locate(std::string_view name) {
  try {
    TimeZone zone;
    zone.zone_ = date::locate_zone(name);
    zone.name_ = std::string(name);
    return zone;
  } catch (const std::exception&) {
    return std::nullopt;  // unknown name, or no database on this machine
  }
}

TimeZone::Local TimeZone::at(std::chrono::sys_seconds instant) const {
  if (!zone_) return {std::chrono::seconds{0}, "UTC"};
  const auto info = zone_->get_info(instant);
  return {info.offset, info.abbrev};
}

std::chrono::year_month_day TimeZone::local_date(std::chrono::system_clock::time_point instant) const {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(instant);
  const auto local = seconds + utc_offset(seconds);
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(local)};
}

}  // namespace dbot
