// Holds every #include "..." in src/ and apps/ to the layer matrix of
// SPEC.md §3 (tests/unit/layers/layer_rules.cpp), naming the file and the
// include that break it.

#include <gtest/gtest.h>

#include "unit/layers/layer_rules.hpp"

namespace dbot::testing::layers {
namespace {

const std::filesystem::path kRoot = DBOT_SOURCE_DIR;

TEST(Layering, EveryIncludeRespectsTheLayers) {
  const auto violations = check_tree(kRoot);
  for (const auto& v : violations) {
    ADD_FAILURE() << v.file << " includes \"" << v.include << "\": layer " << v.from << " may not use " << v.to;
  }
  EXPECT_TRUE(violations.empty());
}

TEST(Layering, APlantedBadIncludeIsCaught) {
  // The runtime naming a feature, core naming the runtime, the simulator
  // naming the client library, the MCP gateway naming Discord.
  const auto runtime = check_file(kRoot, "src/bot/instance.cpp", "#include \"features/stocks/config.hpp\"\n");
  ASSERT_EQ(runtime.size(), 1u);
  EXPECT_EQ(runtime[0].from, "bot");
  EXPECT_EQ(runtime[0].to, "features");
  EXPECT_EQ(runtime[0].include, "features/stocks/config.hpp");
  EXPECT_EQ(check_file(kRoot, "src/core/log.cpp", "  #include \"bot/instance.hpp\"\n").size(), 1u);
  EXPECT_EQ(check_file(kRoot, "src/sim/world.cpp", "#include \"discord/models.hpp\"\n").size(), 1u);
  EXPECT_EQ(check_file(kRoot, "src/gateway/config.cpp", "#include \"discord/rest_client.hpp\"\n").size(), 1u);
  EXPECT_EQ(check_file(kRoot, "src/features/stocks/stocks.cpp", "#include \"features/all.hpp\"\n").size(), 1u);
}

TEST(Layering, AllowedIncludesPass) {
  EXPECT_TRUE(check_file(kRoot, "src/features/stocks/stocks.cpp", "#include \"bot/feature.hpp\"\n").empty());
  EXPECT_TRUE(check_file(kRoot, "src/features/all.cpp", "#include \"mcp/mcp_feature.hpp\"\n").empty());
  EXPECT_TRUE(check_file(kRoot, "src/gateway/config.cpp", "#include \"mcp/transport/jsonrpc.hpp\"\n").empty());
  EXPECT_TRUE(check_file(kRoot, "apps/discord-bot/run.cpp", "#include \"features/all.hpp\"\n").empty());
  EXPECT_TRUE(check_file(kRoot, "src/net/http_server.cpp", "#include <boost/beast.hpp>\n").empty());
}

}  // namespace
}  // namespace dbot::testing::layers
