#include "sim/service.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace dbot::sim {
namespace {
namespace json = boost::json;

class SimRest : public ::testing::Test {
 protected:
  SimRest() : service(World::make_default(), options()) {
    auto& w = service.world();
    gid = w.names.guilds.at("Sandbox");
    general = w.names.channels.at("general");
    alice = w.names.users.at("alice");
  }
  static Service::Options options() {
    Service::Options o;
    o.gateway.tokens = {"tok"};
    o.rate_limits.default_limit = {1000, std::chrono::milliseconds(1000)};
    o.rate_limits.global_per_second = 0;
    return o;
  }
  net::HttpResponse call(std::string method, std::string target, std::string body = {}, bool auth = true,
                         std::string reason = {}) {
    net::HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    if (auth) r.headers.set("Authorization", "Bot tok");
    if (!reason.empty()) r.headers.set("X-Audit-Log-Reason", reason);
    r.headers.set("Content-Type", "application/json");
    return service.handle(r, now);
  }
  static json::value body(const net::HttpResponse& r) { return r.body.empty() ? json::value() : json::parse(r.body); }
  static std::int64_t code(const net::HttpResponse& r) { return body(r).at("code").as_int64(); }
  std::string ch(Id id) { return "/api/v10/channels/" + std::to_string(id); }
  std::string guild(const std::string& rest = {}) { return "/api/v10/guilds/" + std::to_string(gid) + rest; }
  std::string send(const std::string& content) {
    auto r = call("POST", ch(general) + "/messages", json::serialize(json::object{{"content", content}}));
    EXPECT_EQ(r.status, 200u) << r.body;
    return std::string(body(r).at("id").as_string());
  }

  Clock::time_point now = Clock::now();
  Service service;
  Id gid = 0, general = 0, alice = 0;
};

TEST_F(SimRest, RequiresTheBotToken) {
  auto r = call("GET", "/api/v10/users/@me", {}, false);
  EXPECT_EQ(r.status, 401u);
  EXPECT_EQ(code(r), 0);
  EXPECT_EQ(body(r).at("message").as_string(), "401: Unauthorized");
  r = call("GET", "/api/v10/users/@me");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(body(r).at("id").as_string(), std::to_string(service.world().bot_user_id));
  EXPECT_TRUE(body(r).at("bot").as_bool());
}

TEST_F(SimRest, GatewayBotAndVersions) {
  service.set_base_url("http://127.0.0.1:9", "ws://127.0.0.1:9");
  for (const char* prefix : {"/api/v10", "/api/v9", "/api"}) {
    auto r = call("GET", std::string(prefix) + "/gateway/bot");
    ASSERT_EQ(r.status, 200u) << prefix;
    EXPECT_EQ(body(r).at("url").as_string(), "ws://127.0.0.1:9");
    EXPECT_EQ(body(r).at("shards").as_int64(), 1);
    EXPECT_EQ(body(r).at("session_start_limit").at("max_concurrency").as_int64(), 1);
  }
  EXPECT_EQ(call("GET", "/api/v4/gateway/bot").status, 400u);
  EXPECT_EQ(call("GET", "/api/v10/nothing/here").status, 404u);
}

TEST_F(SimRest, CreateGetListEditDeleteMessages) {
  const auto first = send("one");
  const auto second = send("two");
  const auto third = send("three");
  auto r = call("GET", ch(general) + "/messages?limit=2");
  ASSERT_EQ(r.status, 200u);
  auto list = body(r).as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("id").as_string(), third) << "newest first";
  EXPECT_EQ(list[1].at("id").as_string(), second);
  list = body(call("GET", ch(general) + "/messages?before=" + second)).as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("id").as_string(), first);
  list = body(call("GET", ch(general) + "/messages?after=" + first)).as_array();
  ASSERT_EQ(list.size(), 2u);

  r = call("PATCH", ch(general) + "/messages/" + second, R"({"content":"two!"})");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(body(r).at("content").as_string(), "two!");
  EXPECT_FALSE(body(r).at("edited_timestamp").is_null());
  EXPECT_EQ(call("DELETE", ch(general) + "/messages/" + second).status, 204u);
  r = call("GET", ch(general) + "/messages/" + second);
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(code(r), 10008);
  EXPECT_EQ(call("GET", ch(general) + "/messages?limit=101").status, 400u);
}

