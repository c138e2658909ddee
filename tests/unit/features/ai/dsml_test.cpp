#include "features/ai/chat/dsml.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace dbot::features::ai::chat {
namespace {

const std::string kBar = "\xEF\xBD\x9C";
std::string tag(std::string_view body) { return "<" + kBar + "DSML" + kBar + std::string(body) + ">"; }
std::string closing(std::string_view name) { return "</" + kBar + "DSML" + kBar + std::string(name) + ">"; }

TEST(Dsml, SeedFormWithSlashAfterTheBar) {
  const std::string text = "On it! " + tag("invoke name=\"play_song\"") + tag("parameter name=\"query\"") +
                           " never gonna give you up " + tag("/parameter") + tag("/invoke") + " Enjoy.";
  const auto result = parse_dsml(text);
  ASSERT_EQ(result.calls.size(), 1u);
  EXPECT_EQ(result.calls[0].name, "play_song");
  EXPECT_EQ(result.calls[0].id, "dsml_1");
  EXPECT_EQ(boost::json::parse(result.calls[0].arguments_json).at("query").as_string(), "never gonna give you up");
  EXPECT_EQ(result.text, "On it!  Enjoy.");
}

TEST(Dsml, DeepSeekFormWithWrapperAndTypedValues) {
  const std::string text = "Deleting." + tag("function_calls") + "\n" + tag("invoke name=\"nuke\"") + "\n" +
                           tag("parameter name=\"count\" string=\"false\"") + "50" + closing("parameter") + "\n" +
                           tag("parameter name=\"reason\" string=\"true\"") + "spam" + closing("parameter") + "\n" +
                           closing("invoke") + "\n" + tag("invoke name=\"unban\"") +
                           tag("parameter name=\"user_id\" string=\"true\"") + "123" + closing("parameter") +
                           closing("invoke") + closing("function_calls");
  const auto result = parse_dsml(text, 7);
  ASSERT_EQ(result.calls.size(), 2u);
  const auto nuke = boost::json::parse(result.calls[0].arguments_json).as_object();
  EXPECT_TRUE(nuke.at("count").is_int64());  // string="false": a number, not "50"
  EXPECT_EQ(nuke.at("count").as_int64(), 50);
  EXPECT_EQ(nuke.at("reason").as_string(), "spam");
  EXPECT_EQ(result.calls[1].name, "unban");
  EXPECT_EQ(result.calls[1].id, "dsml_8");
  EXPECT_EQ(boost::json::parse(result.calls[1].arguments_json).at("user_id").as_string(), "123");
  EXPECT_EQ(result.text, "Deleting.");  // no wrapper left in the visible text
}

TEST(Dsml, BareParameterCloseAndInvalidJsonStaysAString) {
  const std::string text = tag("invoke name=\"x\"") + tag("parameter name=\"n\" string=\"false\"") + "not json" +
                           tag("parameter") + tag("/invoke");
  const auto result = parse_dsml(text);
  ASSERT_EQ(result.calls.size(), 1u);
  EXPECT_EQ(boost::json::parse(result.calls[0].arguments_json).at("n").as_string(), "not json");
  EXPECT_EQ(result.text, "");
}

TEST(Dsml, AnUnclosedInvokeGivesNoCallAndKeepsItsTag) {
  const std::string text = "Hmm " + tag("invoke name=\"tempban\"") + tag("parameter name=\"user_id\"") + "1" +
                           tag("/parameter") + " trailing";
  const auto result = parse_dsml(text);
  EXPECT_TRUE(result.calls.empty());
  EXPECT_EQ(result.text, "Hmm " + tag("invoke name=\"tempban\"") + " trailing");
}

TEST(Dsml, PlainTextIsUntouched) {
  const auto result = parse_dsml("  just <b>text</b> | with bars  ");
  EXPECT_TRUE(result.calls.empty());
  EXPECT_EQ(result.text, "just <b>text</b> | with bars");
}

}  // namespace
}  // namespace dbot::features::ai::chat
