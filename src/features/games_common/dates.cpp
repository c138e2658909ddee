#include "features/games_common/dates.hpp"

#include <cstdio>

#include "core/error.hpp"
#include "core/time_zone.hpp"

namespace dbot::features::games {
namespace chr = std::chrono;

namespace {

// Read once from the tz database on first use (a few KiB), then shared.
const std::optional<TimeZone>& new_york() {
  static const std::optional<TimeZone> zone = TimeZone::locate("America/New_York");
  return zone;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t i = 0; i < lengths[p]; ++i) {
      const char c = text[starts[p] + i];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  const Date date{chr::year(parts[0]), chr::month(static_cast<unsigned>(parts[1])),
                  chr::day(static_cast<unsigned>(parts[2]))};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::string format_date(Date date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

Date nyt_today(chr::system_clock::time_point now) {
  const auto& zone = new_york();
  if (!zone) {
    throw Error("The puzzle date is unknown right now; the operator has the details.",
                "America/New_York is not in the tz database: install the tzdata package");
  }
  return zone->local_date(now);
}

bool new_york_time_zone_available() { return new_york().has_value(); }

Date random_date(Date first, Date last, std::mt19937_64& random) {
  const auto from = chr::sys_days(first).time_since_epoch().count();
  const auto to = chr::sys_days(last).time_since_epoch().count();
  if (to <= from) return first;
  std::uniform_int_distribution<long long> pick(from, to);
  return Date{chr::sys_days(chr::days(pick(random)))};
}

}  // namespace dbot::features::games

namespace dbot::features::games {

DateChoice check_requested_date(std::string_view text, Date first, Date today) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  const auto date = parse_date(text);
  if (!date) return {std::nullopt, "Use YYYY-MM-DD format (e.g. 2024-03-15)."};
  if (*date < first) return {std::nullopt, "There is no puzzle before **" + format_date(first) + "**."};
  if (*date > today) {
    return {std::nullopt, "That puzzle isn't out yet. The newest one is **" + format_date(today) + "**."};
  }
  return {date, {}};
}

}  // namespace dbot::features::games
