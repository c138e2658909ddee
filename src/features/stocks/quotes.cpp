#include "features/stocks/quotes.hpp"

#include <spdlog/spdlog.h>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "net/http_client.hpp"

namespace dbot::features::stocks {
namespace asio = boost::asio;

namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(10);

}  // namespace

QuoteService::QuoteService(std::shared_ptr<net::HttpClient> http, db::Pool& pool, std::string api_base,
                           std::string api_key, std::chrono::seconds trade_max_age)
    : http_(std::move(http)),
      pool_(pool),
      api_base_(std::move(api_base)),
      api_key_(std::move(api_key)),
      trade_max_age_(trade_max_age) {}

asio::awaitable<Quote> QuoteService::for_display(const std::string& symbol) {
  co_return co_await get(symbol, kDisplayMaxAge);
}

asio::awaitable<Quote> QuoteService::for_trade(const std::string& symbol) {
  co_return co_await get(symbol, trade_max_age_);
}

asio::awaitable<Quote> QuoteService::get(const std::string& symbol, std::chrono::seconds max_age) {
  std::optional<Quote> cached;
  try {
    // Ages are measured by the database clock, the same clock that stamped them.
    const auto row = co_await pool_.execute(
        "SELECT price, prev_close, change_pct FROM stock_price_cache "
        "WHERE symbol = $1 AND fetched_at > NOW() - make_interval(secs => $2)",
        symbol, static_cast<std::int64_t>(max_age.count()));
    if (!row.empty()) {
      const auto price = Fixed4::from_double(row.get<double>(0, "price"));
      const auto previous = Fixed4::from_double(row.get<double>(0, "prev_close"));
      if (price && price->units() > 0 && previous) {
        cached = Quote{symbol, *price, *previous, row.get<double>(0, "change_pct")};
      }
    }
  } catch (const std::exception& e) {
    spdlog::warn("Reading the quote cache failed: {}", e.what());
  }
  if (cached) co_return *cached;
  auto quote = co_await fetch(symbol);
  try {
    co_await pool_.execute(
        "INSERT INTO stock_price_cache (symbol, price, prev_close, change_pct, fetched_at) "
        "VALUES ($1, $2, $3, $4, NOW()) ON CONFLICT (symbol) DO UPDATE SET price = EXCLUDED.price, "
        "prev_close = EXCLUDED.prev_close, change_pct = EXCLUDED.change_pct, fetched_at = EXCLUDED.fetched_at",
        symbol, quote.price.to_double(), quote.prev_close.to_double(), quote.change_percent);
  } catch (const std::exception& e) {
    spdlog::warn("Writing the quote cache failed: {}", e.what());
  }
  co_return quote;
}

asio::awaitable<Quote> QuoteService::fetch(const std::string& symbol) {
  net::HttpRequest request;
  request.method = "GET";
  request.target = api_base_ + "/quote?symbol=" + net::percent_encode(symbol);
  request.headers.set("X-Finnhub-Token", api_key_);
  request.headers.set("Accept", "application/json");
  net::HttpResponse response;
  std::optional<std::string> transport_failure;
  try {
    response = co_await http_->request(std::move(request), kRequestTimeout);
  } catch (const std::exception& e) {
    transport_failure = e.what();
  }
  if (transport_failure) {
    throw Error("Failed to fetch stock price: the quote service did not answer. Try again in a moment.",
                "Finnhub request for " + symbol + " failed: " + *transport_failure);
  }
  if (response.status < 200 || response.status >= 300) {
    const std::string message = "Finnhub API returned status " + std::to_string(response.status);
    throw Error(message, message + " for " + symbol);
  }
  co_return parse_finnhub_quote(symbol, response.body);
}

}  // namespace dbot::features::stocks
