#pragma once
// For the operations e2e tests: a database of their own on the test server
// (so `doctor` and `db schemas` see only what the test made), instance
// directories pointed at it, and the real binary.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include <fstream>
#include <map>
#include <string>

#include <boost/json.hpp>

#include "e2e/support/bot_harness.hpp"
#include "e2e/support/child_process.hpp"

namespace dbot::test::ops {

// The full path of a program in PATH (run_command does not search PATH);
// empty when there is none.
inline std::string program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t pos = 0;
  while (pos <= dirs.size()) {
    const auto colon = dirs.find(':', pos);
    const auto dir = dirs.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos);
    pos = colon == std::string::npos ? dirs.size() + 1 : colon + 1;
    if (dir.empty()) continue;
    const auto candidate = std::filesystem::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

// CREATE DATABASE on construction, DROP ... WITH (FORCE) on destruction.
class FreshDatabase {
 public:
  FreshDatabase() {
    server_ = test_database_url();
    if (server_.empty()) return;
    name_ = unique_schema("ops_e2e");
    const auto created = run_command({program("psql"), server_, "-X", "-q", "-c", "CREATE DATABASE " + name_});
    if (created.exit_code != 0) {
      ADD_FAILURE() << created.output;
      return;
    }
    // postgresql://user@host:port/db[?query] -> the same with our database.
    const auto scheme = server_.find("://");
    const auto slash = server_.find('/', scheme + 3);
    const auto query = server_.find('?', slash == std::string::npos ? 0 : slash);
    url_ = server_.substr(0, slash) + "/" + name_ + (query == std::string::npos ? "" : server_.substr(query));
  }
  ~FreshDatabase() {
    if (!url_.empty())
      run_command({program("psql"), server_, "-X", "-q", "-c", "DROP DATABASE " + name_ + " WITH (FORCE)"});
  }
  FreshDatabase(const FreshDatabase&) = delete;
  FreshDatabase& operator=(const FreshDatabase&) = delete;

  const std::string& url() const { return url_; }

  // Runs SQL; fails the test on an error. Returns psql's unaligned output.
  std::string sql(const std::string& text) const {
    const auto result =
        run_command({program("psql"), url_, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", text});
    EXPECT_EQ(result.exit_code, 0) << text << "\n" << result.output;
    return result.output;
  }

 private:
  std::string server_;
  std::string name_;
  std::string url_;
};

inline void write_file(const std::filesystem::path& path, const std::string& text, unsigned mode = 0644) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  ::chmod(path.c_str(), mode);
}

// A valid instance using `database_url` and `schema`; `env` overrides lines.
inline std::filesystem::path ops_instance(const std::filesystem::path& parent, const std::string& name,
                                          const std::string& database_url, const std::string& schema,
                                          const std::string& prefix, std::map<std::string, std::string> env = {}) {
  const auto dir = parent / name;
  std::map<std::string, std::string> values = {
      {"DISCORD_TOKEN", "token-of-" + name}, {"CLIENT_ID", "123456789012345678"},
      {"GUILD_ID", "223456789012345678"},    {"DB_SCHEMA", schema},
      {"DATABASE_URL", database_url},        {"DEEPSEEK_API_KEY", "not-a-real-key"},
      {"GEMINI_API_KEY", "not-a-real-key"}};
  for (auto& [k, v] : env) values[k] = v;
  std::string text;
  for (const auto& [k, v] : values) text += k + "=" + v + "\n";
  write_file(dir / ".env", text, 0600);
  write_file(dir / "config.toml", "bot_name = \"" + name + "\"\ncommand_prefix = \"" + prefix + "\"\n");
  write_file(dir / "personality.txt", "You are " + name + ".\n");
  return dir;
}

// `discord-bot ARGS...` with the variables an operator's shell would not
// have, so the instance directories alone decide.
inline CommandResult discord_bot(std::vector<std::string> args) {
  args.insert(args.begin(), bin("discord-bot"));
  return run_command(args, {{"LOG_LEVEL", "warn"}}, std::chrono::seconds(120));
}

struct DoctorJson {
  int exit_code = -1;
  std::string output;
  boost::json::array checks;

  // Every finding with `status` ("FAIL", ...), as "check subject: message" lines.
  std::string with(const std::string& status) const {
    std::string out;
    for (const auto& value : checks) {
      const auto& c = value.as_object();
      if (c.at("status").as_string() == status) {
        out += std::string(c.at("check").as_string()) + " " + std::string(c.at("subject").as_string()) + ": " +
               std::string(c.at("message").as_string()) + "\n";
      }
    }
    return out;
  }
  bool has(const std::string& status, const std::string& check) const {
    for (const auto& value : checks) {
      const auto& c = value.as_object();
      if (c.at("status").as_string() == status && c.at("check").as_string() == check) return true;
    }
    return false;
  }
};

inline DoctorJson doctor_json(std::vector<std::string> args) {
  args.insert(args.begin(), {"doctor", "--json"});
  const auto result = discord_bot(args);
  DoctorJson out;
  out.exit_code = result.exit_code;
  out.output = result.output;
  // The JSON document is the last line that starts with '{'.
  const auto start = result.output.rfind("\n{\"summary\"");
  const auto json_text = start == std::string::npos ? result.output : result.output.substr(start + 1);
  try {
    out.checks = boost::json::parse(json_text).as_object().at("checks").as_array();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "doctor --json did not print JSON: " << e.what() << "\n" << result.output;
  }
  return out;
}

}  // namespace dbot::test::ops
