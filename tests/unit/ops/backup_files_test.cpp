#include "ops/backup_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace dbot::ops {
namespace {

Clock::time_point at(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  std::tm utc{};
  utc.tm_year = year - 1900;
  utc.tm_mon = month - 1;
  utc.tm_mday = day;
  utc.tm_hour = hour;
  utc.tm_min = minute;
  utc.tm_sec = second;
  return Clock::from_time_t(timegm(&utc));
}

TEST(BackupFiles, NamesSortByTimeAndCarryOnlySchemaAndTime) {
  EXPECT_EQ(backup_file_name("example", at(2026, 11, 27, 3, 15, 0)), "example-20261127T031500Z.dump");
  EXPECT_EQ(backup_file_name("example", at(2026, 1, 2, 3, 4, 5), "pre-restore"),
            "example-20260102T030405Z-pre-restore.dump");
  EXPECT_LT(backup_file_name("s", at(2026, 9, 30, 23, 59, 59)), backup_file_name("s", at(2026, 10, 1)));
}

TEST(BackupFiles, ParsesItsOwnNamesOnly) {
  const auto when = at(2026, 11, 27, 3, 15, 0);
  EXPECT_EQ(parse_backup_time(backup_file_name("example", when), "example"), when);
  EXPECT_EQ(parse_backup_time(backup_file_name("example", when, "pre-restore"), "example"), when);
  EXPECT_FALSE(parse_backup_time("example-20261127T031500Z.dump", "exam"));
  EXPECT_FALSE(parse_backup_time("example-20261127T031500Z.dump", "other"));
  EXPECT_FALSE(parse_backup_time("example-20261127T031500Z.dump.partial", "example"));
  EXPECT_FALSE(parse_backup_time("example-2026112XT031500Z.dump", "example"));
  EXPECT_FALSE(parse_backup_time("example-20261327T031500Z.dump", "example"));
  EXPECT_FALSE(parse_backup_time("example-20261127T031500Z-.dump", "example"));
  EXPECT_FALSE(parse_backup_time("example-20261127T031500Zx.dump", "example"));
  EXPECT_FALSE(parse_backup_time("notes.txt", "example"));
}

TEST(BackupFiles, RetentionRemovesOldDumpsButNeverTheNewest) {
  const auto now = at(2026, 11, 27, 12);
  std::vector<BackupFile> files = {
      {"a", at(2026, 9, 1)}, {"b", at(2026, 10, 20)}, {"c", at(2026, 10, 29)}, {"d", at(2026, 11, 26)}};
  auto expired = expired_backups(files, 30, now);
  ASSERT_EQ(expired.size(), 2u);
  EXPECT_EQ(expired[0].path, "a");
  EXPECT_EQ(expired[1].path, "b");

  // Every dump is old: the newest one stays.
  expired = expired_backups(files, 1, at(2027, 6, 1));
  ASSERT_EQ(expired.size(), 3u);
  EXPECT_EQ(expired.back().path, "c");
  EXPECT_TRUE(expired_backups({{"only", at(2020, 1, 1)}}, 1, now).empty());
  EXPECT_TRUE(expired_backups({}, 1, now).empty());
}

TEST(BackupFiles, ListsOneSchemasDumpsOldestFirst) {
  std::string pattern = "/tmp/dbot-backup-files-XXXXXX";
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path dir = pattern;
  for (const char* name : {"alpha-20261127T000000Z.dump", "alpha-20261101T000000Z.dump",
                           "alpha-20261115T000000Z-pre-restore.dump", "alpha-20261128T000000Z.dump.partial",
                           "alphabet-20261101T000000Z.dump", "beta-20261101T000000Z.dump", "README"}) {
    std::ofstream(dir / name) << "x";
  }
  const auto files = list_backups(dir, "alpha");
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].path.filename(), "alpha-20261101T000000Z.dump");
  EXPECT_EQ(files[1].path.filename(), "alpha-20261115T000000Z-pre-restore.dump");
  EXPECT_EQ(files[2].path.filename(), "alpha-20261127T000000Z.dump");
  EXPECT_TRUE(list_backups(dir / "missing", "alpha").empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dbot::ops
