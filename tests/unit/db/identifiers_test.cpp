#include "db/identifiers.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace {

using dbot::db::is_valid_identifier;
using dbot::db::quote_identifier;
using dbot::db::redact_connection_string;

TEST(Identifiers, AcceptsLowerCaseNames) {
  EXPECT_TRUE(is_valid_identifier("public"));
  EXPECT_TRUE(is_valid_identifier("bot_1"));
  EXPECT_TRUE(is_valid_identifier("_private"));
  EXPECT_TRUE(is_valid_identifier(std::string(63, 'a')));
}

TEST(Identifiers, RejectsEverythingElse) {
  EXPECT_FALSE(is_valid_identifier(""));
  EXPECT_FALSE(is_valid_identifier(std::string(64, 'a')));
  EXPECT_FALSE(is_valid_identifier("1bot"));
  EXPECT_FALSE(is_valid_identifier("Bot"));
  EXPECT_FALSE(is_valid_identifier("my-bot"));
  EXPECT_FALSE(is_valid_identifier("a b"));
  EXPECT_FALSE(is_valid_identifier("x\"; DROP SCHEMA public; --"));
  EXPECT_FALSE(is_valid_identifier("caf\xc3\xa9"));
}

TEST(Identifiers, RequireNamesTheKindAndValue) {
  try {
    dbot::db::require_valid_identifier("Bad-Name", "schema");
    FAIL() << "expected an error";
  } catch (const dbot::Error& e) {
    EXPECT_NE(std::string(e.user_message()).find("invalid schema name 'Bad-Name'"), std::string::npos);
  }
  EXPECT_NO_THROW(dbot::db::require_valid_identifier("good_name", "schema"));
}

TEST(Identifiers, QuotingDoublesEmbeddedQuotes) {
  EXPECT_EQ(quote_identifier("bot"), "\"bot\"");
  EXPECT_EQ(quote_identifier("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_identifier("\""), "\"\"\"\"");
}

TEST(Identifiers, RedactsUrlPasswords) {
  EXPECT_EQ(redact_connection_string("postgresql://bot:hunter2@db:5432/bot"), "postgresql://bot:***@db:5432/bot");
  EXPECT_EQ(redact_connection_string("postgres://bot@db/bot"), "postgres://bot@db/bot");
  EXPECT_EQ(redact_connection_string("postgresql://db/bot?user=x&password=hunter2&sslmode=require"),
            "postgresql://db/bot?user=x&password=***&sslmode=require");
  EXPECT_EQ(redact_connection_string("postgresql://u:p%40ss@h/d"), "postgresql://u:***@h/d");
}

TEST(Identifiers, RedactsKeywordPasswords) {
  EXPECT_EQ(redact_connection_string("host=db password=hunter2 user=bot"), "host=db password=*** user=bot");
  EXPECT_EQ(redact_connection_string("host=db password = 'a b\\'c' user=bot"), "host=db password = *** user=bot");
  EXPECT_EQ(redact_connection_string("host=db user=bot"), "host=db user=bot");
}

}  // namespace
