// libFuzzer target for the outside input of the games and stocks features:
// Finnhub quote JSON, NYT Wordle and Connections JSON, and what users type as
// a trade amount or a puzzle date. Nothing may crash; parsed values must
// satisfy their invariants.
// Build and run: fuzz/games_stocks_build.sh [seconds]

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "features/connections/puzzle.hpp"
#include "features/games_common/dates.hpp"
#include "features/stocks/amounts.hpp"
#include "features/stocks/finnhub_quote.hpp"
#include "features/wordle/puzzle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace f = dbot::features;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto quote = f::stocks::parse_finnhub_quote("X", text);
    if (quote.price.units() <= 0) std::abort();  // a usable quote is positive
  } catch (const dbot::Error&) {
  }
  try {
    const auto state = f::wordle::parse_puzzle(text, "2024-01-01");
    if (state.solution.size() != 5) std::abort();
  } catch (const dbot::Error&) {
  }
  try {
    const auto puzzle = f::connections::parse_puzzle(text, "2024-01-01");
    if (puzzle.categories.size() != 4) std::abort();
  } catch (const dbot::Error&) {
  }
  if (const auto amount = dbot::features::stocks::Fixed4::parse(text)) {
    // Printing and parsing again gives the same amount.
    if (dbot::features::stocks::Fixed4::parse(amount->str()) != amount) std::abort();
  }
  const auto buy = f::stocks::parse_buy_amount(text);
  if (const auto* shares = std::get_if<f::stocks::ShareCount>(&buy); shares && shares->quantity.units() <= 0)
    std::abort();
  if (const auto date = f::games::parse_date(text)) {
    if (f::games::format_date(*date) != text) std::abort();  // strict YYYY-MM-DD only
  }
  return 0;
}
