#include "features/stocks/finnhub_quote.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"

namespace dbot::features::stocks {
namespace json = boost::json;

namespace {

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

}  // namespace dbot::features::stocks
