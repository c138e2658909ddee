#include "features/ai/chat/splitter.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dbot::features::ai::chat {
namespace {

// Every part: within the limit, valid UTF-8 boundaries, not blank, and
// fences balanced (an even number of fence lines of the given marker).
void expect_well_formed(const std::vector<std::string>& parts, std::size_t limit, std::string_view marker) {
  for (const auto& part : parts) {
    EXPECT_LE(discord_length(part), limit);
    EXPECT_NE(part.find_first_not_of(" \n\t"), std::string::npos) << "blank part";
    ASSERT_FALSE(part.empty());
    EXPECT_NE(static_cast<unsigned char>(part.front()) & 0xC0, 0x80) << "part starts inside a character";
    std::size_t fences = 0;
    std::size_t start = 0;
    while (start < part.size()) {
      const auto end = std::min(part.find('\n', start), part.size());
      if (std::string_view(part).substr(start, end - start).starts_with(marker)) ++fences;
      start = end + 1;
    }
    EXPECT_EQ(fences % 2, 0u) << "unbalanced fences in:\n" << part;
  }
}

TEST(Splitter, ShortTextIsOnePartAndEmptyTextNone) {
  EXPECT_EQ(split_for_discord("hello"), std::vector<std::string>{"hello"});
  EXPECT_TRUE(split_for_discord("").empty());
  EXPECT_TRUE(split_for_discord("  \n\n ").empty());
}

TEST(Splitter, PrefersLineBreaksAndKeepsEveryWord) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "line number " + std::to_string(i) + " of the answer\n";
  const auto parts = split_for_discord(text, 500);
  ASSERT_GT(parts.size(), 5u);
  expect_well_formed(parts, 500, "```");
  std::string joined;
  for (const auto& part : parts) {
    EXPECT_EQ(part.back(), 'r') << "a part ends mid-line: " << part;
    joined += part + "\n";
  }
  EXPECT_EQ(joined, text);
}

TEST(Splitter, ACodeBlockIsClosedAndReopenedWithItsLanguage) {
  std::string text = "Here is the code:\n```cpp\n";
  for (int i = 0; i < 200; ++i) text += "int value_" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  text += "```\nDone.";
  const auto parts = split_for_discord(text, 800);
  ASSERT_GE(parts.size(), 3u);
  expect_well_formed(parts, 800, "```");
  for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
    EXPECT_TRUE(parts[i].starts_with("```cpp\n")) << parts[i];
    EXPECT_TRUE(parts[i].ends_with("\n```")) << parts[i];
  }
  EXPECT_TRUE(parts.back().ends_with("Done."));
}

TEST(Splitter, LongerBacktickFencesAndInnerTripleBackticks) {
  // A four-backtick fence holding a ``` line: the inner one neither closes
  // it nor counts as a fence of its own.
  std::string text = "````markdown\n";
  for (int i = 0; i < 120; ++i) text += (i == 50 ? std::string("```\n") : "row " + std::to_string(i) + "\n");
  text += "````\nafter";
  const auto parts = split_for_discord(text, 300);
  ASSERT_GE(parts.size(), 2u);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    EXPECT_TRUE(parts[i].ends_with("\n````")) << parts[i];
    EXPECT_LE(discord_length(parts[i]), 300u);
  }
  for (std::size_t i = 1; i < parts.size(); ++i) EXPECT_TRUE(parts[i].starts_with("````markdown\n")) << parts[i];
}

TEST(Splitter, TildeFences) {
  std::string text = "~~~python\n";
  for (int i = 0; i < 100; ++i) text += "print(" + std::to_string(i) + ")\n";
  text += "~~~";
  const auto parts = split_for_discord(text, 400);
  ASSERT_GE(parts.size(), 2u);
  expect_well_formed(parts, 400, "~~~");
  EXPECT_TRUE(parts[1].starts_with("~~~python\n"));
  EXPECT_TRUE(parts[0].ends_with("\n~~~"));
}

TEST(Splitter, ABlockThatOpensLateMovesToTheNextPart) {
  std::string text(700, 'a');
  text += "\n```\nshort code\n";
  text += std::string(200, 'b') + "\n```\n";
  const auto parts = split_for_discord(text, 800);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], std::string(700, 'a'));
  EXPECT_TRUE(parts[1].starts_with("```\nshort code"));
}

TEST(Splitter, NoEmptyCodeBlockWhenTheCutMeetsTheClosingFence) {
  const std::string code = "```\n" + std::string(90, 'a') + "\n```\n";
  const auto parts = split_for_discord(code + std::string(50, 'b'), 100);
  EXPECT_EQ(parts, (std::vector<std::string>{"```\n" + std::string(90, 'a') + "\n```", std::string(50, 'b')}));
}

TEST(Splitter, NeverSplitsAUtf8Character) {
  std::string text;
  for (int i = 0; i < 1500; ++i) text += "é😀ü";  // 2-, 4- and 2-byte characters, no spaces
  const auto parts = split_for_discord(text, 2000);
  ASSERT_GE(parts.size(), 2u);
  std::string joined;
  for (const auto& part : parts) {
    EXPECT_LE(discord_length(part), 2000u);
    joined += part;
  }
  EXPECT_EQ(joined, text);
  EXPECT_EQ(discord_length("😀"), 2u);  // a surrogate pair to Discord
  EXPECT_EQ(discord_length("é"), 1u);
}

TEST(Splitter, CapKeepsTheFirstPartsAndSaysItCut) {
  std::vector<std::string> parts = {"one", "two", "three", "four", "five", "six"};
  const auto capped = cap_parts(parts, 4, "(cut)");
  ASSERT_EQ(capped.size(), 4u);
  EXPECT_EQ(capped[3], "four\n(cut)");
  EXPECT_EQ(cap_parts({"a", "b"}, 4, "(cut)").size(), 2u);

  // A full last part inside a code block is shortened and stays closed.
  std::string code = "```js\n" + std::string(1980, 'x') + "\n```";
  const auto full = cap_parts({code, code, "more"}, 2, "(cut)");
  ASSERT_EQ(full.size(), 2u);
  EXPECT_LE(discord_length(full[1]), 2000u);
  EXPECT_TRUE(full[1].ends_with("\n```\n(cut)")) << full[1].substr(full[1].size() - 20);
}

}  // namespace
}  // namespace dbot::features::ai::chat
