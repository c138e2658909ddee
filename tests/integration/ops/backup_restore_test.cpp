// backup -> restore --verify -> restore round trips against the test
// Postgres, with data in every table the migrations create.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "core/error.hpp"
#include "db/migrations.hpp"
#include "db/schema_lease.hpp"
#include "integration/ops/ops_db_support.hpp"
#include "ops/backup.hpp"
#include "ops/backup_log.hpp"

namespace dbot::ops {
namespace {

using db::testing::run;
using testing::fill_every_table;
using testing::fingerprint;
using testing::sql;

class BackupRestore : public db::testing::DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    std::string pattern = "/tmp/dbot-backup-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    schema_ = schema("live");
    run(db::migrate(url(), schema_));
    const auto empty = fill_every_table(url(), schema_);
    for (const auto& [table, error] : empty) {
      // A table this test cannot synthesize a row for is still round-tripped
      // (empty); say which, so the test can learn about it.
      std::cout << "[ NOTE ] no synthesized row for " << table << ": " << error << "\n";
    }
    // Large values are stored out of line (TOAST): make sure those survive too.
    sql(url(), fmt::format("CREATE TABLE {}.payload (id serial PRIMARY KEY, body text, blob bytea, doc jsonb, "
                           "amounts numeric(18,4)[])",
                           db::quote_identifier(schema_)));
    sql(url(), fmt::format("INSERT INTO {}.payload (body, blob, doc, amounts) SELECT repeat(md5(g::text), 4000), "
                           "decode(repeat('00ff', 50000), 'hex'), jsonb_build_object('g', g), ARRAY[g * 1.5, NULL] "
                           "FROM generate_series(1, 20) g",
                           db::quote_identifier(schema_)));
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    if (url().empty()) return;
    // Scratch schemas a failed verify might leave behind.
    const auto pid = std::to_string(::getpid());
    auto left = sql(url(), fmt::format("SELECT nspname FROM pg_namespace WHERE nspname IN (SELECT 'dbot_' || k || '_' "
                                       "|| '{}' FROM unnest(ARRAY['verify','hold','previous']) k) OR nspname ~ "
                                       "'^dbot_(verify|hold|previous)_{}_'",
                                       pid, pid));
    EXPECT_EQ(left.rows(), 0u) << "a scratch schema was left behind";
    DatabaseTest::TearDown();
  }

  BackupTarget target() const {
    BackupTarget t;
    t.url = url();
    t.schema = schema_;
    t.dir = dir_ / "backups";
    t.keep_days = 30;
    return t;
  }

  std::size_t table_count() const { return testing::tables_of(url(), schema_).size(); }

  std::filesystem::path dir_;
  std::string schema_;
};

