#include "db/schema_lease.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "db/connection.hpp"
#include "db/migrations.hpp"
#include "db/schemas.hpp"
#include "db_test_support.hpp"

namespace dbot::db::testing {
namespace {

using boost::asio::awaitable;

class Lease : public DatabaseTest {};

LeaseOptions lease_options(const std::string& url, const std::string& schema, std::string holder) {
  LeaseOptions options;
  options.url = url;
  options.schema = schema;
  options.holder = std::move(holder);
  return options;
}

TEST_F(Lease, SecondHolderIsRefusedUntilTheFirstReleases) {
  auto s = schema();
  run([&]() -> awaitable<void> {
    auto first = co_await SchemaLease::acquire(lease_options(url(), s, "first"));
    EXPECT_TRUE(first->held());

    std::string message;
    try {
      auto second = co_await SchemaLease::acquire(lease_options(url(), s, "second"));
      ADD_FAILURE() << "a second instance must not get the same schema";
    } catch (const Error& e) {
      message = e.user_message();
    }
    EXPECT_NE(message.find("schema '" + s + "' is already in use by another running instance"), std::string::npos)
        << message;

    co_await first->release();
    EXPECT_FALSE(first->held());
    auto third = co_await SchemaLease::acquire(lease_options(url(), s, "third"));
    EXPECT_TRUE(third->held());
  }());
}

TEST_F(Lease, DroppingTheLeaseObjectReleasesIt) {
  auto s = schema();
  run([&]() -> awaitable<void> {
    { auto first = co_await SchemaLease::acquire(lease_options(url(), s, "first")); }
    auto second = co_await SchemaLease::acquire(lease_options(url(), s, "second"));
    EXPECT_TRUE(second->held());
  }());
}

TEST_F(Lease, DifferentSchemasDoNotConflict) {
  auto a = schema("a");
  auto b = schema("b");
  run([&]() -> awaitable<void> {
    auto first = co_await SchemaLease::acquire(lease_options(url(), a, "a"));
    auto second = co_await SchemaLease::acquire(lease_options(url(), b, "b"));
    EXPECT_TRUE(first->held());
    EXPECT_TRUE(second->held());
  }());
}

TEST_F(Lease, HeartbeatIsVisibleInTheSchemaList) {
  auto s = schema();
  auto idle = schema("idle");
  run(migrate(url(), s));
  run(migrate(url(), idle));
  run([&]() -> awaitable<void> {
    auto lease = co_await SchemaLease::acquire(lease_options(url(), s, "instance-one"));
    co_await lease->heartbeat();
    co_await lease->heartbeat();

    auto schemas = co_await list_schemas(url());
    auto find = [&](const std::string& name) {
      return std::find_if(schemas.begin(), schemas.end(), [&](const SchemaInfo& i) { return i.name == name; });
    };
    auto mine = find(s);
    EXPECT_NE(mine, schemas.end());
    if (mine != schemas.end()) {
      EXPECT_TRUE(mine->managed);
      EXPECT_TRUE(mine->in_use);
      EXPECT_EQ(mine->holder, "instance-one");
      EXPECT_TRUE(mine->last_activity.has_value());
      EXPECT_FALSE(mine->released_at.has_value());
      EXPECT_EQ(mine->latest_migration, bundled_migrations().back().version);
      EXPECT_GT(mine->size_bytes, 0);
    }
    auto other = find(idle);
    EXPECT_NE(other, schemas.end());
    if (other != schemas.end()) {
      EXPECT_TRUE(other->managed);
      EXPECT_FALSE(other->in_use);
      EXPECT_FALSE(other->holder.has_value());
    }

    co_await lease->release();
    auto after = co_await list_schemas(url());
    auto released = std::find_if(after.begin(), after.end(), [&](const SchemaInfo& i) { return i.name == s; });
    EXPECT_NE(released, after.end());
    if (released != after.end()) {
      EXPECT_FALSE(released->in_use);
      EXPECT_TRUE(released->released_at.has_value());
    }
  }());
}

// Ends the lease holder's dedicated session, as a database blip would
// (Postgres keeps 63 bytes of application_name).
awaitable<void> terminate_lease_session(const std::string& url, const std::string& schema) {
  ConnectOptions options(url, schema);
  auto admin = co_await Connection::connect(std::move(options));
  auto ended = co_await admin->query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
      "left('discord-bot lease " +
      schema + "', 63) AND pid <> pg_backend_pid()");
  EXPECT_EQ(ended.rows(), 1u);
}

TEST_F(Lease, AHeartbeatAfterALostSessionRetakesTheLeaseAtOnce) {
  auto s = schema();
  run(migrate(url(), s));
  run([&]() -> awaitable<void> {
    auto lease = co_await SchemaLease::acquire(lease_options(url(), s, "first"));
    co_await lease->heartbeat();
    co_await terminate_lease_session(url(), s);
    // The lost session shows only when used: this one heartbeat retakes it.
    co_await lease->heartbeat();
    EXPECT_TRUE(lease->held());
    EXPECT_FALSE(lease->lost());
    std::string message;
    try {
      auto other = co_await SchemaLease::acquire(lease_options(url(), s, "second"));
    } catch (const Error& e) {
      message = e.user_message();
    }
    EXPECT_NE(message.find("already in use"), std::string::npos) << message;
  }());
}

TEST_F(Lease, AHeartbeatFindsTheLeaseTakenByAnotherAndReportsItLost) {
  auto s = schema();
  run(migrate(url(), s));
  run([&]() -> awaitable<void> {
    auto first = co_await SchemaLease::acquire(lease_options(url(), s, "first"));
    co_await first->heartbeat();
    co_await terminate_lease_session(url(), s);
    auto second = co_await SchemaLease::acquire(lease_options(url(), s, "second"));

    bool lost = false;
    try {
      co_await first->heartbeat();
    } catch (const SchemaLeaseLost&) {
      lost = true;
    }
    EXPECT_TRUE(lost);
    EXPECT_TRUE(first->lost());
    EXPECT_FALSE(first->held());
    EXPECT_TRUE(second->held());
    // Releasing the lost lease must not touch the one the second holds.
    co_await first->release();
    co_await second->heartbeat();
    EXPECT_TRUE(second->held());
  }());
}

}  // namespace
}  // namespace dbot::db::testing
