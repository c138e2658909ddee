// backup -> restore --verify -> restore through the real binary, and
// `db schemas` listing owner, size and last activity.

#include <gtest/gtest.h>

#include "e2e/ops/ops_e2e_support.hpp"

namespace dbot::test::ops {
namespace {

std::vector<std::filesystem::path> dumps_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(BackupE2E, BackupVerifyRestoreRoundTrip) {
  TempDir dir;
  FreshDatabase db;
  ASSERT_FALSE(db.url().empty());
  const auto instance = ops_instance(dir.path(), "bot", db.url(), "roundtrip", "!");
  ASSERT_EQ(discord_bot({"migrate", instance.string()}).exit_code, 0);
  db.sql("INSERT INTO roundtrip.guild_settings (guild_id, dj_mode_enabled) VALUES ('42', true)");
  db.sql("INSERT INTO roundtrip.stock_portfolios (guild_id, user_id, cash_balance) VALUES ('42', '7', 1234.5678)");

  const auto backup = discord_bot({"backup", instance.string()});
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  const auto files = dumps_in(instance / "data/backups");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_NE(backup.output.find(files[0].string()), std::string::npos) << backup.output;

  db.sql("DELETE FROM roundtrip.guild_settings");
  db.sql("UPDATE roundtrip.stock_portfolios SET cash_balance = 0");

  const auto verify = discord_bot({"restore", "--verify", instance.string(), files[0].string()});
  ASSERT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("scratch schema dropped"), std::string::npos) << verify.output;
  EXPECT_EQ(db.sql("SELECT count(*) FROM roundtrip.guild_settings"), "0\n");  // live schema untouched

  const auto restore = discord_bot({"restore", instance.string(), files[0].string()});
  ASSERT_EQ(restore.exit_code, 0) << restore.output;
  EXPECT_EQ(db.sql("SELECT guild_id || ':' || dj_mode_enabled FROM roundtrip.guild_settings"), "42:true\n");
  EXPECT_EQ(db.sql("SELECT cash_balance FROM roundtrip.stock_portfolios"), "1234.5678\n");
  EXPECT_EQ(dumps_in(instance / "data/backups").size(), 2u);  // + the pre-restore safety dump
  EXPECT_EQ(db.sql("SELECT string_agg(kind || ':' || ok, ',' ORDER BY id) FROM roundtrip.ops_backups"),
            "backup:true,verify:true,backup:true,restore:true\n");  // the second backup is the safety dump
}

TEST(BackupE2E, BadInputGetsAClearMessage) {
  TempDir dir;
  FreshDatabase db;
  ASSERT_FALSE(db.url().empty());
  const auto instance = ops_instance(dir.path(), "bot", db.url(), "badinput", "!");
  ASSERT_EQ(discord_bot({"migrate", instance.string()}).exit_code, 0);
  write_file(dir.path() / "not-a-dump.dump", "hello");
  const auto verify =
      discord_bot({"restore", "--verify", instance.string(), (dir.path() / "not-a-dump.dump").string()});
  EXPECT_EQ(verify.exit_code, 1) << verify.output;
  EXPECT_NE(verify.output.find("verify failed"), std::string::npos) << verify.output;
  const auto missing = discord_bot({"restore", instance.string(), (dir.path() / "nope.dump").string()});
  EXPECT_NE(missing.exit_code, 0) << missing.output;
  // The schema is as it was.
  EXPECT_EQ(db.sql("SELECT count(*) > 0 FROM badinput.schema_migrations"), "t\n");
}

TEST(DbSchemasE2E, ListsOwnerSizeLastActivityAndStaleSchemas) {
  TempDir dir;
  FreshDatabase db;
  ASSERT_FALSE(db.url().empty());
  const auto one = ops_instance(dir.path(), "one", db.url(), "schema_one", "!");
  const auto two = ops_instance(dir.path(), "two", db.url(), "schema_two", "?");
  const auto gone = ops_instance(dir.path(), "gone", db.url(), "schema_gone", "$");
  ASSERT_EQ(discord_bot({"migrate", one.string(), two.string(), gone.string()}).exit_code, 0);
  db.sql(
      "INSERT INTO schema_one.instance_lease (holder, hostname, pid, version, heartbeat_at) VALUES ('one', 'h', 1, "
      "'0.1.0', '2026-11-01 10:00:00+00')");

  const auto result = discord_bot({"db", "schemas", one.string(), two.string()});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::map<std::string, std::string> rows;
  std::istringstream lines(result.output);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string name;
    words >> name;
    rows[name] = line;
  }
  ASSERT_TRUE(rows.contains("SCHEMA")) << result.output;
  EXPECT_NE(rows["SCHEMA"].find("LAST ACTIVITY"), std::string::npos);
  ASSERT_TRUE(rows.contains("schema_one")) << result.output;
  EXPECT_NE(rows["schema_one"].find(one.string()), std::string::npos) << rows["schema_one"];
  EXPECT_NE(rows["schema_one"].find("KiB"), std::string::npos) << rows["schema_one"];
  EXPECT_NE(rows["schema_one"].find("2026-11-01 10:00:00"), std::string::npos) << rows["schema_one"];
  EXPECT_NE(rows["schema_two"].find(two.string()), std::string::npos) << rows["schema_two"];
  EXPECT_NE(rows["schema_gone"].find("(no instance: stale?)"), std::string::npos) << rows["schema_gone"];
}

}  // namespace
}  // namespace dbot::test::ops

namespace dbot::test::ops {
namespace {

// Without DATABASE_URL the instance's embedded cluster is dumped and
// verified the same way (the Postgres tools reach it over its private socket).
TEST(BackupE2E, EmbeddedDatabaseBacksUpAndVerifies) {
  TempDir dir;
  // As root the embedded server runs as `postgres`, which must reach the directory.
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                                               std::filesystem::perms::others_exec);
  const auto instance = ops_instance(dir.path(), "bot", "", "embedded_bot", "!");
  // ops_instance wrote DATABASE_URL= (empty means unset).
  const auto migrated = discord_bot({"migrate", instance.string()});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.output;
  const auto backup = discord_bot({"backup", instance.string()});
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  const auto files = dumps_in(instance / "data/backups");
  ASSERT_EQ(files.size(), 1u);
  const auto verify = discord_bot({"restore", "--verify", instance.string(), files[0].string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("verified"), std::string::npos) << verify.output;
}

}  // namespace
}  // namespace dbot::test::ops
