#pragma once
// A loopback NYT puzzle site: GET /svc/wordle/v2/<date>.json and
// /svc/connections/v2/<date>.json answering the JSON the real endpoints send.
// Dates without a puzzle get 404; a date can also be set to answer junk.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "e2e/support/fakes/loopback_server.hpp"

namespace dbot::test {

struct ConnectionsGroup {
  std::string title;
  std::vector<std::string> words;  // four
};

class NytFake {
 public:
  NytFake();

  // PUZZLE_API_BASE for the bot.
  std::string base() const { return server_.url() + "/svc"; }
  void set_wordle(const std::string& date, const std::string& solution);
  // Groups in difficulty order (yellow, green, blue, purple).
  void set_connections(const std::string& date, const std::vector<ConnectionsGroup>& groups);
  // Any body at a path below /svc, e.g. ("wordle/v2/2024-01-01.json", "<html>").
  void set_raw(const std::string& path, const std::string& body);
  // Requests seen for a path below /svc.
  int requests(const std::string& path) const;

 private:
  net::HttpResponse handle(const net::HttpRequest& request);

  mutable std::mutex mutex_;
  std::map<std::string, std::string> bodies_;
  std::map<std::string, int> requests_;
  LoopbackServer server_;
};

}  // namespace dbot::test