TEST_F(SimRest, MessageValidationAndShapes) {
  auto r = call("POST", ch(general) + "/messages", R"({"content":""})");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(code(r), 50006);
  r = call("POST", ch(general) + "/messages", json::serialize(json::object{{"content", std::string(2001, 'x')}}));
  EXPECT_EQ(code(r), 50035);
  EXPECT_TRUE(body(r).at("errors").as_object().contains("content"));
  r = call("POST", ch(general) + "/messages", "{not json");
  EXPECT_EQ(code(r), 50109);
  json::array embeds;
  for (int i = 0; i < 11; ++i) embeds.push_back(json::object{{"title", "t"}});
  EXPECT_EQ(code(call("POST", ch(general) + "/messages", json::serialize(json::object{{"embeds", embeds}}))), 50035);

  const std::string alice_mention = "<@" + std::to_string(alice) + ">";
  r = call("POST", ch(general) + "/messages",
           json::serialize(json::object{
               {"content", "hi " + alice_mention},
               {"embeds", json::array{json::object{{"title", "T"}, {"description", "D"}}}},
               {"components",
                json::array{json::object{
                    {"type", 1},
                    {"components",
                     json::array{json::object{{"type", 2}, {"style", 1}, {"label", "Go"}, {"custom_id", "go"}}}}}}}}));
  ASSERT_EQ(r.status, 200u) << r.body;
  auto m = body(r).as_object();
  EXPECT_EQ(m.at("author").at("id").as_string(), std::to_string(service.world().bot_user_id));
  EXPECT_EQ(m.at("mentions").at(0).at("id").as_string(), std::to_string(alice));
  EXPECT_EQ(m.at("embeds").at(0).at("type").as_string(), "rich");
  EXPECT_EQ(m.at("components").at(0).at("components").at(0).at("custom_id").as_string(), "go");
  EXPECT_EQ(m.at("guild_id").as_string(), std::to_string(gid));

  // allowed_mentions with no parse suppresses the ping.
  r = call("POST", ch(general) + "/messages",
           json::serialize(
               json::object{{"content", alice_mention}, {"allowed_mentions", json::object{{"parse", json::array{}}}}}));
  EXPECT_TRUE(body(r).at("mentions").as_array().empty());

  // Replies reference the original.
  const auto original = send("original");
  r = call(
      "POST", ch(general) + "/messages",
      json::serialize(json::object{{"content", "re"}, {"message_reference", json::object{{"message_id", original}}}}));
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(body(r).at("type").as_int64(), 19);
  EXPECT_EQ(body(r).at("message_reference").at("message_id").as_string(), original);
  EXPECT_EQ(body(r).at("referenced_message").at("content").as_string(), "original");
}

TEST_F(SimRest, UnknownEntitiesHaveDiscordCodes) {
  EXPECT_EQ(code(call("GET", "/api/v10/channels/123/messages")), 10003);
  EXPECT_EQ(code(call("GET", "/api/v10/guilds/123")), 10004);
  EXPECT_EQ(code(call("GET", guild("/members/123"))), 10007);
  EXPECT_EQ(code(call("PATCH", guild("/roles/123"), "{}")), 10011);
  EXPECT_EQ(code(call("DELETE", guild("/bans/" + std::to_string(alice)))), 10026);
}

TEST_F(SimRest, BulkDeleteRules) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(send("m" + std::to_string(i)));
  auto bulk = [&](const json::array& messages) {
    return call("POST", ch(general) + "/messages/bulk-delete", json::serialize(json::object{{"messages", messages}}));
  };
  EXPECT_EQ(code(bulk(json::array{ids[0]})), 50035) << "fewer than 2";
  json::array too_many;
  for (int i = 0; i < 101; ++i) too_many.emplace_back(std::to_string(1000 + i));
  EXPECT_EQ(code(bulk(too_many)), 50035) << "more than 100";

  // A message older than 14 days refuses the whole request.
  auto& w = service.world();
  Message old;
  old.id = w.next_id_at(now - std::chrono::hours(24 * 15));
  old.channel_id = general;
  old.guild_id = gid;
  old.author_id = alice;
  old.timestamp = now - std::chrono::hours(24 * 15);
  w.messages[general][old.id] = old;
  auto r = bulk(json::array{ids[0], std::to_string(old.id)});
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(code(r), 50034);
  EXPECT_NE(w.message(general, std::stoull(ids[0])), nullptr) << "nothing deleted on refusal";

  EXPECT_EQ(bulk(json::array{ids[0], ids[1]}).status, 204u);
  EXPECT_EQ(w.message(general, std::stoull(ids[0])), nullptr);
  EXPECT_EQ(w.message(general, std::stoull(ids[1])), nullptr);
  EXPECT_NE(w.message(general, std::stoull(ids[2])), nullptr);
}

