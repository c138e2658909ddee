// The real discord-bot binary with the Minecraft feature against the real
// simulator, the test Postgres and a loopback fake of the companion plugin:
// verify and whois, donator sync (including empty and failing answers and
// the mass-removal hold), and the chargeback webhook with its buttons.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "e2e/support/bot_harness.hpp"
#include "e2e/support/fakes/minecraft_plugin_fake.hpp"
#include "e2e/support/http.hpp"

namespace dbot::test {
namespace {
namespace json = boost::json;

constexpr const char* kSecret = "test-plugin-secret-0123456789abcdef";
constexpr const char* kUuid = "069a79f4-44e9-4726-a5be-fca90e38aaf5";

// Roles in order of position; the bot's role is inserted at 6, so VIP and
// Admin rank above the bot and everything else below it.
constexpr const char* kWorld = R"({
  "include_default": false,
  "users": ["owner", "admin", "staffer", "alice", "bob", "carol", "dave", "vip"],
  "guilds": [{
    "name": "Sandbox",
    "owner": "owner",
    "roles": [{"name": "Member", "permissions": "0"}, {"name": "Supporter", "permissions": "0"},
              {"name": "Premium", "permissions": "0"}, {"name": "Restricted", "permissions": "0"},
              {"name": "Staff", "permissions": "1099511627776"}, {"name": "VIP", "permissions": "0"},
              {"name": "Admin", "permissions": "8"}],
    "bot_role_position": 6,
    "channels": [{"name": "general", "type": 0}, {"name": "staff", "type": 0}],
    "members": [{"user": "admin", "roles": ["Admin"]}, {"user": "staffer", "roles": ["Staff"]},
                {"user": "alice", "roles": ["Member"]}, {"user": "bob", "roles": ["Member", "Supporter"]},
                {"user": "carol", "roles": ["Member", "Premium"]}, {"user": "dave", "roles": ["Member"]},
                {"user": "vip", "roles": ["VIP", "Supporter"]}]
  }]
})";

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct Options {
  bool plugin_env = true;
  std::string plugin_url;  // overrides the fake's URL
  bool donator_sync = false;
  bool chargeback = false;
  std::string premium_role = "Premium";
  std::string extra_sync_toml;
};

class Minecraft : public ::testing::Test {
 protected:
  void start(const Options& options) {
    const auto world = dir.path() / "world.json";
    std::ofstream(world) << kWorld;
    sim = std::make_unique<SimProcess>(std::vector<std::string>{"--seed", world.string()});
    plugin = std::make_unique<MinecraftPluginFake>(kSecret);
    InstanceFiles files{.schema = unique_schema("e2e_mc")};
    if (options.plugin_env) {
      files.extra_env["MC_VERIFY_URL"] = options.plugin_url.empty() ? plugin->url() + "/" : options.plugin_url;
      files.extra_env["MC_VERIFY_SECRET"] = kSecret;
    }
    std::string toml = "[features]\nminecraft = true\n[minecraft]\nverify = true\n";
    toml += std::string("donator_sync = ") + (options.donator_sync ? "true" : "false") + "\n";
    toml += std::string("chargeback = ") + (options.chargeback ? "true" : "false") + "\n";
    toml += "[minecraft.donator_sync_config]\nsupporter_role = \"" + role("Supporter") + "\"\npremium_role = \"" +
            role(options.premium_role) + "\"\ncheck_interval = 1\n" + options.extra_sync_toml;
    toml += "[minecraft.chargeback_config]\nstaff_channel = \"" + sim->id("channels", "staff") +
            "\"\nrestricted_role = \"" + role("Restricted") + "\"\nstaff_roles = [\"" + role("Staff") + "\"]\n";
    files.extra_toml = toml;
    instance = write_instance(*sim, dir.path(), "mcbot", files);
    bot = std::make_unique<BotProcess>(std::vector{instance});
    ASSERT_TRUE(bot->wait_until_connected()) << bot->output();
    std::ifstream env(instance / ".env");
    for (std::string line; std::getline(env, line);) {
      if (line.starts_with("MCP_PORT=")) mcp_port = line.substr(9);
    }
  }

  std::string role(const std::string& name) { return sim->id("roles", name); }
  std::string user(const std::string& name) { return sim->id("users", name); }

