#pragma once
// What a user types after `stock buy SYM` / `stock sell SYM`: a share count,
// a `$` amount, or `all`. Parsing is separate from trading so every wording
// of a bad amount gets its own clear answer before any quote is fetched.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "features/stocks/money.hpp"

namespace dbot::features::stocks {

struct ShareCount {
  Fixed4 quantity;
};
struct DollarAmount {
  Fixed4 amount;
};
struct WholePosition {};
struct AmountError {
  std::string message;
};

using BuyAmount = std::variant<ShareCount, DollarAmount, AmountError>;
using SellAmount = std::variant<ShareCount, WholePosition, AmountError>;

BuyAmount parse_buy_amount(std::string_view text);
SellAmount parse_sell_amount(std::string_view text);

// A trade whose total (quantity × price, rounded to four places like the
// NUMERIC columns) is $0.0000 would move shares for nothing: 0.0001 shares
// under $0.50 were free to buy, and selling them paid nothing. The refusal
// to show, or nullopt when the trade is worth something.
std::optional<AmountError> refuse_worthless_trade(std::string_view symbol, Fixed4 quantity, Fixed4 price);

}  // namespace dbot::features::stocks
