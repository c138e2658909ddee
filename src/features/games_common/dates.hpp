#pragma once
// Puzzle dates. The NYT publishes one puzzle per day of US Eastern time, so
// "today" is the date in New York, not UTC; dates after today are refused
// (spoilers) and dates before a game's launch have no puzzle.

#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace dbot::features::games {

using Date = std::chrono::year_month_day;

// Strictly YYYY-MM-DD and a real calendar day.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date date);
// The calendar date in America/New_York at `now`, from the tz database.
// Throws dbot::Error when the database (Debian's tzdata) is missing.
Date nyt_today(std::chrono::system_clock::time_point now = std::chrono::system_clock::now());
// Loads the zone (reads its file once); false when tzdata is missing. The
// game features call it at start-up so the file is not read on a command.
bool new_york_time_zone_available();
// A uniformly random day in [first, last].
Date random_date(Date first, Date last, std::mt19937_64& random);

}  // namespace dbot::features::games

namespace dbot::features::games {

// The date a `<game> date YYYY-MM-DD` command asks for, checked against the
// game's first puzzle and today; `error` is the reply when it is refused.
struct DateChoice {
  std::optional<Date> date;
  std::string error;
};
DateChoice check_requested_date(std::string_view text, Date first, Date today);

}  // namespace dbot::features::games
