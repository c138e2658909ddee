#include "unit/layers/layer_rules.hpp"

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace dbot::testing::layers {
namespace {

namespace fs = std::filesystem;

using Layers = std::set<std::string>;

// Who may include whom: core ← net ← db ← discord/voice ← bot ← features ←
// mcp/gateway; the simulator shares only core and net with the client side;
// the MCP gateway speaks MCP (mcp/transport) but not Discord; the runtime
// (bot) knows features only through the registry, and only the catalog
// (features/all.cpp) names them all.
const std::map<std::string, Layers>& matrix() {
  static const std::map<std::string, Layers> rules = {
      {"core", {"core"}},
      {"net", {"core", "net"}},
      {"db", {"core", "db"}},
      {"discord", {"core", "net", "discord"}},
      {"voice", {"core", "net", "discord", "voice"}},
      {"bot", {"core", "net", "db", "discord", "voice", "bot"}},
      {"features", {"core", "net", "db", "discord", "voice", "bot", "features"}},
      {"mcp_transport", {"core", "net", "mcp_transport"}},
      {"mcp", {"core", "net", "db", "discord", "voice", "bot", "features", "mcp", "mcp_transport"}},
      {"catalog", {"core", "net", "db", "discord", "voice", "bot", "features", "mcp", "mcp_transport", "catalog"}},
      {"ops", {"core", "net", "db", "discord", "ops"}},
      {"gateway", {"core", "net", "mcp_transport", "gateway"}},
      {"sim", {"core", "net", "sim"}},
  };
  return rules;
}

std::vector<std::string> components(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream in(path);
  std::string part;
  while (std::getline(in, part, '/')) parts.push_back(part);
  return parts;
}

}  // namespace

std::optional<std::string> layer_of(const std::string& path_from_root) {
  const auto parts = components(path_from_root);
  if (parts.size() < 2) return std::nullopt;
  if (parts[0] == "apps") return "apps";
  if (parts[0] != "src") return std::nullopt;
  const auto& top = parts[1];
  if (top == "mcp" && parts.size() > 3 && parts[2] == "transport") return "mcp_transport";
  if (top == "features" && parts.size() == 3 && (parts[2] == "all.cpp" || parts[2] == "all.hpp")) return "catalog";
  if (!matrix().contains(top)) return std::nullopt;
  return top;
}

bool may_include(const std::string& from, const std::string& to) {
  if (from == "apps") return true;
  const auto it = matrix().find(from);
  return it != matrix().end() && it->second.contains(to);
}

std::vector<Violation> check_file(const fs::path& root, const std::string& path_from_root, const std::string& text) {
  std::vector<Violation> out;
  const auto from = layer_of(path_from_root);
  if (!from) return out;
  static const std::regex include(R"re(^\s*#\s*include\s+"([^"]+)")re");
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch match;
    if (!std::regex_search(line, match, include)) continue;
    const std::string target = match[1];
    // A header beside the file (or in a folder below it) is the file's own layer.
    const auto beside = (root / path_from_root).parent_path() / target;
    std::optional<std::string> to;
    std::error_code ec;
    if (fs::exists(beside, ec)) {
      to = layer_of(fs::relative(beside, root, ec).lexically_normal().generic_string());
    } else {
      to = layer_of("src/" + target);
    }
    if (!to) to = "(outside src/: " + target + ")";
    if (!may_include(*from, *to)) out.push_back({path_from_root, target, *from, *to});
  }
  return out;
}

std::vector<Violation> check_tree(const fs::path& root) {
  std::vector<Violation> out;
  for (const auto* top : {"src", "apps"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const auto extension = entry.path().extension();
      if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".hpp")) continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      auto found = check_file(root, fs::relative(entry.path(), root).generic_string(), text.str());
      out.insert(out.end(), found.begin(), found.end());
    }
  }
  return out;
}

}  // namespace dbot::testing::layers
