// Fencing on a lost schema lease, with two real processes on one schema: the
// first instance's lease session is terminated (a database blip), a second
// instance takes the schema meanwhile, and the first must notice on its next
// heartbeat, stop, and exit with the documented code instead of running on
// beside the second.

#include <gtest/gtest.h>

#include "bot/runtime/bot_process.hpp"
#include "e2e/ops/ops_e2e_support.hpp"
#include "e2e/support/http.hpp"
#include "e2e/support/sql.hpp"

namespace dbot::test::ops {
namespace {

std::string readyz(std::uint16_t port) {
  try {
    return http_get("http://127.0.0.1:" + std::to_string(port) + "/readyz").body;
  } catch (const std::exception& e) {
    return e.what();
  }
}

// Ends the session that holds `schema`'s advisory lease lock (the holder's
// dedicated lease connection; Postgres keeps 63 bytes of its
// application_name); returns how many sessions were ended.
std::size_t terminate_lease_session(const std::string& schema) {
  const auto result = query_schema(schema,
                                   "SELECT pg_terminate_backend(a.pid) AS ended FROM pg_stat_activity a "
                                   "WHERE a.application_name = left('discord-bot lease " +
                                       schema + "', 63) AND a.pid <> pg_backend_pid()");
  return result.rows();
}

TEST(SchemaLeaseE2E, AnInstanceWhoseLeaseWasTakenStopsAndExitsWithItsCode) {
  SimProcess sim;
  TempDir dir;
  const auto schema = unique_schema("e2e_lease");
  const auto second_health = free_port();
  const auto first_dir = write_instance(sim, dir.path(), "first", {.schema = schema});
  const auto second_dir = write_instance(
      sim, dir.path(), "second", {.schema = schema, .extra_env = {{"HEALTH_PORT", std::to_string(second_health)}}});

  BotProcess first({first_dir});
  ASSERT_TRUE(first.wait_until_connected()) << first.output();

  // While the first holds the lease, a second cannot start on the schema.
  {
    BotProcess refused({second_dir});
    ASSERT_EQ(refused.process().wait(std::chrono::seconds(60)), std::optional<int>(1)) << refused.output();
    EXPECT_NE(refused.output().find("already in use by another running instance"), std::string::npos)
        << refused.output();
  }

  // The blip: the first's lease session is gone, and the second starts before
  // the first's next heartbeat retakes it. Should the first win that race, the
  // second is refused again and the blip is repeated (bounded).
  std::unique_ptr<BotProcess> second;
  for (int attempt = 0; attempt < 5 && !second; ++attempt) {
    ASSERT_EQ(terminate_lease_session(schema), 1u) << first.output();
    auto candidate = std::make_unique<BotProcess>(std::vector<std::filesystem::path>{second_dir});
    if (candidate->wait_until_connected()) second = std::move(candidate);
  }
  ASSERT_TRUE(second) << first.output();

  // The first finds its lease taken, stops and says so with its own exit code.
  EXPECT_EQ(first.process().wait(std::chrono::seconds(120)), std::optional<int>(bot::kExitSchemaLeaseLost))
      << first.output();
  EXPECT_NE(first.output().find("lost the lease on schema '" + schema + "'"), std::string::npos) << first.output();

  // The second runs on, and its readiness includes the lease it holds.
  EXPECT_TRUE(second->process().running()) << second->output();
  std::string body;
  EXPECT_TRUE(eventually(
      [&] {
        return (body = readyz(second_health)).find("\"name\":\"schema_lease:second\",\"status\":\"ok\"") !=
               std::string::npos;
      },
      std::chrono::seconds(30)))
      << body;
}

}  // namespace
}  // namespace dbot::test::ops
