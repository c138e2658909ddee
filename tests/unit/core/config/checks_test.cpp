#include "core/config/checks.hpp"

#include <gtest/gtest.h>

#include <array>

#include "unit/support/temp_instance.hpp"

namespace dbot::config {
namespace {

TEST(ConfigChecks, Placeholder) {
  EXPECT_TRUE(is_placeholder("your-discord-bot-token"));
  EXPECT_FALSE(is_placeholder("abc.your-"));
  EXPECT_FALSE(is_placeholder(""));
}

TEST(ConfigChecks, SchemaNames) {
  EXPECT_TRUE(is_valid_schema_name("bot1"));
  EXPECT_TRUE(is_valid_schema_name("_private"));
  EXPECT_TRUE(is_valid_schema_name(std::string(63, 'a')));
  EXPECT_FALSE(is_valid_schema_name(std::string(64, 'a')));
  EXPECT_FALSE(is_valid_schema_name(""));
  EXPECT_FALSE(is_valid_schema_name("1bot"));
  EXPECT_FALSE(is_valid_schema_name("Bot"));
  EXPECT_FALSE(is_valid_schema_name("bot-1"));
  EXPECT_FALSE(is_valid_schema_name("bot\"; drop schema public; --"));
}

TEST(ConfigChecks, HttpUrls) {
  EXPECT_TRUE(is_http_url("https://discord.com/api"));
  EXPECT_TRUE(is_http_url("http://127.0.0.1:8080"));
  EXPECT_TRUE(is_http_url("http://[::1]:9000/v1?x=1"));
  EXPECT_TRUE(is_http_url("HTTPS://Example.org"));
  EXPECT_FALSE(is_http_url("ftp://example.org"));
  EXPECT_FALSE(is_http_url("https://"));
  EXPECT_FALSE(is_http_url("https:///path"));
  EXPECT_FALSE(is_http_url("https://host:0/"));
  EXPECT_FALSE(is_http_url("https://host:99999/"));
  EXPECT_FALSE(is_http_url("https://ho st/"));
  EXPECT_FALSE(is_http_url("discord.com/api"));
}

TEST(ConfigChecks, PostgresUrls) {
  EXPECT_TRUE(is_postgres_url("postgresql://user:pass@localhost:5432/db"));
  EXPECT_TRUE(is_postgres_url("postgres://db.internal/discord_bot?sslmode=require"));
  EXPECT_TRUE(is_postgres_url("postgresql:///discord_bot?host=/run/postgresql"));
  EXPECT_FALSE(is_postgres_url("mysql://localhost/db"));
  EXPECT_FALSE(is_postgres_url("localhost:5432"));
  EXPECT_FALSE(is_postgres_url("postgresql://host:notaport/db"));
}

TEST(ConfigChecks, TimeZones) {
  EXPECT_TRUE(is_known_time_zone("UTC"));
  EXPECT_TRUE(is_known_time_zone("America/Toronto"));
  EXPECT_TRUE(is_known_time_zone("Europe/Berlin"));
  EXPECT_FALSE(is_known_time_zone("Mars/Olympus_Mons"));
  EXPECT_FALSE(is_known_time_zone("America/Toront"));
  EXPECT_FALSE(is_known_time_zone(""));
  EXPECT_FALSE(is_known_time_zone("America"));  // a directory
  EXPECT_FALSE(is_known_time_zone("/etc/passwd"));
  EXPECT_FALSE(is_known_time_zone("../../../etc/passwd"));
  EXPECT_FALSE(is_known_time_zone("America/../../etc/passwd"));
}

TEST(ConfigChecks, TimeZoneMustBeATzifFile) {
  testing::TempDir zoneinfo;
  zoneinfo.write("Fake/Zone", "TZif2 and more");
  zoneinfo.write("Fake/Text", "# not a zone file");
  EXPECT_TRUE(is_known_time_zone("Fake/Zone", zoneinfo.path()));
  EXPECT_FALSE(is_known_time_zone("Fake/Text", zoneinfo.path()));
  EXPECT_FALSE(is_known_time_zone("America/Toronto", zoneinfo.path()));
}

TEST(ConfigChecks, ClosestMatchSuggestsOnlyLikelyTypos) {
  const std::array<std::string_view, 4> keys{"auto_role", "join_role", "welcome", "minecraft"};
  EXPECT_EQ(closest_match("autorole", keys), "auto_role");
  EXPECT_EQ(closest_match("Welcom", keys), "welcome");
  EXPECT_EQ(closest_match("minecraf", keys), "minecraft");
  EXPECT_FALSE(closest_match("music", keys).has_value());
  EXPECT_FALSE(closest_match("x", keys).has_value());
}

TEST(ConfigChecks, Ports) {
  EXPECT_EQ(parse_port("1"), 1);
  EXPECT_EQ(parse_port("65535"), 65535);
  EXPECT_FALSE(parse_port("0").has_value());
  EXPECT_FALSE(parse_port("65536").has_value());
  EXPECT_FALSE(parse_port("-1").has_value());
  EXPECT_FALSE(parse_port("80a").has_value());
  EXPECT_FALSE(parse_port("").has_value());
}

}  // namespace
}  // namespace dbot::config
