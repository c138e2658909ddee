#include "db/migrations.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "db/sha256.hpp"

namespace {

using dbot::db::EmbeddedMigration;
using dbot::db::parse_migrations;

TEST(Migrations, ParsesAndSortsByVersion) {
  std::vector<EmbeddedMigration> files = {{"0002_b.sql", "SELECT 2;"}, {"0001_a.sql", "SELECT 1;"}};
  auto parsed = parse_migrations(files);
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0].version, 1);
  EXPECT_EQ(parsed[0].name, "0001_a.sql");
  EXPECT_EQ(parsed[0].sql, "SELECT 1;");
  EXPECT_EQ(parsed[0].checksum, dbot::db::sha256_hex("SELECT 1;"));
  EXPECT_EQ(parsed[1].version, 2);
}

TEST(Migrations, RejectsBadNames) {
  for (const char* name : {"init.sql", "0001.sql", "0001_init.txt", "0000_zero.sql", "x001_a.sql", "0001_.sql"}) {
    std::vector<EmbeddedMigration> files = {{name, "SELECT 1;"}};
    EXPECT_THROW(parse_migrations(files), dbot::Error) << name;
  }
}

TEST(Migrations, RejectsDuplicateVersions) {
  std::vector<EmbeddedMigration> files = {{"0001_a.sql", "SELECT 1;"}, {"001_b.sql", "SELECT 2;"}};
  EXPECT_THROW(parse_migrations(files), dbot::Error);
}

TEST(Migrations, BundledSetStartsWithTheSeedTablesAndTheLease) {
  const auto& bundled = dbot::db::bundled_migrations();
  ASSERT_GE(bundled.size(), 2u);
  EXPECT_EQ(bundled[0].name, "0001_init.sql");
  EXPECT_EQ(bundled[1].name, "0002_instance_lease.sql");
  for (const char* table : {"tempbans", "guild_settings", "stock_portfolios", "stock_holdings", "stock_transactions",
                            "stock_price_cache", "member_activity"}) {
    EXPECT_NE(bundled[0].sql.find(std::string("CREATE TABLE IF NOT EXISTS ") + table), std::string::npos) << table;
  }
  EXPECT_NE(bundled[1].sql.find("instance_lease"), std::string::npos);
  for (std::size_t i = 1; i < bundled.size(); ++i) EXPECT_LT(bundled[i - 1].version, bundled[i].version);
}

}  // namespace