TEST_F(SimRest, BanHierarchyAndAuditReason) {
  auto& w = service.world();
  const auto admin = w.names.users.at("admin");
  auto r = call("PUT", guild("/bans/" + std::to_string(admin)), "{}");
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(code(r), 50013) << "Admin is above the bot";
  EXPECT_EQ(code(call("PUT", guild("/bans/" + std::to_string(w.names.users.at("owner"))), "{}")), 50013);

  r = call("PUT", guild("/bans/" + std::to_string(alice)), R"({"delete_message_seconds":3600})", true,
           "spam%20and%20%C3%A9mojis");
  EXPECT_EQ(r.status, 204u) << r.body;
  EXPECT_FALSE(w.guilds.at(gid).members.count(alice));
  ASSERT_TRUE(w.guilds.at(gid).bans.count(alice));
  EXPECT_EQ(w.guilds.at(gid).bans.at(alice).reason, "spam and \xC3\xA9mojis");
  const auto& log = w.guilds.at(gid).audit_log;
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.back().action_type, 22);
  EXPECT_EQ(log.back().reason, "spam and \xC3\xA9mojis");
  r = call("GET", guild("/bans/" + std::to_string(alice)));
  EXPECT_EQ(body(r).at("reason").as_string(), "spam and \xC3\xA9mojis");
  EXPECT_EQ(call("DELETE", guild("/bans/" + std::to_string(alice))).status, 204u);
  EXPECT_FALSE(w.guilds.at(gid).bans.count(alice));
}

TEST_F(SimRest, MissingPermissionsAndAccess) {
  auto& w = service.world();
  // Without MANAGE_CHANNELS on the bot's role, channel edits are refused.
  const Id bot_role = w.names.roles.at("sim-bot");
  w.guilds.at(gid).roles.at(bot_role).permissions &= ~(1ULL << 4);
  EXPECT_EQ(code(call("PATCH", ch(general), R"({"name":"x"})")), 50013);
  // An overwrite hiding the channel gives Missing Access.
  w.channels.at(general).overwrites.push_back({gid, 0, 0, 1ULL << 10});
  auto r = call("POST", ch(general) + "/messages", R"({"content":"x"})");
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(code(r), 50001);
}

TEST_F(SimRest, MembersRolesTimeoutKick) {
  auto& w = service.world();
  const auto member_role = w.names.roles.at("Member");
  const auto admin_role = w.names.roles.at("Admin");
  const auto bob = w.names.users.at("bob");
  auto r = call("GET", guild("/members?limit=2"));
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(body(r).as_array().size(), 2u);
  const auto after = std::string(body(r).at(1).at("user").at("id").as_string());
  r = call("GET", guild("/members?limit=1000&after=" + after));
  EXPECT_EQ(body(r).as_array().size(), 4u) << "six members, two already listed";

  EXPECT_EQ(call("DELETE", guild("/members/" + std::to_string(alice) + "/roles/" + std::to_string(member_role))).status,
            204u);
  EXPECT_TRUE(w.guilds.at(gid).members.at(alice).roles.empty());
  EXPECT_EQ(code(call("PUT", guild("/members/" + std::to_string(alice) + "/roles/" + std::to_string(admin_role)))),
            50013);

  const auto until = iso_timestamp(now + std::chrono::minutes(10));
  r = call("PATCH", guild("/members/" + std::to_string(bob)),
           json::serialize(json::object{{"communication_disabled_until", until}}));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_FALSE(body(r).at("communication_disabled_until").is_null());
  r = call("PATCH", guild("/members/" + std::to_string(bob)),
           json::serialize(
               json::object{{"communication_disabled_until", iso_timestamp(now + std::chrono::hours(24 * 29))}}));
  EXPECT_EQ(code(r), 50035) << "more than 28 days";

  EXPECT_EQ(call("DELETE", guild("/members/" + std::to_string(bob))).status, 204u);
  EXPECT_FALSE(w.guilds.at(gid).members.count(bob));
  EXPECT_EQ(code(call("DELETE", guild("/members/" + std::to_string(w.names.users.at("admin"))))), 50013);
}

