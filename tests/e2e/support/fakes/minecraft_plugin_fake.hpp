#pragma once
// A loopback stand-in for the companion Minecraft plugin: the three
// endpoints the bot calls (POST /api/verify, GET /api/donators,
// POST /api/ban) with the plugin's JSON and bearer check, running on its own
// thread on 127.0.0.1. Tests script its answers and read back what it got.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace dbot::net {
class HttpServer;
}

namespace dbot::test {

class MinecraftPluginFake {
 public:
  struct Call {
    std::string method;
    std::string path;
    std::string authorization;
    std::string body;
  };

  explicit MinecraftPluginFake(std::string secret);
  ~MinecraftPluginFake();
  MinecraftPluginFake(const MinecraftPluginFake&) = delete;
  MinecraftPluginFake& operator=(const MinecraftPluginFake&) = delete;

  std::string url() const;

  // A one-time code the plugin knows (as Minecraft's /verify would issue it).
  void add_code(std::string code, std::string username, std::string uuid);
  // The donor list as {discord_id, tier} pairs.
  void set_donators(std::vector<std::pair<std::string, std::string>> donators);
  // Answers /api/donators with this status and body instead of the list.
  void fail_donators(unsigned status, std::string body);
  void clear_donator_failure();
  void set_ban_status(unsigned status);

  std::vector<Call> calls(const std::string& path) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
  boost::asio::io_context io_;
  std::unique_ptr<net::HttpServer> server_;
  std::thread thread_;
};

}  // namespace dbot::test
