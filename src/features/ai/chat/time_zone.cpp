#include "features/ai/chat/time_zone.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

namespace dbot::features::ai::chat {
namespace {

constexpr std::size_t kHeaderSize = 44;

std::int64_t big_endian(std::string_view bytes) {
  std::uint64_t value = 0;
  for (const char c : bytes) value = (value << 8) | static_cast<unsigned char>(c);
  // Sign-extend 4-byte fields.
  if (bytes.size() == 4 && (value & 0x80000000u)) value |= 0xFFFFFFFF00000000ull;
  return static_cast<std::int64_t>(value);
}

struct Counts {
  std::size_t isut, isstd, leap, time, type, chars;
};

std::optional<Counts> header(std::string_view data) {
  if (data.size() < kHeaderSize || data.substr(0, 4) != "TZif") return std::nullopt;
  std::array<std::size_t, 6> n{};
  for (std::size_t i = 0; i < n.size(); ++i) n[i] = static_cast<std::size_t>(big_endian(data.substr(20 + 4 * i, 4)));
  return Counts{n[0], n[1], n[2], n[3], n[4], n[5]};
}

std::size_t body_size(const Counts& c, std::size_t time_size) {
  return c.time * time_size + c.time + c.type * 6 + c.chars + c.leap * (time_size + 4) + c.isstd + c.isut;
}

}  // namespace

std::optional<TimeZone> TimeZone::load(const std::filesystem::path& file, std::string name) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse(data, std::move(name));
}

std::optional<TimeZone> TimeZone::parse(std::string_view data, std::string name) {
  auto counts = header(data);
  if (!counts) return std::nullopt;
  std::size_t time_size = 4;
  std::size_t at = kHeaderSize;
  // Version 2 and later repeat the data with 64-bit times after the v1 block.
  if (data.size() > 4 && data[4] >= '2') {
    const std::size_t second = kHeaderSize + body_size(*counts, 4);
    auto v2 = header(data.substr(std::min(second, data.size())));
    if (!v2) return std::nullopt;
    counts = v2;
    time_size = 8;
    at = second + kHeaderSize;
  }
  if (counts->type == 0 || data.size() < at + body_size(*counts, time_size)) return std::nullopt;
  TimeZone zone;
  zone.name_ = std::move(name);
  for (std::size_t i = 0; i < counts->time; ++i)
    zone.transitions_.push_back(big_endian(data.substr(at + i * time_size, time_size)));
  at += counts->time * time_size;
  for (std::size_t i = 0; i < counts->time; ++i) {
    zone.type_of_.push_back(static_cast<std::uint8_t>(data[at + i]));
    if (zone.type_of_.back() >= counts->type) return std::nullopt;
  }
  at += counts->time;
  const std::string_view chars = data.substr(at + counts->type * 6, counts->chars);
  for (std::size_t i = 0; i < counts->type; ++i) {
    const auto entry = data.substr(at + i * 6, 6);
    Type type;
    type.offset = static_cast<std::int32_t>(big_endian(entry.substr(0, 4)));
    const auto index = static_cast<unsigned char>(entry[5]);
    if (index < chars.size()) {
      const auto text = chars.substr(index);
      type.abbreviation = std::string(text.substr(0, text.find('\0')));
    }
    zone.types_.push_back(std::move(type));
  }
  return zone;
}

TimeZone::Local TimeZone::at(std::int64_t unix_seconds) const {
  if (types_.empty()) return {0, "UTC"};
  const auto after = std::upper_bound(transitions_.begin(), transitions_.end(), unix_seconds);
  // Before the first transition the zone used its first local time type.
  const Type& type =
      after == transitions_.begin() ? types_.front() : types_[type_of_[after - transitions_.begin() - 1]];
  return {type.offset, type.abbreviation};
}

std::string describe_local_time(const TimeZone& zone, std::int64_t unix_ms) {
  using namespace std::chrono;
  const std::int64_t seconds = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
  const auto local = zone.at(seconds);
  const sys_seconds instant{std::chrono::seconds(seconds + local.offset_seconds)};
  const auto day = floor<days>(instant);
  const year_month_day date{day};
  const hh_mm_ss time{instant - day};
  static constexpr std::array<std::string_view, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                                "Thursday", "Friday", "Saturday"};
  static constexpr std::array<std::string_view, 12> kMonths = {"January",   "February", "March",    "April",
                                                               "May",       "June",     "July",     "August",
                                                               "September", "October",  "November", "December"};
  const int offset_minutes = std::abs(local.offset_seconds) / 60;
  return fmt::format("{}, {} {}, {}, {:02}:{:02} {}({}, UTC{}{:02}:{:02})", kWeekdays[weekday{day}.c_encoding()],
                     kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<unsigned>(date.day()),
                     static_cast<int>(date.year()), time.hours().count(), time.minutes().count(),
                     local.abbreviation.empty() ? std::string{} : local.abbreviation + " ", zone.name(),
                     local.offset_seconds < 0 ? '-' : '+', offset_minutes / 60, offset_minutes % 60);
}

}  // namespace dbot::features::ai::chat
