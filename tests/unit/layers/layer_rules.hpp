#pragma once
// The layer matrix of SPEC.md §3 as data, and a checker that holds every
// `#include "..."` of src/ and apps/ against it. Used by layering_test.cpp.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dbot::testing::layers {

// "core", "net", ..., "features", "mcp", "mcp_transport", "catalog"
// (features/all.cpp), "apps"; nullopt for a path outside the layers.
std::optional<std::string> layer_of(const std::string& path_from_root);

// Whether a file of layer `from` may include a header of layer `to`.
bool may_include(const std::string& from, const std::string& to);

struct Violation {
  std::string file;     // "src/bot/instance.cpp"
  std::string include;  // "features/stocks/config.hpp"
  std::string from;
  std::string to;
};

// Checks one file's text, found at `path_from_root` (relative includes of
// the file's own folder belong to its layer).
std::vector<Violation> check_file(const std::filesystem::path& root, const std::string& path_from_root,
                                  const std::string& text);

// Every .cpp/.hpp under root/src and root/apps.
std::vector<Violation> check_tree(const std::filesystem::path& root);

}  // namespace dbot::testing::layers
