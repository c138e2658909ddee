#pragma once
// Backup file names and retention. A dump is named
// `<schema>-<YYYYMMDDTHHMMSSZ>[-<label>].dump` (UTC), so names sort by time
// within a schema and carry nothing secret. Pure functions: unit-tested.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbot::ops {

using Clock = std::chrono::system_clock;

// "example-20261127T031500Z.dump", or "...Z-pre-restore.dump" with a label.
std::string backup_file_name(std::string_view schema, Clock::time_point when, std::string_view label = {});

// The time encoded in a name made by backup_file_name for `schema`; nullopt
// for any other file (another schema's dump, a partial file, a stray file).
std::optional<Clock::time_point> parse_backup_time(std::string_view file_name, std::string_view schema);

struct BackupFile {
  std::filesystem::path path;
  Clock::time_point taken_at;
};

// The schema's dumps in `dir`, oldest first. A missing directory is empty.
std::vector<BackupFile> list_backups(const std::filesystem::path& dir, std::string_view schema);

// The dumps retention removes: older than `keep_days` before `now`, except
// the newest dump, which is always kept (a stopped cron job must never leave
// an operator with nothing).
std::vector<BackupFile> expired_backups(const std::vector<BackupFile>& backups, unsigned keep_days,
                                        Clock::time_point now);

// "20261127T031500Z".
std::string compact_utc(Clock::time_point when);

}  // namespace dbot::ops
