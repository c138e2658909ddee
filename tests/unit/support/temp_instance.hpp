#pragma once
// Test helper: a throwaway instance directory under /tmp (mkdtemp), removed
// when the object goes away, plus diagnostics matchers.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/config/load.hpp"
#include "features/all.hpp"

namespace dbot::config::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/dbot-config-test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  void write(const std::string& name, const std::string& text) const {
    const auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
  }

 private:
  std::filesystem::path path_;
};

inline constexpr const char* kValidEnv =
    "DISCORD_TOKEN=abc.def.ghi\n"
    "CLIENT_ID=123456789012345678\n"
    "GUILD_ID=223456789012345678\n"
    "DB_SCHEMA=testbot\n";

inline constexpr const char* kMinimalToml =
    "bot_name = \"Test Bot\"\n"
    "command_prefix = \"!\"\n";

// A directory holding a valid instance; tests overwrite what they exercise.
class Instance : public TempDir {
 public:
  Instance() {
    write(".env", kValidEnv);
    write("config.toml", kMinimalToml);
    write("personality.txt", "You are Test Bot.\n");
  }

  // Loads with an empty process environment unless one is given.
  LoadResult load(EnvMap environment = {}, bool allow_placeholders = false) const {
    LoadOptions options;
    options.environment = std::move(environment);
    options.allow_placeholders = allow_placeholders;
    options.sections = features::config_sections();
    return load_instance(path(), options);
  }
};

inline bool has(const LoadResult& result, Severity severity, const std::string& file, const std::string& key,
                const std::string& fragment = "") {
  for (const auto& d : result.diagnostics) {
    if (d.severity == severity && d.file == file && d.key == key && d.message.find(fragment) != std::string::npos) {
      return true;
    }
  }
  return false;
}

inline std::string dump(const LoadResult& result) {
  std::string out;
  for (const auto& d : result.diagnostics) out += format_diagnostic(d, "") + "\n";
  return out;
}

}  // namespace dbot::config::testing
