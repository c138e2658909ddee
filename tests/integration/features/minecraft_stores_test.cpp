// The Minecraft feature's stores against a real Postgres with the real
// migrations: links (re-linking, look-ups by name and UUID) and chargeback
// alerts (replay refusal, saved roles, one claim per alert).

#include <gtest/gtest.h>

#include <boost/asio/this_coro.hpp>

#include "db/migrations.hpp"
#include "db/pool.hpp"
#include "features/minecraft/chargeback_store.hpp"
#include "features/minecraft/link_store.hpp"
#include "integration/db/db_test_support.hpp"

namespace dbot::features::minecraft {
namespace {
namespace asio = boost::asio;

class MinecraftStores : public db::testing::DatabaseTest {
 protected:
  // Runs `body` with a pool on a freshly migrated schema.
  template <class F>
  void with_pool(F body) {
    const auto name = schema();
    const auto url = this->url();
    db::testing::run([&]() -> asio::awaitable<void> {
      co_await db::migrate(url, name);
      db::PoolOptions options;
      options.url = url;
      options.schema = name;
      db::Pool pool(co_await asio::this_coro::executor, std::move(options));
      co_await body(pool);
      pool.close();
    }());
  }
};

TEST_F(MinecraftStores, LinksAreReplacedAndFoundByNameOrUuid) {
  with_pool([](db::Pool& pool) -> asio::awaitable<void> {
    LinkStore links(pool);
    const std::optional<std::string> uuid = "069a79f4-44e9-4726-a5be-fca90e38aaf5";
    co_await links.link(Snowflake{1}, uuid, "Steve");
    auto found = co_await links.by_minecraft("steve");
    EXPECT_TRUE(found && found->discord_id == Snowflake{1});
    found = co_await links.by_minecraft("069A79F444E94726A5BEFCA90E38AAF5");
    EXPECT_TRUE(found && found->mc_name == "Steve");
    // The same account verified by someone else moves to them.
    co_await links.link(Snowflake{2}, uuid, "Steve");
    {
      const auto value = co_await links.by_discord_id(Snowflake{1});
      EXPECT_FALSE(value);
    }
    found = co_await links.by_discord_id(Snowflake{2});
    EXPECT_TRUE(found && found->mc_uuid == uuid && !found->linked_at.empty());
    // A member re-verifying with another account replaces their link.
    const std::optional<std::string> other = "11111111-2222-3333-4444-555555555555";
    co_await links.link(Snowflake{2}, other, "Alex");
    found = co_await links.by_discord_id(Snowflake{2});
    EXPECT_TRUE(found && found->mc_name == "Alex");
    {
      const auto value = co_await links.by_minecraft("Steve");
      EXPECT_FALSE(value);
    }
    // No UUID from the plugin is allowed (and never collides).
    co_await links.link(Snowflake{3}, std::nullopt, "NoUuid");
    co_await links.link(Snowflake{4}, std::nullopt, "NoUuid2");
    {
      const auto value = co_await links.by_minecraft("nouuid");
      EXPECT_TRUE(value);
    }
  });
}

TEST_F(MinecraftStores, ChargebacksRefuseReplaysAndAreClaimedOnce) {
  with_pool([](db::Pool& pool) -> asio::awaitable<void> {
    ChargebackStore store(pool);
    ChargebackEvent event;
    event.uuid = "069a79f4-44e9-4726-a5be-fca90e38aaf5";
    event.username = "Steve";
    event.discord_id = Snowflake{42};
    event.tier = "premium";
    event.timestamp = "1700000000";
    const auto id = co_await store.insert(event, "id:evt-1");
    EXPECT_TRUE(id);
    {
      const auto value = co_await store.insert(event, "id:evt-1");
      EXPECT_FALSE(value);
    }
    const std::vector<Snowflake> roles{Snowflake{7}, Snowflake{8}};
    co_await store.save_removed_roles(*id, roles);
    co_await store.mark_stripped(*id);
    co_await store.set_message(*id, Snowflake{100}, Snowflake{200});
    auto alert = co_await store.by_message(Snowflake{200});
    EXPECT_TRUE(alert);
    if (!alert) co_return;
    EXPECT_EQ(alert->removed_roles, roles);
    EXPECT_TRUE(alert->roles_stripped);
    EXPECT_EQ(alert->discord_id, Snowflake{42});
    EXPECT_EQ(alert->status, "open");
    {
      const auto value = co_await store.by_message(Snowflake{201});
      EXPECT_FALSE(value);
    }

    {
      const auto value = co_await store.claim(*id);
      EXPECT_TRUE(value);
    }
    {
      const auto value = co_await store.claim(*id);
      EXPECT_FALSE(value);
    }
    co_await store.release(*id);
    {
      const auto value = co_await store.claim(*id);
      EXPECT_TRUE(value);
    }
    co_await store.resolve(*id, "dismissed", Snowflake{9});
    alert = co_await store.by_message(Snowflake{200});
    EXPECT_EQ(alert->status, "dismissed");
    {
      const auto value = co_await store.claim(*id);
      EXPECT_FALSE(value);
    }
  });
}

}  // namespace
}  // namespace dbot::features::minecraft
