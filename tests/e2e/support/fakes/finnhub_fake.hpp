#pragma once
// A loopback Finnhub: GET /api/v1/quote?symbol=X with the X-Finnhub-Token
// header, answering Finnhub's real quote JSON ({"c","d","dp","h","l","o",
// "pc","t"}). Unknown symbols get what Finnhub sends for them: zeros with
// null d/dp. A wrong token gets 401 like the real API.

#include <map>
#include <mutex>
#include <string>

#include "e2e/support/fakes/loopback_server.hpp"

namespace dbot::test {

class FinnhubFake {
 public:
  explicit FinnhubFake(std::string token = "fake-finnhub-key");

  // FINNHUB_API_BASE for the bot.
  std::string base() const { return server_.url() + "/api/v1"; }
  const std::string& token() const { return token_; }
  void set_quote(const std::string& symbol, double price, double previous_close);
  // Quote requests seen for `symbol` (with the right token).
  int requests(const std::string& symbol) const;

 private:
  net::HttpResponse handle(const net::HttpRequest& request);

  std::string token_;
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<double, double>> quotes_;
  std::map<std::string, int> requests_;
  LoopbackServer server_;  // last: stops before the state it reads
};

}  // namespace dbot::test
