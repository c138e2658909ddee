#pragma once
// Shared by the moderation and role e2e tests: a simulator, an instance of
// the real bot against it, and ways to act as a user and read the outcome.

#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "e2e/support/bot_harness.hpp"
#include "e2e/support/http.hpp"
#include "e2e/support/sql.hpp"

namespace dbot::test {

class ModerationTest : public ::testing::Test {
 protected:
  void start(const std::string& extra_toml = {}) {
    sim = std::make_unique<SimProcess>();
    schema = unique_schema("e2e_mod");
    before_instance();
    instance = write_instance(*sim, dir.path(), "modbot", {.schema = schema, .extra_toml = extra_toml});
    start_bot();
  }
  // Lets a test change the world before the instance is written.
  virtual void before_instance() {}

  void start_bot() {
    bot = std::make_unique<BotProcess>(std::vector{instance});
    ASSERT_TRUE(bot->wait_until_connected()) << bot->output();
  }
  void stop_bot() { bot.reset(); }

  std::string guild() const { return sim->id("guilds", "Sandbox"); }
  std::string user(const std::string& name) const { return sim->id("users", name); }
  std::string mention(const std::string& name) const { return "<@" + user(name) + ">"; }

  // `who` says `content` in #general; returns the text of the bot's reply.
  std::string ask(const std::string& who, const std::string& content) {
    const auto message = sim->say(who, "general", content);
    const auto reply = sim->wait_for_reply(message);
    EXPECT_TRUE(reply) << "no reply to '" << content << "' from " << who;
    if (!reply) return {};
    const auto text = content_of(*reply);
    return text.empty() ? embed_text(*reply) : text;
  }

  // A REST call made by a user's own Discord client.
  net::HttpResponse user_rest(const std::string& who, const std::string& method, const std::string& path,
                              const boost::json::value& body = nullptr, const std::string& reason = {}) const {
    boost::json::object request{{"user_id", user(who)}, {"method", method}, {"path", path}};
    if (!body.is_null()) request["body"] = body;
    if (!reason.empty()) request["reason"] = reason;
    return http_post(sim->url() + "/_sim/rest", boost::json::serialize(request));
  }

  // The ban's reason as Discord stores it, or nullopt when not banned.
  std::optional<std::string> ban_reason(const std::string& name) const {
    const auto r = user_rest("admin", "GET", "/guilds/" + guild() + "/bans/" + user(name));
    if (r.status == 404) return std::nullopt;
    const auto ban = boost::json::parse(r.body);
    const auto& reason = ban.at("reason");
    return reason.is_string() ? std::string(reason.as_string()) : std::string();
  }

  std::vector<std::string> member_roles(const std::string& name) const {
    const auto r = user_rest("admin", "GET", "/guilds/" + guild() + "/members/" + user(name));
    std::vector<std::string> out;
    if (r.status != 200) return out;
    const auto member = boost::json::parse(r.body);
    for (const auto& role : member.at("roles").as_array()) out.emplace_back(role.as_string());
    return out;
  }

  long long count_rows(const std::string& sql) const { return query_schema(schema, sql).scalar<std::int64_t>(); }

  TempDir dir;
  std::unique_ptr<SimProcess> sim;
  std::string schema;
  std::filesystem::path instance;
  std::unique_ptr<BotProcess> bot;
};

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace dbot::test
