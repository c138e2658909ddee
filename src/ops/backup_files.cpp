#include "ops/backup_files.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

#include <fmt/format.h>

namespace dbot::ops {

std::string compact_utc(Clock::time_point when) {
  const std::time_t seconds = Clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                     utc.tm_min, utc.tm_sec);
}

std::string backup_file_name(std::string_view schema, Clock::time_point when, std::string_view label) {
  std::string name = fmt::format("{}-{}", schema, compact_utc(when));
  if (!label.empty()) name += fmt::format("-{}", label);
  return name + ".dump";
}

std::optional<Clock::time_point> parse_backup_time(std::string_view file_name, std::string_view schema) {
  constexpr std::string_view kSuffix = ".dump";
  constexpr std::size_t kStampLength = 16;  // YYYYMMDDTHHMMSSZ
  if (file_name.size() < schema.size() + 1 + kStampLength + kSuffix.size()) return std::nullopt;
  if (file_name.substr(0, schema.size()) != schema || file_name[schema.size()] != '-') return std::nullopt;
  if (file_name.substr(file_name.size() - kSuffix.size()) != kSuffix) return std::nullopt;
  const auto stamp = file_name.substr(schema.size() + 1, kStampLength);
  const auto rest = file_name.substr(schema.size() + 1 + kStampLength,
                                     file_name.size() - kSuffix.size() - schema.size() - 1 - kStampLength);
  // Either nothing or "-label" follows the stamp; a schema "a" must not claim
  // "a-b-2026...dump" of schema "a-b" (schema names have no '-', but be strict).
  if (!rest.empty() && (rest[0] != '-' || rest.size() == 1)) return std::nullopt;
  for (std::size_t i = 0; i < kStampLength; ++i) {
    const char c = stamp[i];
    const bool ok = i == 8 ? c == 'T' : i == 15 ? c == 'Z' : std::isdigit(static_cast<unsigned char>(c)) != 0;
    if (!ok) return std::nullopt;
  }
  auto number = [&](std::size_t pos, std::size_t length) {
    int value = 0;
    for (std::size_t i = pos; i < pos + length; ++i) value = value * 10 + (stamp[i] - '0');
    return value;
  };
  std::tm utc{};
  utc.tm_year = number(0, 4) - 1900;
  utc.tm_mon = number(4, 2) - 1;
  utc.tm_mday = number(6, 2);
  utc.tm_hour = number(9, 2);
  utc.tm_min = number(11, 2);
  utc.tm_sec = number(13, 2);
  if (utc.tm_mon < 0 || utc.tm_mon > 11 || utc.tm_mday < 1 || utc.tm_mday > 31 || utc.tm_hour > 23 || utc.tm_min > 59 ||
      utc.tm_sec > 60) {
    return std::nullopt;
  }
  return Clock::from_time_t(timegm(&utc));
}

std::vector<BackupFile> list_backups(const std::filesystem::path& dir, std::string_view schema) {
  std::vector<BackupFile> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    const auto name = entry.path().filename().string();
    if (auto when = parse_backup_time(name, schema)) files.push_back({entry.path(), *when});
  }
  std::sort(files.begin(), files.end(), [](const BackupFile& a, const BackupFile& b) {
    return a.taken_at != b.taken_at ? a.taken_at < b.taken_at : a.path < b.path;
  });
  return files;
}

std::vector<BackupFile> expired_backups(const std::vector<BackupFile>& backups, unsigned keep_days,
                                        Clock::time_point now) {
  std::vector<BackupFile> expired;
  if (backups.size() <= 1) return expired;
  const auto cutoff = now - std::chrono::hours(24) * keep_days;
  // `backups` is oldest first; the last one is never expired.
  for (std::size_t i = 0; i + 1 < backups.size(); ++i) {
    if (backups[i].taken_at < cutoff) expired.push_back(backups[i]);
  }
  return expired;
}

}  // namespace dbot::ops
