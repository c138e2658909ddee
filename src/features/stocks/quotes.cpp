#include "features/stocks/quotes.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "core/error.hpp"
#include "db/pool.hpp"
#include "net/http_client.hpp"

namespace dbot::features::stocks {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(10);

std::optional<double> number_of(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value) return std::nullopt;
  if (value->is_double()) return value->as_double();
  if (value->is_int64()) return static_cast<double>(value->as_int64());
  if (value->is_uint64()) return static_cast<double>(value->as_uint64());
  return std::nullopt;
}

Error unknown_symbol(const std::string& symbol) {
  const std::string message = "Could not find stock symbol **" + symbol +
                              "**. Make sure you're using a valid US stock ticker (e.g., AAPL, TSLA, MSFT).";
  return Error(message, message);
}

}  // namespace

std::optional<std::string> normalize_symbol(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::string out;
  for (char c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (!ok) return std::nullopt;
    out.push_back(c);
  }
  return out;
}

Quote parse_finnhub_quote(const std::string& symbol, std::string_view body) {
  json::value parsed;
  boost::system::error_code ec;
  parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    throw Error("Failed to parse Finnhub response.", "Finnhub quote for " + symbol + " is not a JSON object");
  }
  const auto& object = parsed.as_object();
  const auto current = number_of(object, "c");
  const auto previous = number_of(object, "pc");
  if (!current) throw Error("Failed to parse Finnhub response.", "Finnhub quote for " + symbol + " has no 'c'");
  const auto price = Fixed4::from_double(*current);
  if (!price || price->units() <= 0) throw unknown_symbol(symbol);
  Quote quote;
  quote.symbol = symbol;
  quote.price = *price;
  quote.prev_close = Fixed4::from_double(previous.value_or(0)).value_or(Fixed4{});
  // `dp` is null for symbols without a previous close; derive it instead.
  if (const auto dp = number_of(object, "dp")) {
    quote.change_percent = *dp;
  } else if (quote.prev_close.units() > 0) {
    quote.change_percent = (*current - quote.prev_close.to_double()) / quote.prev_close.to_double() * 100.0;
  }
  return quote;
}

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