  json::object ask(const std::string& who, const std::string& content) {
    const auto message = sim->say(who, "general", content);
    auto reply = sim->wait_for_reply(message);
    EXPECT_TRUE(reply) << "no reply to '" << content << "' from " << who;
    return reply.value_or(json::object{});
  }

  std::vector<std::string> roles_of(const std::string& name) {
    const auto state = sim->state();
    const auto id = user(name);
    for (const auto& member : state.at("guilds").at(0).at("members").as_array()) {
      if (member.at("user").at("id").as_string() != id) continue;
      std::vector<std::string> out;
      for (const auto& r : member.at("roles").as_array()) out.emplace_back(r.as_string());
      return out;
    }
    return {};
  }

  bool has_role(const std::string& who, const std::string& role_name) {
    const auto roles = roles_of(who);
    return std::find(roles.begin(), roles.end(), role(role_name)) != roles.end();
  }

  net::HttpResponse post_webhook(const std::string& body, const std::string& authorization) {
    net::Headers headers;
    headers.set("Content-Type", "application/json");
    if (!authorization.empty()) headers.set("Authorization", authorization);
    return http_request("POST", "http://127.0.0.1:" + mcp_port + "/webhook/chargeback", body, headers);
  }

  std::string chargeback_body(const std::string& id, const std::optional<std::string>& discord,
                              std::int64_t when = now_unix()) {
    json::object body{
        {"uuid", kUuid}, {"username", "Notch_2"}, {"tier", "premium"}, {"timestamp", std::to_string(when)}};
    body["discord_id"] = discord ? json::value(*discord) : json::value(nullptr);
    if (!id.empty()) body["id"] = id;
    return json::serialize(body);
  }

  std::vector<json::object> alerts() {
    std::vector<json::object> out;
    for (const auto& message : sim->messages("staff")) {
      if (embed_text(message).find("CHARGEBACK ALERT") != std::string::npos) out.push_back(message);
    }
    return out;
  }

  // Clicks a button as `who` and returns the interaction record once answered.
  json::value click(const json::object& message, const std::string& custom_id, const std::string& who) {
    const auto created =
        sim->post("/_sim/interactions",
                  json::object{{"message_id", message.at("id")}, {"custom_id", custom_id}, {"user_id", user(who)}});
    const std::string id(created.at("id").as_string());
    json::value record;
    EXPECT_TRUE(eventually([&] {
      record = sim->get("/_sim/interactions/" + id);
      return record.at("acknowledged").as_bool();
    })) << json::serialize(record);
    return record;
  }

  std::string footer_of(const std::string& message_id) {
    for (const auto& message : sim->messages("staff")) {
      if (message.at("id").as_string() != message_id) continue;
      const auto& embeds = message.at("embeds").as_array();
      if (embeds.empty()) return {};
      const auto* footer = embeds.at(0).as_object().if_contains("footer");
      return footer ? std::string(footer->at("text").as_string()) : std::string{};
    }
    return {};
  }

  TempDir dir;
  std::unique_ptr<SimProcess> sim;
  std::unique_ptr<MinecraftPluginFake> plugin;
  std::filesystem::path instance;
  std::unique_ptr<BotProcess> bot;
  std::string mcp_port;
};

// ---- verify and whois ------------------------------------------------------

TEST_F(Minecraft, VerifyLinksTheAccountAndStaffCanLookItUp) {
  start({});
  plugin->add_code("ABC123", "Steve_42", kUuid);
  EXPECT_EQ(content_of(ask("alice", "!m verify abc123")),
            "Verified! Your Discord account is now linked to **Steve\\_42** in Minecraft.");
  const auto calls = plugin->calls("/api/verify");
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "POST");
  EXPECT_EQ(calls[0].authorization, std::string("Bearer ") + kSecret);
  const auto sent = json::parse(calls[0].body).as_object();
  EXPECT_EQ(sent.at("code").as_string(), "ABC123");
  EXPECT_EQ(sent.at("discord_id").as_string(), user("alice"));

  const auto by_name = embed_text(ask("staffer", "!m mc whois steve_42"));
  EXPECT_NE(by_name.find("<@" + user("alice") + ">"), std::string::npos) << by_name;
  EXPECT_NE(by_name.find(kUuid), std::string::npos) << by_name;
  const auto by_member = embed_text(ask("staffer", "!m mc whois <@" + user("alice") + ">"));
  EXPECT_NE(by_member.find("Steve\\_42"), std::string::npos) << by_member;
  const auto by_uuid = embed_text(ask("staffer", std::string("!m mc whois ") + kUuid));
  EXPECT_NE(by_uuid.find("<@" + user("alice") + ">"), std::string::npos) << by_uuid;

  EXPECT_NE(content_of(ask("bob", "!m mc whois steve_42")).find("You need the"), std::string::npos);
  EXPECT_EQ(content_of(ask("staffer", "!m mc whois <@" + user("bob") + ">")),
            "<@" + user("bob") + "> has no linked Minecraft account.");
}

