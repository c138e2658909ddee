#pragma once
// Stock quotes from Finnhub (GET {base}/quote?symbol=X, header
// X-Finnhub-Token) with a short cache in stock_price_cache. Displays accept
// a quote up to 60 s old; trades accept one no older than the configured
// `stocks.max_quote_age` (default 15 s) and fetch a fresh one otherwise, so
// nobody can trade on a price the market has already left behind.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "features/stocks/finnhub_quote.hpp"

namespace dbot::net {
class HttpClient;
}
namespace dbot::db {
class Pool;
}

namespace dbot::features::stocks {

class QuoteService {
 public:
  static constexpr std::chrono::seconds kDisplayMaxAge{60};

  QuoteService(std::shared_ptr<net::HttpClient> http, db::Pool& pool, std::string api_base, std::string api_key,
               std::chrono::seconds trade_max_age);

  boost::asio::awaitable<Quote> for_display(const std::string& symbol);
  boost::asio::awaitable<Quote> for_trade(const std::string& symbol);

 private:
  boost::asio::awaitable<Quote> get(const std::string& symbol, std::chrono::seconds max_age);
  boost::asio::awaitable<Quote> fetch(const std::string& symbol);

  std::shared_ptr<net::HttpClient> http_;
  db::Pool& pool_;
  std::string api_base_;
  std::string api_key_;  // secret: never logged
  std::chrono::seconds trade_max_age_;
};

}  // namespace dbot::features::stocks