TEST_F(SimRest, RolesCreateEditMoveDelete) {
  auto r = call("POST", guild("/roles"), R"({"name":"Fresh","permissions":"2048"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto id = std::string(body(r).at("id").as_string());
  EXPECT_EQ(body(r).at("position").as_int64(), 1);
  // Granting a permission the bot lacks is refused.
  EXPECT_EQ(code(call("PATCH", guild("/roles/" + id), R"({"permissions":"8"})")), 50013);
  r = call("PATCH", guild("/roles/" + id), R"({"name":"Renamed"})");
  EXPECT_EQ(body(r).at("name").as_string(), "Renamed");
  const auto admin_role = std::to_string(service.world().names.roles.at("Admin"));
  EXPECT_EQ(code(call("PATCH", guild("/roles/" + admin_role), R"({"name":"x"})")), 50013);
  EXPECT_EQ(call("DELETE", guild("/roles/" + id)).status, 204u);
  EXPECT_EQ(code(call("GET", guild("/roles/" + id))), 10011);
}

TEST_F(SimRest, ReactionsTypingChannelsInvitesWebhooksDms) {
  const auto msg = send("react to me");
  EXPECT_EQ(call("PUT", ch(general) + "/messages/" + msg + "/reactions/%F0%9F%91%8D/@me").status, 204u);
  auto r = call("GET", ch(general) + "/messages/" + msg);
  EXPECT_EQ(body(r).at("reactions").at(0).at("emoji").at("name").as_string(), "\xF0\x9F\x91\x8D");
  EXPECT_TRUE(body(r).at("reactions").at(0).at("me").as_bool());
  EXPECT_EQ(call("POST", ch(general) + "/typing").status, 204u);

  r = call("POST", guild("/channels"), R"({"name":"new-room","type":0,"topic":"t"})");
  ASSERT_EQ(r.status, 201u) << r.body;
  const auto room = std::string(body(r).at("id").as_string());
  EXPECT_EQ(call("PUT", "/api/v10/channels/" + room + "/permissions/" + std::to_string(alice),
                 R"({"type":1,"allow":"0","deny":"2048"})")
                .status,
            204u);
  r = call("GET", "/api/v10/channels/" + room);
  EXPECT_EQ(body(r).at("permission_overwrites").as_array().size(), 1u);
  EXPECT_EQ(call("DELETE", "/api/v10/channels/" + room).status, 200u);
  EXPECT_EQ(code(call("GET", "/api/v10/channels/" + room)), 10003);

  r = call("POST", ch(general) + "/invites", R"({"max_age":60})");
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto code_str = std::string(body(r).at("code").as_string());
  EXPECT_EQ(call("GET", "/api/v10/invites/" + code_str).status, 200u);

  r = call("POST", ch(general) + "/webhooks", R"({"name":"hook"})");
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto hook = std::string(body(r).at("id").as_string());
  const auto token = std::string(body(r).at("token").as_string());
  r = call("POST", "/api/v10/webhooks/" + hook + "/" + token + "?wait=true", R"({"content":"from hook"})", false);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(body(r).at("webhook_id").as_string(), hook);
  EXPECT_EQ(code(call("POST", "/api/v10/webhooks/" + hook + "/wrong", R"({"content":"x"})", false)), 50027);

  r = call("POST", "/api/v10/users/@me/channels",
           json::serialize(json::object{{"recipient_id", std::to_string(alice)}}));
  ASSERT_EQ(r.status, 200u);
  const auto dm = std::string(body(r).at("id").as_string());
  EXPECT_EQ(body(r).at("type").as_int64(), 1);
  EXPECT_EQ(call("POST", "/api/v10/channels/" + dm + "/messages", R"({"content":"psst"})").status, 200u);
}

TEST_F(SimRest, ApplicationCommandsBulkOverwrite) {
  const auto app = std::to_string(service.world().application_id);
  auto r = call("PUT", "/api/v10/applications/" + app + "/commands",
                R"([{"name":"ping","description":"Ping"},{"name":"ban","description":"Ban"}])");
  ASSERT_EQ(r.status, 200u) << r.body;
  ASSERT_EQ(body(r).as_array().size(), 2u);
  const auto ping_id = std::string(body(r).at(0).at("id").as_string());
  r = call("PUT", "/api/v10/applications/" + app + "/commands", R"([{"name":"ping","description":"Pong"}])");
  ASSERT_EQ(body(r).as_array().size(), 1u);
  EXPECT_EQ(body(r).at(0).at("id").as_string(), ping_id) << "same name keeps its id";
  EXPECT_EQ(
      code(call("POST", "/api/v10/applications/" + app + "/commands", R"({"name":"Bad Name","description":"x"})")),
      50035);
  r = call("POST", "/api/v10/applications/" + app + "/guilds/" + std::to_string(gid) + "/commands",
           R"({"name":"local","description":"Guild only"})");
  EXPECT_EQ(r.status, 201u);
  EXPECT_EQ(body(r).at("guild_id").as_string(), std::to_string(gid));
}

TEST_F(SimRest, InteractionCallbacksAndFollowups) {
  auto r = call(
      "POST", ch(general) + "/messages",
      R"({"content":"click","components":[{"type":1,"components":[{"type":2,"style":1,"label":"Go","custom_id":"go"}]}]})");
  const auto msg = std::string(body(r).at("id").as_string());
  net::HttpRequest click;
  click.method = "POST";
  click.target = "/_sim/interactions";
  click.body =
      json::serialize(json::object{{"message_id", msg}, {"custom_id", "go"}, {"user_id", std::to_string(alice)}});
  r = service.handle(click, now);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto id = std::string(body(r).at("id").as_string());
  const auto token = std::string(body(r).at("token").as_string());
  EXPECT_EQ(body(r).at("interaction").at("data").at("custom_id").as_string(), "go");
  EXPECT_EQ(body(r).at("interaction").at("member").at("user").at("id").as_string(), std::to_string(alice));

  EXPECT_EQ(code(call("POST", "/api/v10/interactions/" + id + "/wrong/callback", R"({"type":4,"data":{"content":"x"}})",
                      false)),
            10062);
  r = call("POST", "/api/v10/interactions/" + id + "/" + token + "/callback",
           R"({"type":4,"data":{"content":"clicked"}})", false);
  EXPECT_EQ(r.status, 204u) << r.body;
  EXPECT_EQ(code(call("POST", "/api/v10/interactions/" + id + "/" + token + "/callback",
                      R"({"type":4,"data":{"content":"x"}})", false)),
            40060);
  const auto app = std::to_string(service.world().application_id);
  r = call("PATCH", "/api/v10/webhooks/" + app + "/" + token + "/messages/@original", R"({"content":"edited"})", false);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(body(r).at("content").as_string(), "edited");
  r = call("POST", "/api/v10/webhooks/" + app + "/" + token, R"({"content":"follow"})", false);
  EXPECT_EQ(r.status, 200u) << r.body;

  net::HttpRequest look;
  look.target = "/_sim/interactions/" + id;
  r = service.handle(look, now);
  ASSERT_EQ(r.status, 200u);
  EXPECT_TRUE(body(r).at("acknowledged").as_bool());
  EXPECT_EQ(body(r).at("responses").as_array().size(), 3u);
  EXPECT_EQ(body(r).at("responses").at(0).at("type").as_int64(), 4);
}

TEST_F(SimRest, RestFaultsAnswerTheNextRequests) {
  net::HttpRequest fault;
  fault.method = "POST";
  fault.target = "/_sim/faults";
  fault.body = R"({"kind":"rest","route":"POST /channels/{channel_id}/messages","status":500,"count":2})";
  ASSERT_EQ(service.handle(fault, now).status, 200u);
  EXPECT_EQ(call("POST", ch(general) + "/messages", R"({"content":"x"})").status, 500u);
  EXPECT_EQ(call("GET", ch(general) + "/messages").status, 200u) << "other routes unaffected";
  EXPECT_EQ(call("POST", ch(general) + "/messages", R"({"content":"x"})").status, 500u);
  EXPECT_EQ(call("POST", ch(general) + "/messages", R"({"content":"x"})").status, 200u);

  fault.body = R"({"kind":"rest","route":"GET /users/@me","status":429})";
  service.handle(fault, now);
  auto r = call("GET", "/api/v10/users/@me");
  EXPECT_EQ(r.status, 429u);
  EXPECT_TRUE(body(r).as_object().contains("retry_after"));
  EXPECT_TRUE(r.headers.get("Retry-After").has_value());

  fault.body = R"({"kind":"rest","route":"GET /users/@me","delay_ms":5})";
  service.handle(fault, now);
  net::HttpRequest me;
  me.target = "/api/v10/users/@me";
  EXPECT_EQ(service.take_delay(me).count(), 5);
  EXPECT_EQ(service.take_delay(me).count(), 0) << "used up";
}

TEST_F(SimRest, AfterProcessingFaultsDoTheWorkAndAnswerAnError) {
  net::HttpRequest fault;
  fault.method = "POST";
  fault.target = "/_sim/faults";
  fault.body = R"({"kind":"rest","route":"POST /channels/{channel_id}/messages","status":503,"after_processing":true})";
  ASSERT_EQ(service.handle(fault, now).status, 200u);
  const auto before = service.world().messages[general].size();
  EXPECT_EQ(call("POST", ch(general) + "/messages", R"({"content":"x"})").status, 503u);
  EXPECT_EQ(service.world().messages[general].size(), before + 1) << "the message was created all the same";
  EXPECT_EQ(call("POST", ch(general) + "/messages", R"({"content":"x"})").status, 200u) << "used up";
  fault.body = R"({"kind":"rest","route":"","after_processing":true})";
  EXPECT_EQ(service.handle(fault, now).status, 400u) << "needs a status";
}

TEST_F(SimRest, EnforcedNonceReturnsTheMessageItCreated) {
  auto& messages = service.world().messages[general];
  const auto post = [&](const std::string& json_body) { return call("POST", ch(general) + "/messages", json_body); };
  auto first = post(R"({"content":"once","nonce":"n-1","enforce_nonce":true})");
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_EQ(body(first).at("nonce").as_string(), "n-1");
  const auto count = messages.size();

  auto again = post(R"({"content":"once","nonce":"n-1","enforce_nonce":true})");
  ASSERT_EQ(again.status, 200u) << again.body;
  EXPECT_EQ(body(again).at("id"), body(first).at("id"));
  EXPECT_EQ(messages.size(), count) << "nothing new was posted";

  // Without enforce_nonce a nonce does not deduplicate.
  auto loose = post(R"({"content":"once","nonce":"n-1"})");
  EXPECT_NE(body(loose).at("id"), body(first).at("id"));
  // Numbers are nonces too, echoed as their digits; longer than 25 characters is refused.
  EXPECT_EQ(body(post(R"({"content":"n","nonce":12345,"enforce_nonce":true})")).at("nonce").as_string(), "12345");
  EXPECT_EQ(post(R"({"content":"n","nonce":"12345678901234567890123456","enforce_nonce":true})").status, 400u);

  // A few minutes later the nonce is forgotten.
  now += std::chrono::minutes(6);
  auto later = post(R"({"content":"once","nonce":"n-1","enforce_nonce":true})");
  ASSERT_EQ(later.status, 200u);
  EXPECT_NE(body(later).at("id"), body(first).at("id"));
}

TEST_F(SimRest, ControlStateMessagesAndMembers) {
  net::HttpRequest post;
  post.method = "POST";
  post.target = "/_sim/messages";
  post.body = json::serialize(json::object{
      {"channel_id", std::to_string(general)}, {"author_id", std::to_string(alice)}, {"content", "from alice"}});
  auto r = service.handle(post, now);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(body(r).at("author").at("username").as_string(), "alice");

  net::HttpRequest list;
  list.target = "/_sim/channels/" + std::to_string(general) + "/messages";
  send("bot says");
  r = service.handle(list, now);
  auto messages = body(r).as_array();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].at("content").as_string(), "from alice") << "oldest first";

  net::HttpRequest join;
  join.method = "POST";
  join.target = "/_sim/members";
  join.body = R"({"username":"carol"})";
  r = service.handle(join, now);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(body(r).at("user").at("username").as_string(), "carol");

  net::HttpRequest state;
  state.target = "/_sim/state";
  r = service.handle(state, now);
  ASSERT_EQ(r.status, 200u);
  auto s = body(r).as_object();
  EXPECT_EQ(s.at("ids").at("users").at("alice").as_string(), std::to_string(alice));
  EXPECT_EQ(s.at("ids").at("channels").at("general").as_string(), std::to_string(general));
  EXPECT_EQ(s.at("guilds").at(0).at("members").as_array().size(), 7u);
  EXPECT_TRUE(s.at("guilds").at(0).as_object().contains("audit_log"));
  EXPECT_TRUE(s.at("guilds").at(0).as_object().contains("bans"));

  // A timed-out user cannot post through the control API either.
  service.world().guilds.at(gid).members.at(alice).communication_disabled_until = now + std::chrono::hours(1);
  r = service.handle(post, now);
  EXPECT_EQ(r.status, 403u);
}

}  // namespace
}  // namespace dbot::sim