TEST_F(Minecraft, SlashVerifyAndWhoisAreRegisteredAndAnswer) {
  start({});
  ASSERT_TRUE(eventually([&] {
    const auto state = sim->state();
    bool verify = false, mc = false;
    for (const auto& command : state.at("commands").as_array()) {
      verify = verify || command.at("name").as_string() == "verify";
      mc = mc || command.at("name").as_string() == "mc";
    }
    return verify && mc;
  })) << json::serialize(sim->state().at("commands"));
  plugin->add_code("SLASH1", "Alex", "11111111-2222-3333-4444-555555555555");
  const auto created = sim->post(
      "/_sim/interactions",
      json::object{{"command", "verify"},
                   {"channel_id", sim->id("channels", "general")},
                   {"user_id", user("bob")},
                   {"options", json::array{json::object{{"name", "code"}, {"type", 3}, {"value", "slash1"}}}}});
  const std::string interaction_id(created.at("id").as_string());
  json::value record;
  ASSERT_TRUE(eventually([&] {
    record = sim->get("/_sim/interactions/" + interaction_id);
    return record.at("responses").as_array().size() >= 2;
  })) << json::serialize(record);
  EXPECT_NE(json::serialize(record).find("linked to **Alex** in Minecraft"), std::string::npos)
      << json::serialize(record);
  const auto found = embed_text(ask("staffer", "!m mc whois alex"));
  EXPECT_NE(found.find("<@" + user("bob") + ">"), std::string::npos) << found;
}

TEST_F(Minecraft, VerifyFailureShowsThePluginsReasonAndLinksNothing) {
  start({});
  EXPECT_EQ(content_of(ask("alice", "!m verify WRONG1")), "Verification failed: Invalid or expired code");
  EXPECT_NE(content_of(ask("alice", "!m verify")).find("Usage: `!m verify <code>`"), std::string::npos);
  EXPECT_NE(content_of(ask("alice", "!m verify <@123> drop")).find("doesn't look like a verification code"),
            std::string::npos);
  EXPECT_EQ(plugin->calls("/api/verify").size(), 1u);  // bad input never reaches the plugin
  EXPECT_EQ(content_of(ask("staffer", "!m mc whois <@" + user("alice") + ">")),
            "<@" + user("alice") + "> has no linked Minecraft account.");
}

TEST_F(Minecraft, VerifyRateLimitsGuessing) {
  start({});
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(content_of(ask("alice", "!m verify GUESS" + std::to_string(i))),
              "Verification failed: Invalid or expired code");
  }
  EXPECT_NE(content_of(ask("alice", "!m verify GUESS9")).find("Too many verification attempts"), std::string::npos);
  EXPECT_EQ(plugin->calls("/api/verify").size(), 5u);
}

TEST_F(Minecraft, VerifyWithThePluginDownSaysSoWithoutInternals) {
  start({.plugin_url = "http://127.0.0.1:" + std::to_string(free_port())});
  const auto reply = content_of(ask("alice", "!m verify ABC123"));
  EXPECT_EQ(reply, "Could not reach the Minecraft server. Please try again later.");
}

TEST_F(Minecraft, VerifyWithoutPluginSettingsSaysNotConfigured) {
  start({.plugin_env = false});
  EXPECT_NE(content_of(ask("alice", "!m verify ABC123")).find("not configured"), std::string::npos);
}

// ---- donator sync ------------------------------------------------------------