TEST_F(BackupRestore, RoundTripRestoresEveryTableExactly) {
  const auto before = fingerprint(url(), schema_, {"ops_backups"});
  ASSERT_GE(before.size(), 5u);
  for (const auto& [table, print] : before) {
    if (table != "instance_lease") {
      EXPECT_FALSE(print.starts_with("0:")) << table << " has no data";
    }
  }

  const auto backup = run_backup(target());
  ASSERT_TRUE(std::filesystem::exists(backup.file));
  EXPECT_GT(backup.size_bytes, 0);
  EXPECT_TRUE(backup.recorded);
  struct stat info {};
  ASSERT_EQ(::stat(backup.file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(backup.file.filename().string().find(schema_ + "-"), 0u);

  // Damage the live schema after the backup.
  sql(url(), fmt::format("DELETE FROM {}.payload WHERE id > 5", db::quote_identifier(schema_)));
  sql(url(), fmt::format("UPDATE {}.mcp_calls SET tool = 'changed'", db::quote_identifier(schema_)));
  const auto damaged = fingerprint(url(), schema_, {"ops_backups"});
  ASSERT_NE(damaged, before);

  // --verify reads the dump in a throwaway schema and leaves the live one alone.
  const auto verified = verify_backup(url(), schema_, backup.file);
  EXPECT_EQ(static_cast<std::size_t>(verified.tables), table_count());
  EXPECT_GT(verified.rows, 20);
  EXPECT_TRUE(verified.recorded);
  EXPECT_EQ(fingerprint(url(), schema_, {"ops_backups"}), damaged);
  EXPECT_EQ(sql(url(), fmt::format("SELECT to_regnamespace('{}') IS NULL AS gone", verified.scratch_schema))
                .get<bool>(0, "gone"),
            true);

  const auto restored = restore_backup(target(), backup.file);
  EXPECT_EQ(fingerprint(url(), schema_, {"ops_backups"}), before);
  EXPECT_TRUE(std::filesystem::exists(restored.safety_backup));
  EXPECT_TRUE(restored.migrations_applied.empty());

  // The record of the backup and the verify survives the restore.
  const auto runs = run(last_backup_runs(url(), schema_));
  EXPECT_TRUE(runs.backup_age_seconds.has_value());
  EXPECT_TRUE(runs.verify_age_seconds.has_value());
  EXPECT_TRUE(runs.restore_age_seconds.has_value());
  EXPECT_FALSE(runs.last_failure.has_value());
}

TEST_F(BackupRestore, RestoreRefusesWhileAnInstanceHoldsTheSchema) {
  const auto backup = run_backup(target());
  sql(url(), fmt::format("DELETE FROM {}.payload", db::quote_identifier(schema_)));
  const auto live = fingerprint(url(), schema_, {"ops_backups"});

  boost::asio::io_context io;
  db::LeaseOptions options(url(), schema_, "test instance");
  auto future = boost::asio::co_spawn(io, db::SchemaLease::acquire(options), boost::asio::use_future);
  io.run();
  auto lease = future.get();

  try {
    restore_backup(target(), backup.file);
    ADD_FAILURE() << "restore ran while the schema was in use";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
  }
  EXPECT_EQ(fingerprint(url(), schema_, {"ops_backups"}), live);
  lease.reset();
}

TEST_F(BackupRestore, RestoreFromAnotherSchemasDumpLeavesThatSchemaAlone) {
  const auto other = schema("other");
  run(db::migrate(url(), other));
  sql(url(),
      fmt::format("INSERT INTO {}.guild_settings (guild_id) VALUES ('from-other')", db::quote_identifier(other)));
  BackupTarget source = target();
  source.schema = other;
  const auto dump = run_backup(source);
  const auto other_before = fingerprint(url(), other);

  restore_backup(target(), dump.file);
  EXPECT_EQ(sql(url(), fmt::format("SELECT count(*) AS n FROM {}.guild_settings WHERE guild_id = 'from-other'",
                                   db::quote_identifier(schema_)))
                .get<std::int64_t>(0, "n"),
            1);
  EXPECT_EQ(fingerprint(url(), other), other_before);
}

TEST_F(BackupRestore, ADumpHoldingAnotherSchemaIsRefusedAndChangesNothing) {
  const auto other = schema("other");
  run(db::migrate(url(), other));
  // A dump of two schemas, as pg_dump -n a -n b makes it.
  const auto file = dir_ / "two.dump";
  const auto dumped = std::system(fmt::format("pg_dump '{}' --format=custom --schema={} --schema={} --file='{}'", url(),
                                              schema_, other, file.string())
                                      .c_str());
  ASSERT_EQ(dumped, 0);
  const auto live = fingerprint(url(), schema_, {"ops_backups"});
  const auto other_before = fingerprint(url(), other);

  for (const bool in_place : {false, true}) {
    try {
      if (in_place) {
        restore_backup(target(), file);
      } else {
        verify_backup(url(), schema_, file);
      }
      ADD_FAILURE() << "a dump of two schemas must be refused";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("more than one schema"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(fingerprint(url(), schema_, {"ops_backups"}), live);
  EXPECT_EQ(fingerprint(url(), other), other_before);
}

TEST_F(BackupRestore, VerifyOfADamagedDumpFailsAndIsRecorded) {
  const auto backup = run_backup(target());
  const auto live = fingerprint(url(), schema_, {"ops_backups"});
  auto bytes = std::filesystem::file_size(backup.file);
  std::filesystem::resize_file(backup.file, bytes / 2);  // a truncated download, say

  EXPECT_THROW(verify_backup(url(), schema_, backup.file), Error);
  EXPECT_EQ(fingerprint(url(), schema_, {"ops_backups"}), live);
  const auto runs = run(last_backup_runs(url(), schema_));
  ASSERT_TRUE(runs.last_failure.has_value());
  EXPECT_EQ(runs.last_failure->find("verify: "), 0u) << *runs.last_failure;
  EXPECT_FALSE(runs.verify_age_seconds.has_value());

  // A failed in-place restore leaves the live schema as it was.
  EXPECT_THROW(restore_backup(target(), backup.file), Error);
  EXPECT_EQ(fingerprint(url(), schema_, {"ops_backups"}), live);
}

TEST_F(BackupRestore, RetentionPrunesOldDumpsAfterAGoodBackup) {
  const auto dir = target().dir;
  std::filesystem::create_directories(dir);
  const auto now = Clock::now();
  const auto old1 = dir / backup_file_name(schema_, now - std::chrono::hours(24 * 45));
  const auto old2 = dir / backup_file_name(schema_, now - std::chrono::hours(24 * 31), "pre-restore");
  const auto recent = dir / backup_file_name(schema_, now - std::chrono::hours(24 * 29));
  const auto foreign = dir / backup_file_name("someone_else", now - std::chrono::hours(24 * 400));
  for (const auto& path : {old1, old2, recent, foreign}) std::ofstream(path) << "x";

  const auto result = run_backup(target());
  EXPECT_EQ(result.pruned.size(), 2u);
  EXPECT_FALSE(std::filesystem::exists(old1));
  EXPECT_FALSE(std::filesystem::exists(old2));
  EXPECT_TRUE(std::filesystem::exists(recent));
  EXPECT_TRUE(std::filesystem::exists(foreign));
  EXPECT_TRUE(std::filesystem::exists(result.file));
}

TEST_F(BackupRestore, FailedBackupIsRecorded) {
  sql(url(), fmt::format("DELETE FROM {}.ops_backups", db::quote_identifier(schema_)));  // the synthesized rows
  const auto blocker = dir_ / "not-a-directory";
  std::ofstream(blocker) << "x";
  BackupTarget t = target();
  t.dir = blocker / "backups";
  EXPECT_THROW(run_backup(t), Error);
  const auto runs = run(last_backup_runs(url(), schema_));
  ASSERT_TRUE(runs.last_failure.has_value());
  EXPECT_EQ(runs.last_failure->find("backup: "), 0u) << *runs.last_failure;
  EXPECT_FALSE(runs.backup_age_seconds.has_value());
}

TEST_F(BackupRestore, FailedBackupDeletesNothing) {
  const auto dir = target().dir;
  std::filesystem::create_directories(dir);
  const auto old = dir / backup_file_name(schema_, Clock::now() - std::chrono::hours(24 * 90));
  std::ofstream(old) << "x";
  BackupTarget broken = target();
  // The right server, a user that does not exist: pg_dump fails.
  broken.url = url() + (url().find('?') == std::string::npos ? "?" : "&") + "user=no_such_user_here";
  EXPECT_THROW(run_backup(broken), Error);
  EXPECT_TRUE(std::filesystem::exists(old));
  EXPECT_EQ(testing::tables_of(url(), schema_).empty(), false);
  std::size_t partials = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) partials += entry.path().extension() == ".partial";
  EXPECT_EQ(partials, 0u);
}

TEST_F(BackupRestore, PasswordNeverReachesTheCommandLineOrErrors) {
  // A wrong password on a trust-auth test server is ignored by the server,
  // but must still travel only in the environment; errors must not show it.
  BackupTarget t = target();
  t.schema = "no_such_schema_here";
  const std::string password = "Sup3r-s3cret-pw";
  auto with_password = url();
  const auto at = with_password.find('@');
  ASSERT_NE(at, std::string::npos);
  with_password.insert(at, ":" + password);
  t.url = with_password;
  try {
    run_backup(t);
    ADD_FAILURE() << "a missing schema must fail";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find(password), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dbot::ops
