#pragma once
// End-to-end harness: the real `discord-bot sim` and `discord-bot run`
// binaries as child processes, an instance directory made from the shipped
// example and pointed at the simulator and the test Postgres, and helpers
// to act as a user and read what the bot did.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "e2e/support/child_process.hpp"

namespace dbot::test {

// Fails the calling test when TEST_DATABASE_URL is missing.
std::string test_database_url();
// A schema name nobody else uses.
std::string unique_schema(const std::string& prefix);
std::string bin(const std::string& name);  // build/bin/<name>

class SimProcess {
 public:
  explicit SimProcess(std::vector<std::string> extra_args = {});
  ~SimProcess();

  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string api_base() const { return url() + "/api"; }
  boost::json::object state() const;
  std::string id(const std::string& kind, const std::string& name) const;  // ids.users.alice, ...

  // A user speaks in a channel; returns the created message.
  boost::json::object say(const std::string& user, const std::string& channel, const std::string& content);
  std::vector<boost::json::object> messages(const std::string& channel) const;
  // Waits for a message in `channel` from the bot that satisfies `match`,
  // newer than `after_id` (0 for any).
  std::optional<boost::json::object> wait_for_bot_message(const std::string& channel,
                                                          const std::function<bool(const boost::json::object&)>& match,
                                                          const std::string& after_id = "0",
                                                          std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // What the bot answered to `message` (a reply to it).
  std::optional<boost::json::object> wait_for_reply(const boost::json::object& message,
                                                    std::chrono::milliseconds timeout = std::chrono::seconds(15));
  boost::json::object post(const std::string& path, const boost::json::value& body) const;
  boost::json::value get(const std::string& path) const;

 private:
  TempDir dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> process_;
  mutable boost::json::object ids_;
};

struct InstanceFiles {
  std::string schema;
  std::string prefix = "!";
  std::string root = "m";
  std::string bot_name = "Test Bot";
  std::map<std::string, std::string> extra_env;  // more .env lines
  std::string extra_toml;                        // appended to config.toml
};

// Writes an instance directory for `sim` under `parent/name`.
std::filesystem::path write_instance(const SimProcess& sim, const std::filesystem::path& parent,
                                     const std::string& name, const InstanceFiles& files);

class BotProcess {
 public:
  BotProcess(const std::vector<std::filesystem::path>& instance_dirs, std::vector<std::string> extra_args = {});
  ~BotProcess();
  ChildProcess& process() { return *process_; }
  bool wait_until_connected(std::size_t instances = 1, std::chrono::milliseconds timeout = std::chrono::seconds(60));
  std::string output() const { return process_->output(); }

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
};

std::string content_of(const boost::json::object& message);
// The text of every embed (titles, descriptions, field names and values, footers).
std::string embed_text(const boost::json::object& message);

}  // namespace dbot::test