TEST_F(Minecraft, DonatorSyncAddsAndRemovesRoles) {
  // Two donors now (bob, carol) plus vip, who holds Supporter but outranks nobody relevant.
  start({.donator_sync = true, .extra_sync_toml = "max_removal_percent = 50\n"});
  plugin->set_donators({{user("alice"), "supporter"},
                        {user("carol"), "premium"},
                        {user("dave"), "PREMIUM"},
                        {user("vip"), "supporter"},
                        {"not-an-id", "premium"}});
  ASSERT_TRUE(eventually([&] { return has_role("alice", "Supporter") && has_role("dave", "Premium"); },
                         std::chrono::seconds(30)))
      << bot->output();
  ASSERT_TRUE(eventually([&] { return !has_role("bob", "Supporter"); }, std::chrono::seconds(15))) << bot->output();
  EXPECT_TRUE(has_role("carol", "Premium"));
  // Tier change: carol moves to supporter and loses premium.
  plugin->set_donators({{user("alice"), "supporter"},
                        {user("carol"), "supporter"},
                        {user("dave"), "premium"},
                        {user("vip"), "supporter"}});
  ASSERT_TRUE(eventually([&] { return has_role("carol", "Supporter") && !has_role("carol", "Premium"); },
                         std::chrono::seconds(15)))
      << bot->output();
  std::string reasons;
  const auto state = sim->state();  // named: ranging over a temporary's array would dangle
  for (const auto& entry : state.at("guilds").at(0).at("audit_log").as_array()) {
    if (const auto* reason = entry.as_object().if_contains("reason"); reason && reason->is_string()) {
      reasons += std::string(reason->as_string()) + "\n";
    }
  }
  EXPECT_NE(reasons.find("Donator sync: supporter tier"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("Donator sync: supporter expired"), std::string::npos) << reasons;
  EXPECT_NE(reasons.find("Donator sync: downgraded to supporter"), std::string::npos) << reasons;
  EXPECT_NE(bot->output().find("Donator sync: added role"), std::string::npos);
}

TEST_F(Minecraft, DonatorSyncSurvivesFailingAndEmptyAnswers) {
  start({.donator_sync = true});
  const auto wait_for_calls = [&](std::size_t more) {
    const auto target = plugin->calls("/api/donators").size() + more;
    return eventually([&] { return plugin->calls("/api/donators").size() >= target; }, std::chrono::seconds(30));
  };
  plugin->fail_donators(500, R"({"error":"database down"})");
  ASSERT_TRUE(wait_for_calls(2));
  plugin->fail_donators(200, "this is not json");
  ASSERT_TRUE(wait_for_calls(2));
  plugin->fail_donators(200, R"({"players":[]})");
  ASSERT_TRUE(wait_for_calls(2));
  plugin->set_donators({});  // a successful, empty answer
  ASSERT_TRUE(wait_for_calls(2));
  EXPECT_TRUE(has_role("bob", "Supporter"));
  EXPECT_TRUE(has_role("carol", "Premium"));
  EXPECT_TRUE(has_role("vip", "Supporter"));
  EXPECT_NE(bot->output().find("failed to fetch donators, changing nothing"), std::string::npos);
  EXPECT_NE(bot->output().find("listed no donors; changing nothing"), std::string::npos);
  // The task is alive: a real list is applied.
  plugin->set_donators({{user("alice"), "supporter"},
                        {user("bob"), "supporter"},
                        {user("carol"), "premium"},
                        {user("vip"), "supporter"}});
  EXPECT_TRUE(eventually([&] { return has_role("alice", "Supporter"); }, std::chrono::seconds(15))) << bot->output();
}

TEST_F(Minecraft, DonatorSyncHoldsBackMassRemovalsButStillAdds) {
  start({.donator_sync = true});  // max_removal_percent defaults to 25
  // Only alice is listed: bob and carol would both lose their roles.
  plugin->set_donators({{user("alice"), "supporter"}, {user("vip"), "supporter"}});
  ASSERT_TRUE(eventually([&] { return has_role("alice", "Supporter"); }, std::chrono::seconds(30))) << bot->output();
  ASSERT_TRUE(
      eventually([&] { return bot->output().find("HOLDING BACK") != std::string::npos; }, std::chrono::seconds(15)));
  EXPECT_TRUE(has_role("bob", "Supporter"));
  EXPECT_TRUE(has_role("carol", "Premium"));
}

TEST_F(Minecraft, DonatorSyncLeavesRolesAboveTheBotAlone) {
  // The "premium" role is VIP, which ranks above the bot's role.
  start({.donator_sync = true, .premium_role = "VIP"});
  plugin->set_donators({{user("alice"), "supporter"},
                        {user("bob"), "supporter"},
                        {user("carol"), "premium"},
                        {user("vip"), "supporter"}});
  ASSERT_TRUE(eventually([&] { return has_role("alice", "Supporter"); }, std::chrono::seconds(30))) << bot->output();
  EXPECT_FALSE(has_role("carol", "VIP"));
  EXPECT_NE(bot->output().find("at or above the bot's highest role"), std::string::npos);
}

// ---- chargeback webhook and buttons ----------------------------------------------

TEST_F(Minecraft, ChargebackWebhookChecksSecretTimeReplayAndSize) {
  start({.chargeback = true});
  const auto body = chargeback_body("evt-1", std::nullopt);
  EXPECT_EQ(post_webhook(body, "").status, 401u);
  EXPECT_EQ(post_webhook(body, "Bearer wrong-secret").status, 401u);
  EXPECT_EQ(post_webhook(body, std::string("Bearer ") + kSecret + "x").status, 401u);
  EXPECT_EQ(post_webhook(body, std::string("bearer ") + kSecret).status, 401u);
  EXPECT_EQ(post_webhook(chargeback_body("evt-old", std::nullopt, now_unix() - 3600), std::string("Bearer ") + kSecret)
                .status,
            400u);
  EXPECT_EQ(post_webhook("{not json", std::string("Bearer ") + kSecret).status, 400u);
  EXPECT_EQ(post_webhook(std::string(20000, ' ') + body, std::string("Bearer ") + kSecret).status, 413u);
  EXPECT_EQ(http_request("GET", "http://127.0.0.1:" + mcp_port + "/webhook/chargeback").status, 405u);

  const auto accepted = post_webhook(body, std::string("Bearer ") + kSecret);
  EXPECT_EQ(accepted.status, 200u) << accepted.body;
  EXPECT_EQ(accepted.body, R"({"success":true})");
  const auto replayed = post_webhook(body, std::string("Bearer ") + kSecret);
  EXPECT_EQ(replayed.status, 409u) << replayed.body;
  // Without an id, the same body twice is the same event too.
  const auto no_id = chargeback_body("", std::nullopt);
  EXPECT_EQ(post_webhook(no_id, std::string("Bearer ") + kSecret).status, 200u);
  EXPECT_EQ(post_webhook(no_id, std::string("Bearer ") + kSecret).status, 409u);

  ASSERT_TRUE(eventually([&] { return alerts().size() >= 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(alerts().size(), 2u);
  const auto alert = alerts().front();
  const auto text = embed_text(alert);
  EXPECT_NE(text.find("⚠️ CHARGEBACK ALERT"), std::string::npos) << text;
  EXPECT_NE(text.find("Notch\\_2"), std::string::npos) << text;
  EXPECT_NE(text.find("Premium"), std::string::npos) << text;
  EXPECT_NE(text.find("Not linked"), std::string::npos) << text;
  EXPECT_NE(text.find(kUuid), std::string::npos) << text;
  EXPECT_EQ(footer_of(std::string(alert.at("id").as_string())), "No Discord account linked. MC-side actions only.");
  const auto components = json::serialize(alert.at("components"));
  EXPECT_NE(components.find(std::string("cb_ban:") + kUuid), std::string::npos) << components;
  EXPECT_NE(components.find("🔨 Ban MC"), std::string::npos) << components;
  EXPECT_NE(components.find(std::string("cb_dismiss:") + kUuid), std::string::npos) << components;
}

TEST_F(Minecraft, ChargebackRestrictsAndDismissRestoresRoles) {
  start({.chargeback = true});
  const auto response = post_webhook(chargeback_body("evt-2", user("bob")), std::string("Bearer ") + kSecret);
  ASSERT_EQ(response.status, 200u) << response.body;
  ASSERT_TRUE(eventually([&] { return !alerts().empty(); }));
  EXPECT_EQ(roles_of("bob"), std::vector<std::string>{role("Restricted")});
  const auto alert = alerts().front();
  const std::string message_id(alert.at("id").as_string());
  EXPECT_EQ(footer_of(message_id), "All roles stripped. User restricted.");
  EXPECT_NE(embed_text(alert).find("<@" + user("bob") + "> (" + user("bob") + ")"), std::string::npos);

  // Not staff: refused, nothing changes.
  const auto refused = click(alert, std::string("cb_dismiss:") + kUuid, "alice");
  EXPECT_NE(json::serialize(refused).find("You don't have permission to do this."), std::string::npos)
      << json::serialize(refused);
  EXPECT_EQ(roles_of("bob"), std::vector<std::string>{role("Restricted")});
  const auto admin_refused = click(alert, std::string("cb_ban:") + kUuid, "admin");  // admin, but not a staff role
  EXPECT_NE(json::serialize(admin_refused).find("You don't have permission to do this."), std::string::npos);

  click(alert, std::string("cb_dismiss:") + kUuid, "staffer");
  ASSERT_TRUE(eventually([&] { return footer_of(message_id).starts_with("Dismissed by staffer"); }))
      << footer_of(message_id) << bot->output();
  EXPECT_NE(footer_of(message_id).find("roles restored"), std::string::npos);
  EXPECT_TRUE(has_role("bob", "Member"));
  EXPECT_TRUE(has_role("bob", "Supporter"));
  EXPECT_FALSE(has_role("bob", "Restricted"));
  for (const auto& message : sim->messages("staff")) {
    if (message.at("id").as_string() == message_id) {
      EXPECT_TRUE(message.at("components").as_array().empty());
    }
  }
  EXPECT_TRUE(sim->state().at("guilds").at(0).at("bans").as_array().empty());
  EXPECT_TRUE(plugin->calls("/api/ban").empty());
}

TEST_F(Minecraft, ChargebackBanBansOnDiscordAndMinecraft) {
  start({.chargeback = true});
  ASSERT_EQ(post_webhook(chargeback_body("evt-3", user("carol")), std::string("Bearer ") + kSecret).status, 200u);
  ASSERT_TRUE(eventually([&] { return !alerts().empty(); }));
  const auto alert = alerts().front();
  const std::string message_id(alert.at("id").as_string());
  click(alert, std::string("cb_ban:") + kUuid, "staffer");
  ASSERT_TRUE(eventually([&] { return footer_of(message_id).starts_with("Banned by staffer"); }))
      << footer_of(message_id) << bot->output();
  const auto bans = sim->state().at("guilds").at(0).at("bans").as_array();
  ASSERT_EQ(bans.size(), 1u);
  EXPECT_EQ(bans[0].at("user_id").as_string(), user("carol"));
  EXPECT_EQ(bans[0].at("reason").as_string(), "Chargeback ban by staffer");
  const auto calls = plugin->calls("/api/ban");
  ASSERT_EQ(calls.size(), 1u);
  const auto sent = json::parse(calls[0].body).as_object();
  EXPECT_EQ(sent.at("uuid").as_string(), kUuid);
  EXPECT_EQ(sent.at("reason").as_string(), "Chargeback ban issued by Discord staff (staffer)");
  EXPECT_EQ(calls[0].authorization, std::string("Bearer ") + kSecret);
}

TEST_F(Minecraft, ChargebackBanReportsAFailedMinecraftBan) {
  start({.chargeback = true});
  plugin->set_ban_status(500);
  ASSERT_EQ(post_webhook(chargeback_body("evt-4", std::nullopt), std::string("Bearer ") + kSecret).status, 200u);
  ASSERT_TRUE(eventually([&] { return !alerts().empty(); }));
  const auto alert = alerts().front();
  click(alert, std::string("cb_ban:") + kUuid, "staffer");
  EXPECT_TRUE(eventually([&] {
    for (const auto& message : sim->messages("staff")) {
      if (content_of(message) == std::string("⚠️ MC ban failed for UUID `") + kUuid + "`: HTTP 500") return true;
    }
    return false;
  })) << bot->output();
  EXPECT_NE(footer_of(std::string(alert.at("id").as_string())).find("MC ban failed"), std::string::npos);
}

TEST_F(Minecraft, ChargebackCannotRestrictSomeoneAboveTheBot) {
  start({.chargeback = true});
  ASSERT_EQ(post_webhook(chargeback_body("evt-5", user("vip")), std::string("Bearer ") + kSecret).status, 200u);
  ASSERT_TRUE(eventually([&] { return !alerts().empty(); }));
  EXPECT_TRUE(has_role("vip", "VIP"));
  EXPECT_FALSE(has_role("vip", "Restricted"));
  EXPECT_NE(footer_of(std::string(alerts().front().at("id").as_string())).find("Could not restrict"),
            std::string::npos);
}

TEST_F(Minecraft, ChargebackRouteIsAbsentWhenDisabled) {
  start({});
  EXPECT_EQ(post_webhook(chargeback_body("evt-6", std::nullopt), std::string("Bearer ") + kSecret).status, 404u);
}

}  // namespace
}  // namespace dbot::test
