#include "core/time_zone.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace dbot {
namespace chr = std::chrono;

namespace {

// ---- POSIX TZ strings ---------------------------------------------------------

class RuleReader {
 public:
  explicit RuleReader(std::string_view text) : text_(text) {}
  bool done() const { return pos_ == text_.size(); }
  bool take(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool at_name() const {
    return pos_ < text_.size() && (text_[pos_] == '<' || std::isalpha(static_cast<unsigned char>(text_[pos_])));
  }
  // "EST" or "<-03>": at least three characters.
  bool name() {
    if (take('<')) {
      const auto close = text_.find('>', pos_);
      if (close == std::string_view::npos || close - pos_ < 3) return false;
      pos_ = close + 1;
      return true;
    }
    const auto start = pos_;
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return pos_ - start >= 3;
  }
  std::optional<unsigned> number(unsigned max) {
    const auto start = pos_;
    unsigned value = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])) && pos_ - start < 4) {
      value = value * 10 + static_cast<unsigned>(text_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start || value > max) return std::nullopt;
    return value;
  }
  // [+-]hh[:mm[:ss]]; hours up to 167 (RFC 8536's extension for rule times).
  std::optional<chr::seconds> duration() {
    const bool negative = take('-');
    if (!negative) take('+');
    const auto hours = number(167);
    if (!hours) return std::nullopt;
    chr::seconds value = chr::hours(*hours);
    if (take(':')) {
      const auto minutes = number(59);
      if (!minutes) return std::nullopt;
      value += chr::minutes(*minutes);
      if (take(':')) {
        const auto seconds = number(59);
        if (!seconds) return std::nullopt;
        value += chr::seconds(*seconds);
      }
    }
    return negative ? -value : value;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// ---- TZif ------------------------------------------------------------------

class Bytes {
 public:
  explicit Bytes(std::string_view data) : data_(data) {}
  bool has(std::size_t n) const { return data_.size() - pos_ >= n; }
  std::uint32_t u32() {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(data_[pos_++]);
    return value;
  }
  std::int64_t i64() {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(data_[pos_++]);
    return static_cast<std::int64_t>(value);
  }
  unsigned char u8() { return static_cast<unsigned char>(data_[pos_++]); }
  void skip(std::size_t n) { pos_ += n; }
  std::string_view rest() const { return data_.substr(pos_); }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

struct Counts {
  std::uint32_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

std::optional<std::pair<char, Counts>> read_header(Bytes& in) {
  if (!in.has(44)) return std::nullopt;
  const std::string_view magic = in.rest().substr(0, 4);
  if (magic != "TZif") return std::nullopt;
  in.skip(4);
  const char version = static_cast<char>(in.u8());
  in.skip(15);
  Counts c;
  c.isut = in.u32();
  c.isstd = in.u32();
  c.leap = in.u32();
  c.time = in.u32();
  c.type = in.u32();
  c.chars = in.u32();
  // Bounds far above any real zone keep the size arithmetic below safe.
  if (c.type == 0 || c.type > 256 || c.time > 100000 || c.chars > 65536 || c.leap > 100000 || c.isut > 256 ||
      c.isstd > 256) {
    return std::nullopt;
  }
  return std::pair{version, c};
}

}  // namespace

chr::sys_seconds PosixTimeZoneRule::Transition::in_year(int year, chr::seconds offset_before) const {
  const chr::year y{year};
  chr::sys_days date;
  switch (kind) {
    case Kind::month_week_day: {
      const auto first = chr::sys_days(y / chr::month(month) / 1);
      const unsigned first_weekday = chr::weekday(first).c_encoding();
      unsigned day_of_month = 1 + (weekday + 7 - first_weekday) % 7 + (week - 1) * 7;
      const unsigned last = static_cast<unsigned>((y / chr::month(month) / chr::last).day());
      while (day_of_month > last) day_of_month -= 7;  // week 5: the last such weekday
      date = first + chr::days(day_of_month - 1);
      break;
    }
    case Kind::julian_no_leap: {
      // 1-365, February 29 never counted.
      unsigned index = day - 1;
      if (y.is_leap() && day >= 60) ++index;
      date = chr::sys_days(y / chr::January / 1) + chr::days(index);
      break;
    }
    case Kind::julian_zero: date = chr::sys_days(y / chr::January / 1) + chr::days(day); break;
  }
  return chr::sys_seconds(date) + time - offset_before;
}

std::optional<PosixTimeZoneRule> PosixTimeZoneRule::parse(std::string_view text) {
  RuleReader in(text);
  PosixTimeZoneRule rule;
  if (!in.name()) return std::nullopt;
  const auto standard = in.duration();
  if (!standard) return std::nullopt;
  rule.standard_offset_ = -*standard;  // POSIX counts west of UTC as positive
  if (in.done()) return rule;
  if (!in.at_name() || !in.name()) return std::nullopt;
  rule.daylight_offset_ = rule.standard_offset_ + chr::hours(1);
  if (!in.done() && !in.take(',')) {
    const auto daylight = in.duration();
    if (!daylight) return std::nullopt;
    rule.daylight_offset_ = -*daylight;
    if (!in.take(',')) return std::nullopt;
  } else if (in.done()) {
    return std::nullopt;  // daylight time without rules: implementation-defined, refused
  }
  const auto transition = [&in](Transition& t) {
    if (in.take('M')) {
      const auto month = in.number(12);
      if (!month || *month == 0 || !in.take('.')) return false;
      const auto week = in.number(5);
      if (!week || *week == 0 || !in.take('.')) return false;
      const auto weekday = in.number(6);
      if (!weekday) return false;
      t.kind = Transition::Kind::month_week_day;
      t.month = *month;
      t.week = *week;
      t.weekday = *weekday;
    } else if (in.take('J')) {
      const auto day = in.number(365);
      if (!day || *day == 0) return false;
      t.kind = Transition::Kind::julian_no_leap;
      t.day = *day;
    } else {
      const auto day = in.number(365);
      if (!day) return false;
      t.kind = Transition::Kind::julian_zero;
      t.day = *day;
    }
    if (in.take('/')) {
      const auto time = in.duration();
      if (!time) return false;
      t.time = *time;
    }
    return true;
  };
  if (!transition(rule.start_) || !in.take(',') || !transition(rule.end_) || !in.done()) return std::nullopt;
  return rule;
}

chr::seconds PosixTimeZoneRule::utc_offset(chr::sys_seconds at) const {
  if (!daylight_offset_) return standard_offset_;
  // The year as the local standard time sees it; the transitions of that year.
  const int year = static_cast<int>(chr::year_month_day(chr::floor<chr::days>(at + standard_offset_)).year());
  const auto starts = start_.in_year(year, standard_offset_);
  const auto ends = end_.in_year(year, *daylight_offset_);
  const bool daylight = starts < ends ? (at >= starts && at < ends)   // northern hemisphere
                                      : (at < ends || at >= starts);  // southern: DST spans the new year
  return daylight ? *daylight_offset_ : standard_offset_;
}

std::optional<TimeZone> TimeZone::parse(std::string_view tzif) {
  Bytes in(tzif);
  auto header = read_header(in);
  if (!header) return std::nullopt;
  auto [version, counts] = *header;
  std::size_t time_size = 4;
  if (version >= '2') {
    // Skip the 32-bit block; the 64-bit one after it covers every instant.
    const std::size_t v1 =
        counts.time * 5 + counts.type * 6 + counts.chars + counts.leap * 8 + counts.isstd + counts.isut;
    if (!in.has(v1)) return std::nullopt;
    in.skip(v1);
    header = read_header(in);
    if (!header) return std::nullopt;
    counts = header->second;
    time_size = 8;
  }
  const std::size_t block = counts.time * (time_size + 1) + counts.type * 6 + counts.chars +
                            counts.leap * (time_size + 4) + counts.isstd + counts.isut;
  if (!in.has(block)) return std::nullopt;
  TimeZone zone;
  zone.transitions_.reserve(counts.time);
  for (std::uint32_t i = 0; i < counts.time; ++i) {
    zone.transitions_.push_back(time_size == 8 ? in.i64() : static_cast<std::int32_t>(in.u32()));
  }
  std::vector<unsigned char> type_of(counts.time);
  for (auto& type : type_of) {
    type = in.u8();
    if (type >= counts.type) return std::nullopt;
  }
  std::vector<std::int32_t> offsets(counts.type);
  for (auto& offset : offsets) {
    offset = static_cast<std::int32_t>(in.u32());
    in.skip(2);  // isdst, abbreviation index
  }
  in.skip(counts.chars + counts.leap * (time_size + 4) + counts.isstd + counts.isut);
  if (!std::is_sorted(zone.transitions_.begin(), zone.transitions_.end())) return std::nullopt;
  for (const auto type : type_of) zone.offset_after_.push_back(offsets[type]);
  zone.offset_before_first_ = offsets[0];  // RFC 8536: time type 0 before the first transition
  if (time_size == 8) {
    // The footer: "\n<POSIX TZ rule>\n", possibly empty.
    const auto rest = in.rest();
    if (rest.size() >= 2 && rest.front() == '\n') {
      const auto end = rest.find('\n', 1);
      if (end != std::string_view::npos && end > 1) zone.footer_ = PosixTimeZoneRule::parse(rest.substr(1, end - 1));
    }
  }
  return zone;
}

std::optional<TimeZone> TimeZone::load(std::string_view name, const std::filesystem::path& zoneinfo_dir) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) return std::nullopt;
  std::ifstream in(zoneinfo_dir / std::string(name), std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes;
  // Real zones are a few KiB; a cap keeps a wrong path from reading a huge file.
  constexpr std::size_t kMaxBytes = 1 << 20;
  bytes.resize(kMaxBytes + 1);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  const auto got = static_cast<std::size_t>(in.gcount());
  if (got > kMaxBytes) return std::nullopt;
  bytes.resize(got);
  return parse(bytes);
}

chr::seconds TimeZone::utc_offset(chr::sys_seconds at) const {
  const auto t = at.time_since_epoch().count();
  if (transitions_.empty() || t >= transitions_.back()) {
    if (footer_) return footer_->utc_offset(at);
    return chr::seconds(transitions_.empty() ? offset_before_first_ : offset_after_.back());
  }
  if (t < transitions_.front()) return chr::seconds(offset_before_first_);
  const auto after = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return chr::seconds(offset_after_[static_cast<std::size_t>(after - transitions_.begin()) - 1]);
}

chr::year_month_day TimeZone::local_date(chr::system_clock::time_point at) const {
  const auto seconds = chr::floor<chr::seconds>(at);
  return chr::year_month_day(chr::floor<chr::days>(seconds + utc_offset(seconds)));
}

}  // namespace dbot
