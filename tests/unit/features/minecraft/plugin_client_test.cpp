#include "features/minecraft/plugin_client.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "features/minecraft/verify_commands.hpp"

namespace dbot::features::minecraft {
namespace {

TEST(PluginClient, VerifyAnswers) {
  const auto ok = parse_verify_response(R"({"success":true,"username":"Steve","uuid":"abc"})");
  EXPECT_TRUE(ok.success);
  EXPECT_EQ(ok.username, "Steve");
  EXPECT_EQ(ok.uuid, "abc");
  EXPECT_FALSE(ok.error);
  const auto failed = parse_verify_response(R"({"success":false,"error":"Invalid code"})");
  EXPECT_FALSE(failed.success);
  EXPECT_EQ(failed.error, "Invalid code");
  const auto bare = parse_verify_response(R"({"success":false,"username":null})");
  EXPECT_FALSE(bare.username);
}

TEST(PluginClient, VerifyNonsenseIsAnOutageWithASafeMessage) {
  for (const char* body : {"", "<html>502</html>", "[]", R"({"ok":true})", R"({"success":"yes"})"}) {
    try {
      parse_verify_response(body);
      ADD_FAILURE() << "accepted " << body;
    } catch (const Error& e) {
      EXPECT_EQ(e.user_message(), kPluginUnreachable);
    }
  }
}

TEST(PluginClient, DonatorList) {
  const auto list = parse_donators_response(
      R"({"donators":[{"discord_id":"123","tier":"supporter"},{"discord_id":"x","tier":"premium"},)"
      R"({"discord_id":null,"tier":"premium"},{"discord_id":"456","tier":"Premium"}]})");
  ASSERT_EQ(list.donators.size(), 2u);
  EXPECT_EQ(list.donators[0].discord_id.value, 123u);
  EXPECT_EQ(list.donators[1].tier, "Premium");
  EXPECT_EQ(list.skipped_ids, 2u);
  EXPECT_TRUE(parse_donators_response(R"({"donators":[]})").donators.empty());
}

TEST(PluginClient, MalformedDonatorListsThrow) {
  for (const char* body :
       {"", "null", "{}", R"({"donators":{}})", R"({"donators":[1]})", R"({"donators":[{"discord_id":"1"}]})"}) {
    EXPECT_THROW(parse_donators_response(body), Error) << body;
  }
}

TEST(VerifyCommand, CodesAreNormalised) {
  EXPECT_EQ(normalize_code("  abc123 "), "ABC123");
  EXPECT_EQ(normalize_code("ab-12"), "AB-12");
  EXPECT_EQ(normalize_code(""), "");
  EXPECT_EQ(normalize_code("ab cd"), "");
  EXPECT_EQ(normalize_code("<@123>"), "");
  EXPECT_EQ(normalize_code(std::string(33, 'a')), "");
  EXPECT_EQ(normalize_code(std::string(32, 'a')), std::string(32, 'A'));
}

TEST(VerifyCommand, MarkdownIsEscaped) {
  EXPECT_EQ(escape_markdown("Steve_42"), "Steve\\_42");
  EXPECT_EQ(escape_markdown("**x**"), "\\*\\*x\\*\\*");
  EXPECT_EQ(escape_markdown("plain"), "plain");
}

}  // namespace
}  // namespace dbot::features::minecraft
