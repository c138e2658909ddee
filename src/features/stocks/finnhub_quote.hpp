#pragma once
// Finnhub's quote JSON ({"c","d","dp","h","l","o","pc","t"}) and ticker
// symbols: parsing only, no I/O, so it can be unit-tested and fuzzed.

#include <optional>
#include <string>
#include <string_view>

#include "features/stocks/money.hpp"

namespace dbot::features::stocks {

struct Quote {
  std::string symbol;
  Fixed4 price;
  Fixed4 prev_close;
  double change_percent = 0;
};

// "aapl" -> "AAPL"; nullopt for anything that cannot be a ticker
// (1-10 of A-Z, 0-9, '.', '-').
std::optional<std::string> normalize_symbol(std::string_view text);

// Parses Finnhub's quote JSON. Throws dbot::Error with the reply to show
// (unknown symbol when `c` is 0, unreadable JSON). `dp` may be null.
Quote parse_finnhub_quote(const std::string& symbol, std::string_view body);

}  // namespace dbot::features::stocks
