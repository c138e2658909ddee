// Which shards a process runs for SHARD_COUNT/SHARD_IDS.

#include <gtest/gtest.h>

#include <vector>

#include "core/error.hpp"
#include "discord/gateway.hpp"

namespace dbot::discord {
namespace {

TEST(ShardsToRun, EmptyListRunsEveryShard) { EXPECT_EQ(shards_to_run({}, 3), (std::vector<unsigned>{0, 1, 2})); }

TEST(ShardsToRun, ListRunsExactlyThoseShards) {
  EXPECT_EQ(shards_to_run({0, 2}, 3), (std::vector<unsigned>{0, 2}));
  EXPECT_EQ(shards_to_run({5}, 8), (std::vector<unsigned>{5}));
}

TEST(ShardsToRun, IdOutsideTheCountIsRefused) { EXPECT_THROW(shards_to_run({0, 3}, 3), Error); }

}  // namespace
}  // namespace dbot::discord
