#include "core/text.hpp"

#include <gtest/gtest.h>

namespace {

TEST(Text, EditDistance) {
  EXPECT_EQ(dbot::text::edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(dbot::text::edit_distance("", "abc"), 3u);
  EXPECT_EQ(dbot::text::edit_distance("same", "same"), 0u);
  EXPECT_EQ(dbot::text::edit_distance("hlep", "help"), 1u);  // a swap counts once
}

TEST(Text, ClosestMatchFindsPlausibleTypos) {
  const std::vector<std::string> keys{"command_prefix", "command_root", "bot_name", "timezone"};
  EXPECT_EQ(dbot::text::closest_match("comand_prefix", keys), "command_prefix");
  EXPECT_EQ(dbot::text::closest_match("time_zone", keys), "timezone");
  EXPECT_FALSE(dbot::text::closest_match("volume", keys));
}

TEST(Text, TrimAndCase) {
  EXPECT_EQ(dbot::text::trim("  a b \n"), "a b");
  EXPECT_EQ(dbot::text::to_lower("AbC"), "abc");
  EXPECT_TRUE(dbot::text::starts_with_ci("!M help", "!m"));
  EXPECT_FALSE(dbot::text::starts_with_ci("!", "!m"));
}

}  // namespace
