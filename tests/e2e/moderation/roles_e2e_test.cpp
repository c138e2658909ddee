// Auto-role promotion and the join role, end to end.

#include <thread>

#include "e2e/moderation/moderation_support.hpp"

namespace dbot::test {
namespace {
namespace json = boost::json;
using ::testing::HasSubstr;

class Roles : public ModerationTest {
 protected:
  void SetUp() override {
    start(
        "[features]\nauto_role = true\njoin_role = true\n"
        "[auto_role]\nfrom_role = \"{member}\"\nto_role = \"{regular}\"\nmin_age = \"365d\"\nmin_messages = 3\n"
        "require_all = false\n"
        "[join_role]\nrole = \"{regular}\"\n");
  }

  // The role ids only exist once the simulator runs: create "Regular" and
  // put the real ids into the instance's config before it is written.
  void before_instance() override {
    const auto created = user_rest("admin", "POST", "/guilds/" + guild() + "/roles", json::object{{"name", "Regular"}});
    ASSERT_EQ(created.status, 200u) << created.body;
    regular = std::string(json::parse(created.body).at("id").as_string());
    member = sim->id("roles", "Member");
  }

  void start(std::string toml) {
    sim = std::make_unique<SimProcess>();
    schema = unique_schema("e2e_roles");
    before_instance();
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"{member}", member}, {"{regular}", regular}}) {
      for (auto at = toml.find(from); at != std::string::npos; at = toml.find(from)) toml.replace(at, from.size(), to);
    }
    instance = write_instance(*sim, dir.path(), "rolebot", {.schema = schema, .extra_toml = toml});
    start_bot();
  }

  bool has_role(const std::string& who, const std::string& role) const {
    const auto roles = member_roles(who);
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }

  std::uint64_t requests(const std::string& route) const {
    const auto counts = sim->get("/_sim/requests");
    const auto* count = counts.as_object().if_contains(route);
    return count ? count->to_number<std::uint64_t>() : 0;
  }

  std::string regular;
  std::string member;
};

constexpr const char* kAddRole = "PUT /guilds/{guild_id}/members/{id}/roles/{id}";

TEST_F(Roles, ConcurrentMessagesPromoteExactlyOnce) {
  // 16 senders at once, as alice (who holds Member), well past min_messages.
  const auto body = json::serialize(
      json::object{{"channel_id", sim->id("channels", "general")}, {"author_id", user("alice")}, {"content", "hi"}});
  std::vector<std::thread> senders;
  for (int i = 0; i < 16; ++i) {
    senders.emplace_back([&] {
      for (int k = 0; k < 2; ++k) http_post(sim->url() + "/_sim/messages", body);
    });
  }
  for (auto& t : senders) t.join();

  ASSERT_TRUE(eventually([&] { return has_role("alice", regular) && !has_role("alice", member); })) << bot->output();
  // Give any duplicate attempt time to show up, then count.
  ASSERT_TRUE(eventually([&] {
    return count_rows("SELECT COALESCE(MAX(message_count), 0) FROM member_activity WHERE user_id = '" + user("alice") +
                      "'") == 32;
  }));
  EXPECT_EQ(requests(kAddRole), 1u);
  EXPECT_EQ(requests("DELETE /guilds/{guild_id}/members/{id}/roles/{id}"), 1u);
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM member_activity WHERE promoted"), 1);
}

TEST_F(Roles, AMemberWithoutTheFromRoleIsNeverPromoted) {
  sim->post("/_sim/members", json::object{{"username", "carol"}, {"roles", json::array{}}});
  ASSERT_TRUE(eventually([&] { return has_role("carol", regular); }));  // the join role
  // Take the join role away again so carol holds neither role.
  ASSERT_EQ(
      user_rest("admin", "DELETE", "/guilds/" + guild() + "/members/" + user("carol") + "/roles/" + regular).status,
      204u);
  const auto adds_before = requests(kAddRole);
  for (int i = 0; i < 5; ++i) sim->say("carol", "general", "hello " + std::to_string(i));
  ASSERT_TRUE(eventually([&] {
    return count_rows("SELECT COALESCE(MAX(message_count), 0) FROM member_activity WHERE user_id = '" + user("carol") +
                      "'") == 5;
  }));
  EXPECT_EQ(requests(kAddRole), adds_before);
  EXPECT_FALSE(has_role("carol", regular));
  EXPECT_EQ(count_rows("SELECT COUNT(*) FROM member_activity WHERE promoted"), 0);
}

TEST_F(Roles, JoiningMembersGetTheJoinRole) {
  const auto joined = sim->post("/_sim/members", json::object{{"username", "dave"}});
  ASSERT_TRUE(joined.contains("user"));
  ASSERT_TRUE(eventually([&] { return has_role("dave", regular); })) << bot->output();
  const auto audit = user_rest("admin", "GET", "/guilds/" + guild() + "/audit-logs?action_type=25");
  EXPECT_THAT(audit.body, HasSubstr("Auto join role"));
}

}  // namespace
}  // namespace dbot::test
