#include "ops/pg_tools.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace dbot::ops {
namespace {

TEST(PgTools, UrlBecomesLibpqEnvironment) {
  const auto env = libpq_environment("postgresql://bot:s3cr%40t@db.internal:6543/discord?sslmode=require");
  EXPECT_EQ(env.at("PGHOST"), "db.internal");
  EXPECT_EQ(env.at("PGPORT"), "6543");
  EXPECT_EQ(env.at("PGDATABASE"), "discord");
  EXPECT_EQ(env.at("PGUSER"), "bot");
  EXPECT_EQ(env.at("PGPASSWORD"), "s3cr@t");
  EXPECT_EQ(env.at("PGSSLMODE"), "require");
}

TEST(PgTools, SocketUrlOfTheEmbeddedCluster) {
  const auto env = libpq_environment("postgresql:///dbot?host=/var/lib/bot/postgres&port=5432&user=dbot");
  EXPECT_EQ(env.at("PGHOST"), "/var/lib/bot/postgres");
  EXPECT_EQ(env.at("PGDATABASE"), "dbot");
  EXPECT_FALSE(env.contains("PGPASSWORD"));
}

TEST(PgTools, UnparsableUrlErrorDoesNotRepeatIt) {
  try {
    libpq_environment("postgresql://user:hunter2@host:notaport:/x?bogus_option=1");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
  }
}

TEST(PgTools, FailingProgramReportsItsOutput) {
  try {
    run_client({"sh", "-c", "echo broken >&2; exit 3"}, {}, "the thing");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("the thing failed (exit code 3): broken"), std::string::npos) << e.what();
  }
}

TEST(PgTools, ChildSeesTheExtraEnvironment) {
  const auto out = run_client({"sh", "-c", "printf %s \"$PGPASSWORD\""}, {{"PGPASSWORD", "from-env"}}, "sh");
  EXPECT_EQ(out, "from-env");
}

}  // namespace
}  // namespace dbot::ops
