#include "features/stocks/amounts.hpp"

#include "core/text.hpp"

namespace dbot::features::stocks {

BuyAmount parse_buy_amount(std::string_view text) {
  text = text::trim(text);
  if (text.starts_with('$')) {
    const auto amount = Fixed4::parse(text::trim(text.substr(1)));
    if (!amount) return AmountError{"Invalid dollar amount."};
    if (amount->units() <= 0) return AmountError{"Amount must be positive."};
    return DollarAmount{*amount};
  }
  const auto quantity = Fixed4::parse(text);
  if (!quantity) return AmountError{"Invalid quantity. Use a number or `$amount`."};
  if (quantity->units() <= 0) return AmountError{"Quantity must be positive."};
  return ShareCount{*quantity};
}

SellAmount parse_sell_amount(std::string_view text) {
  text = text::trim(text);
  if (text::to_lower(text) == "all") return WholePosition{};
  const auto quantity = Fixed4::parse(text);
  if (!quantity) return AmountError{"Invalid quantity. Use a number or `all`."};
  if (quantity->units() <= 0) return AmountError{"Quantity must be positive."};
  return ShareCount{*quantity};
}

std::optional<AmountError> refuse_worthless_trade(std::string_view symbol, Fixed4 quantity, Fixed4 price) {
  if (quantity.units() <= 0 || price.units() <= 0) return std::nullopt;  // refused elsewhere, with their own words
  if (!multiply(quantity, price).is_zero()) return std::nullopt;
  return AmountError{"That trade is too small: **" + shares(quantity) + "** shares of **" + std::string(symbol) +
                     "** at " + dollars(price) + " are worth less than $0.0001. Trade more shares."};
}

}  // namespace dbot::features::stocks
