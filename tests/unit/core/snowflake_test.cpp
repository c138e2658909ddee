#include "core/snowflake.hpp"

#include <gtest/gtest.h>

namespace {

TEST(Snowflake, ParsesDecimalIds) {
  auto id = dbot::Snowflake::parse("175928847299117063");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->value, 175928847299117063ULL);
  EXPECT_EQ(id->str(), "175928847299117063");
}

TEST(Snowflake, RejectsAnythingElse) {
  for (const char* bad : {"", "0", "-1", "+1", "12a", " 1", "1 ", "abc", "18446744073709551616", "1.5"}) {
    EXPECT_FALSE(dbot::Snowflake::parse(bad)) << bad;
  }
}

TEST(Snowflake, DecodesTheTimestampFromDiscordsDocumentation) {
  // Discord's documentation example: 175928847299117063 was created at
  // 2016-04-30 11:18:25.796 UTC (1462015105796 ms since the Unix epoch).
  const auto id = *dbot::Snowflake::parse("175928847299117063");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(id.created_at().time_since_epoch()).count();
  EXPECT_EQ(ms, 1462015105796LL);
}

TEST(Snowflake, ShardFormulaMatchesDiscord) {
  const dbot::Snowflake guild{197038439483310086ULL};
  EXPECT_EQ(guild.shard_for(1), 0u);
  EXPECT_EQ(guild.shard_for(4), static_cast<unsigned>((197038439483310086ULL >> 22) % 4));
  EXPECT_EQ(guild.shard_for(0), 0u);
}

}  // namespace
