// Every REST path is declared once, in src/discord/routes.hpp: a quoted path
// literal anywhere else in src/ is a route that bypasses the declared
// vocabulary (and its bucket keys). The simulator (src/sim) is the server
// side, a separate layer that must not include src/discord, so it is exempt.

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

std::vector<std::string> rest_path_literals(const fs::path& root) {
  static const std::regex literal(
      R"re("/(channels|guilds|users|webhooks|interactions|applications|invites|gateway)\b)re");
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    const auto relative = fs::relative(entry.path(), root).generic_string();
    if (relative == "discord/routes.hpp" || relative.rfind("sim/", 0) == 0) continue;
    std::ifstream in(entry.path());
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (std::regex_search(line, literal)) found.push_back(relative + ":" + std::to_string(number) + ": " + line);
    }
  }
  return found;
}

TEST(RouteLiteralGuard, NoRestPathLiteralOutsideRoutesHeader) {
  const fs::path src = fs::path(DBOT_SOURCE_DIR) / "src";
  ASSERT_TRUE(fs::exists(src / "discord" / "routes.hpp"));
  const auto found = rest_path_literals(src);
  std::ostringstream report;
  for (const auto& f : found) report << f << "\n";
  EXPECT_TRUE(found.empty()) << "declare these in src/discord/routes.hpp:\n" << report.str();
}

TEST(RouteLiteralGuard, TheScanSeesTheDeclaredRoutes) {
  // The guard can fail: the same scan finds the literals in routes.hpp.
  std::ifstream in(fs::path(DBOT_SOURCE_DIR) / "src" / "discord" / "routes.hpp");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("\"/channels/{channel_id}/messages\""), std::string::npos);
  EXPECT_TRUE(std::regex_search(text.str(), std::regex(R"re("/(channels|guilds)\b)re")));
}

}  // namespace
