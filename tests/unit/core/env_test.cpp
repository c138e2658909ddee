#include "core/env.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace dbot {
namespace {

TEST(Dotenv, ParsesKeyValueCommentsBlankLinesAndExport) {
  const auto parsed = parse_dotenv(
      "# a comment\n"
      "\n"
      "PLAIN=value\n"
      "  SPACED  =  padded value  \n"
      "export EXPORTED=yes\n"
      "EMPTY=\n"
      "WITH_COMMENT=abc # trailing comment\n"
      "HASH_IN_VALUE=abc#def\n");
  EXPECT_TRUE(parsed.problems.empty());
  EXPECT_EQ(parsed.vars.at("PLAIN"), "value");
  EXPECT_EQ(parsed.vars.at("SPACED"), "padded value");
  EXPECT_EQ(parsed.vars.at("EXPORTED"), "yes");
  EXPECT_EQ(parsed.vars.at("EMPTY"), "");
  EXPECT_EQ(parsed.vars.at("WITH_COMMENT"), "abc");
  EXPECT_EQ(parsed.vars.at("HASH_IN_VALUE"), "abc#def");
  EXPECT_EQ(parsed.vars.size(), 6u);
}

TEST(Dotenv, SingleQuotesAreLiteralDoubleQuotesUnescape) {
  const auto parsed = parse_dotenv(
      "SINGLE='a \\n # b'\n"
      "DOUBLE=\"line1\\nline2 \\\"q\\\" # not a comment\"\n"
      "QUOTED_COMMENT='x' # comment\n");
  EXPECT_TRUE(parsed.problems.empty());
  EXPECT_EQ(parsed.vars.at("SINGLE"), "a \\n # b");
  EXPECT_EQ(parsed.vars.at("DOUBLE"), "line1\nline2 \"q\" # not a comment");
  EXPECT_EQ(parsed.vars.at("QUOTED_COMMENT"), "x");
}

TEST(Dotenv, ReportsBadLinesWithLineNumbersAndWithoutValues) {
  const auto parsed = parse_dotenv(
      "GOOD=1\n"
      "no equals sign here\n"
      "1BAD=x\n"
      "OPEN=\"secret-value\n");
  ASSERT_EQ(parsed.problems.size(), 3u);
  EXPECT_EQ(parsed.problems[0].line, 2);
  EXPECT_EQ(parsed.problems[1].line, 3);
  EXPECT_EQ(parsed.problems[2].line, 4);
  for (const auto& problem : parsed.problems) EXPECT_EQ(problem.message.find("secret-value"), std::string::npos);
  EXPECT_EQ(parsed.vars.at("GOOD"), "1");
  EXPECT_FALSE(parsed.vars.contains("OPEN"));
}

TEST(Dotenv, LaterAssignmentWins) {
  const auto parsed = parse_dotenv("A=1\nA=2\n");
  EXPECT_EQ(parsed.vars.at("A"), "2");
}

TEST(Dotenv, MissingFileIsNullopt) {
  EXPECT_FALSE(read_dotenv_file("/nonexistent-dir-for-dbot-tests/.env").has_value());
}

TEST(Env, OverrideLayerWinsOverFileLayer) {
  const Env env({{"A", "from-file"}, {"B", "only-file"}}, {{"A", "from-process"}});
  EXPECT_EQ(env.get("A"), "from-process");
  EXPECT_EQ(env.lookup("A").origin, EnvOrigin::override_layer);
  EXPECT_EQ(env.get("B"), "only-file");
  EXPECT_EQ(env.lookup("B").origin, EnvOrigin::file);
  EXPECT_FALSE(env.get("C").has_value());
  EXPECT_EQ(env.get_or("C", "fallback"), "fallback");
}

TEST(Env, EmptyValueFallsBackInGetOr) {
  const Env env = Env::from_map({{"A", ""}});
  EXPECT_EQ(env.get("A"), "");
  EXPECT_EQ(env.get_or("A", "dflt"), "dflt");
}

class EnvFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/dbot-env-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream out(dir_ / name, std::ios::binary);
    out << text;
  }
  std::filesystem::path dir_;
};

TEST_F(EnvFileTest, NameFileReadsTheFileAndTrimsTrailingNewline) {
  write("token.txt", "s3cr3t-token\r\n\n");
  const Env env = Env::from_map({{"DISCORD_TOKEN_FILE", (dir_ / "token.txt").string()}});
  const auto found = env.lookup("DISCORD_TOKEN");
  EXPECT_TRUE(found.error.empty());
  EXPECT_EQ(found.value, "s3cr3t-token");
  EXPECT_EQ(found.origin, EnvOrigin::secret_file);
}

TEST_F(EnvFileTest, RelativeNameFileIsResolvedAgainstBaseDir) {
  write("key", "abc\n");
  const Env env = Env::from_map({{"API_KEY_FILE", "key"}}, dir_);
  EXPECT_EQ(env.get("API_KEY"), "abc");
}

TEST_F(EnvFileTest, NameAndNameFileBothSetIsAnError) {
  write("token.txt", "x");
  const Env env = Env::from_map({{"DISCORD_TOKEN", "inline"}, {"DISCORD_TOKEN_FILE", (dir_ / "token.txt").string()}});
  const auto found = env.lookup("DISCORD_TOKEN");
  EXPECT_FALSE(found.value.has_value());
  EXPECT_NE(found.error.find("DISCORD_TOKEN_FILE"), std::string::npos);
  EXPECT_EQ(found.error.find("inline"), std::string::npos);
}

// NAME_FILE pointing at something huge (a log, /dev/zero) was read whole.
TEST_F(EnvFileTest, NameFileLargerThan64KiBIsAnError) {
  write("big", std::string(kMaxSecretFileBytes + 1, 'a'));
  write("fits", std::string(kMaxSecretFileBytes, 'a'));
  const Env env = Env::from_map({{"BIG_FILE", (dir_ / "big").string()}, {"FITS_FILE", (dir_ / "fits").string()}});
  const auto big = env.lookup("BIG");
  EXPECT_FALSE(big.value.has_value());
  EXPECT_NE(big.error.find("larger than 64 KiB"), std::string::npos) << big.error;
  EXPECT_EQ(env.get("FITS")->size(), kMaxSecretFileBytes);
  const Env zero = Env::from_map({{"Z_FILE", "/dev/zero"}});
  EXPECT_NE(zero.lookup("Z").error.find("larger than 64 KiB"), std::string::npos);
}

TEST_F(EnvFileTest, UnreadableNameFileIsAnError) {
  const Env env = Env::from_map({{"X_FILE", (dir_ / "missing").string()}});
  const auto found = env.lookup("X");
  EXPECT_FALSE(found.value.has_value());
  EXPECT_NE(found.error.find("X_FILE"), std::string::npos);
}

TEST_F(EnvFileTest, OverrideLayerNameFileWinsOverFileLayerName) {
  write("token.txt", "from-secret\n");
  const Env env({{"DISCORD_TOKEN", "from-dotenv"}}, {{"DISCORD_TOKEN_FILE", (dir_ / "token.txt").string()}});
  const auto found = env.lookup("DISCORD_TOKEN");
  EXPECT_TRUE(found.error.empty());
  EXPECT_EQ(found.value, "from-secret");
}

TEST(Env, ProcessEnvironmentSnapshotMatchesGetenv) {
  const EnvMap snapshot = process_environment();
  const char* path = std::getenv("PATH");
  ASSERT_NE(path, nullptr);
  ASSERT_TRUE(snapshot.contains("PATH"));
  EXPECT_EQ(snapshot.at("PATH"), path);
}

}  // namespace
}  // namespace dbot
