// `discord-bot doctor` as an operator runs it, against a database of its
// own: a healthy setup (migrated, backed up, restore verified) passes every
// item; each database-side problem shows up as its own FAIL or WARN.

#include <gtest/gtest.h>

#include "e2e/ops/ops_e2e_support.hpp"

namespace dbot::test::ops {
namespace {

class DoctorE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(db_.url().empty());
    alpha_ = ops_instance(dir_.path(), "alpha", db_.url(), "alpha", "!");
    beta_ = ops_instance(dir_.path(), "beta", db_.url(), "beta", "?");
    const auto migrated = discord_bot({"migrate", alpha_.string(), beta_.string()});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.output;
  }

  // backup, then restore --verify of that dump, for one instance.
  void back_up_and_verify(const std::filesystem::path& instance) {
    const auto backup = discord_bot({"backup", instance.string()});
    ASSERT_EQ(backup.exit_code, 0) << backup.output;
    std::filesystem::path dump;
    for (const auto& entry : std::filesystem::directory_iterator(instance / "data/backups")) dump = entry.path();
    ASSERT_FALSE(dump.empty());
    const auto verify = discord_bot({"restore", "--verify", instance.string(), dump.string()});
    ASSERT_EQ(verify.exit_code, 0) << verify.output;
    EXPECT_NE(verify.output.find("verified"), std::string::npos) << verify.output;
  }

  TempDir dir_;
  FreshDatabase db_;
  std::filesystem::path alpha_;
  std::filesystem::path beta_;
};

TEST_F(DoctorE2E, HealthySetupPassesEveryItem) {
  back_up_and_verify(alpha_);
  back_up_and_verify(beta_);
  const auto report = doctor_json({alpha_.string(), beta_.string()});
  EXPECT_EQ(report.exit_code, 0) << report.output;
  EXPECT_EQ(report.with("FAIL") + report.with("WARN") + report.with("SKIP"), "") << report.output;
  for (const char* check : {"db.reachable", "db.migrations", "db.backup", "db.restore_verified", "db.retention",
                            "db.stale_schemas", "instances.db_schema", "instance.config"}) {
    EXPECT_TRUE(report.has("PASS", check)) << check << "\n" << report.output;
  }
}

TEST_F(DoctorE2E, NoBackupFailsAndNoVerifiedRestoreWarns) {
  back_up_and_verify(alpha_);
  const auto report = doctor_json({alpha_.string(), beta_.string()});
  EXPECT_EQ(report.exit_code, 1);
  EXPECT_NE(report.with("FAIL").find("db.backup " + beta_.string() + ": no successful backup recorded"),
            std::string::npos)
      << report.output;
  EXPECT_NE(report.with("WARN").find("db.restore_verified " + beta_.string()), std::string::npos) << report.output;
}

TEST_F(DoctorE2E, OldBackupWarns) {
  back_up_and_verify(alpha_);
  back_up_and_verify(beta_);
  db_.sql("UPDATE beta.ops_backups SET finished_at = now() - interval '3 days'");
  const auto report = doctor_json({alpha_.string(), beta_.string()});
  EXPECT_EQ(report.exit_code, 0) << report.output;
  EXPECT_NE(report.with("WARN").find("db.backup " + beta_.string() + ": last successful backup is 3d old"),
            std::string::npos)
      << report.output;
}

TEST_F(DoctorE2E, StaleSchemaWarns) {
  back_up_and_verify(alpha_);
  back_up_and_verify(beta_);
  const auto retired = ops_instance(dir_.path(), "retired", db_.url(), "retired", "$");
  ASSERT_EQ(discord_bot({"migrate", retired.string()}).exit_code, 0);
  const auto report = doctor_json({alpha_.string(), beta_.string()});
  EXPECT_NE(report.with("WARN").find("schema retired belongs to no instance given to doctor"), std::string::npos)
      << report.output;
}

TEST_F(DoctorE2E, PendingMigrationWarnsAndAChangedOneFails) {
  back_up_and_verify(alpha_);
  back_up_and_verify(beta_);
  db_.sql("DELETE FROM alpha.schema_migrations WHERE version = (SELECT max(version) FROM alpha.schema_migrations)");
  auto report = doctor_json({alpha_.string(), beta_.string()});
  EXPECT_EQ(report.exit_code, 0) << report.output;
  EXPECT_NE(report.with("WARN").find("db.migrations " + alpha_.string() + ": 1 pending"), std::string::npos)
      << report.output;

  db_.sql("UPDATE beta.schema_migrations SET checksum = 'edited' WHERE version = 1");
  report = doctor_json({alpha_.string(), beta_.string()});
  EXPECT_EQ(report.exit_code, 1);
  EXPECT_NE(report.with("FAIL").find("db.migrations " + beta_.string() + ": applied migrations changed since"),
            std::string::npos)
      << report.output;
}

TEST_F(DoctorE2E, UnreachableDatabaseIsSaidPlainlyWithoutThePassword) {
  const auto port = free_port();  // nothing listens there
  const auto lost = ops_instance(dir_.path(), "lost",
                                 "postgresql://bot:Hunter2-pw@127.0.0.1:" + std::to_string(port) + "/x", "lost", "%");
  const auto report = doctor_json({lost.string()});
  EXPECT_NE(report.with("WARN").find("db.reachable " + lost.string() + ": cannot check the database from here"),
            std::string::npos)
      << report.output;
  EXPECT_EQ(report.output.find("Hunter2-pw"), std::string::npos) << report.output;
}

TEST(DoctorExample, ShippedExampleListsWhatIsLeftToFillIn) {
  const auto result = discord_bot({"doctor", std::string(DBOT_SOURCE_DIR) + "/instances/example"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("FAIL  instance.env_file"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("still placeholders: CLIENT_ID, DISCORD_TOKEN, GUILD_ID"), std::string::npos)
      << result.output;
  // It never creates the example's embedded database just to look at it.
  EXPECT_FALSE(std::filesystem::exists(std::string(DBOT_SOURCE_DIR) + "/instances/example/data/postgres"));
}

TEST(DoctorExample, UsageErrorWithoutAnythingToCheck) {
  const auto result = discord_bot({"doctor"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
}

}  // namespace
}  // namespace dbot::test::ops
