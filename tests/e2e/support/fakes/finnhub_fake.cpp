#include "e2e/support/fakes/finnhub_fake.hpp"

#include <boost/json.hpp>

namespace dbot::test {
namespace json = boost::json;

FinnhubFake::FinnhubFake(std::string token)
    : token_(std::move(token)), server_([this](const net::HttpRequest& request) { return handle(request); }) {}

void FinnhubFake::set_quote(const std::string& symbol, double price, double previous_close) {
  std::lock_guard lock(mutex_);
  quotes_[symbol] = {price, previous_close};
}

int FinnhubFake::requests(const std::string& symbol) const {
  std::lock_guard lock(mutex_);
  const auto it = requests_.find(symbol);
  return it == requests_.end() ? 0 : it->second;
}

net::HttpResponse FinnhubFake::handle(const net::HttpRequest& request) {
  if (request.path() != "/api/v1/quote") return net::HttpResponse::json(404, R"({"error":"Not found"})");
  const auto token = request.headers.get("X-Finnhub-Token");
  if (!token || *token != token_) {
    return net::HttpResponse::json(401, R"({"error":"Invalid API key"})");
  }
  const auto symbol = request.query("symbol").value_or("");
  std::lock_guard lock(mutex_);
  ++requests_[symbol];
  json::object body;
  const auto it = quotes_.find(symbol);
  if (it == quotes_.end()) {
    body = {{"c", 0}, {"d", nullptr}, {"dp", nullptr}, {"h", 0}, {"l", 0}, {"o", 0}, {"pc", 0}, {"t", 0}};
  } else {
    const auto [price, previous] = it->second;
    body = {{"c", price},     {"d", price - previous}, {"dp", (price - previous) / previous * 100.0},
            {"h", price},     {"l", previous},         {"o", previous},
            {"pc", previous}, {"t", 1732700000}};
  }
  return net::HttpResponse::json(200, json::serialize(body));
}

}  // namespace dbot::test
