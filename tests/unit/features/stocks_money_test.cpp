#include <gtest/gtest.h>

#include "core/error.hpp"
#include "features/stocks/amounts.hpp"
#include "features/stocks/embeds.hpp"
#include "features/stocks/money.hpp"
#include "features/stocks/quotes.hpp"

namespace dbot::features::stocks {

void PrintTo(const Fixed4& value, std::ostream* out) { *out << value.str(); }

namespace {

Fixed4 f(const char* text) { return *Fixed4::parse(text); }

TEST(StocksMoney, ParsesAndPrintsFourPlaces) {
  EXPECT_EQ(f("12").str(), "12.0000");
  EXPECT_EQ(f("12.5").str(), "12.5000");
  EXPECT_EQ(f("1,000.25").str(), "1000.2500");
  EXPECT_EQ(f("-0.0001").str(), "-0.0001");
  EXPECT_EQ(f("0.00005").str(), "0.0001") << "the fifth place rounds half up";
  EXPECT_EQ(f("0.00004").str(), "0.0000");
  for (const char* bad : {"", ".", "1.2.3", "1e5", "abc", "$5", "1 000", "--1", ",1"}) {
    EXPECT_FALSE(Fixed4::parse(bad)) << bad;
  }
  EXPECT_FALSE(Fixed4::parse("99999999999999999999")) << "beyond NUMERIC(18,4)";
}

TEST(StocksMoney, MultipliesAndDividesWithPostgresRounding) {
  EXPECT_EQ(multiply(f("1.5"), f("100")), f("150"));
  EXPECT_EQ(multiply(f("0.3333"), f("3.0001")), f("0.9999"));  // 0.99993333
  EXPECT_EQ(multiply(f("0.0001"), f("0.5")), f("0.0001"));     // 0.00005 rounds half away from zero
  EXPECT_EQ(multiply(f("-0.0001"), f("0.5")), f("-0.0001"));
  EXPECT_EQ(divide(f("100"), f("3")), f("33.3333"));
  EXPECT_EQ(divide(f("200"), f("3")), f("66.6667"));
  EXPECT_EQ(divide_down(f("200"), f("3")), f("66.6666"));
  EXPECT_EQ(weighted_average(f("100"), f("2"), f("200"), f("2")), f("150"));
}

TEST(StocksMoney, FormatsLikeTheSeed) {
  EXPECT_EQ(dollars(f("1234.5")), "$1234.50");
  EXPECT_EQ(dollars(f("-1.234")), "-$1.23");
  EXPECT_EQ(dollars(f("0.005")), "$0.01");
  EXPECT_EQ(signed_dollars(f("12")), "+$12.00");
  EXPECT_EQ(signed_dollars(f("-3.1")), "-$3.10");
  EXPECT_EQ(shares(f("2")), "2.0000");
  EXPECT_EQ(signed_percent(11.111), "+11.11%");
  EXPECT_EQ(signed_percent(-0.5), "-0.50%");
}

TEST(StocksAmounts, BuyTakesSharesOrDollars) {
  EXPECT_EQ(std::get<ShareCount>(parse_buy_amount("2")).quantity, f("2"));
  EXPECT_EQ(std::get<DollarAmount>(parse_buy_amount("$150.5")).amount, f("150.5"));
  EXPECT_EQ(std::get<AmountError>(parse_buy_amount("$")).message, "Invalid dollar amount.");
  EXPECT_EQ(std::get<AmountError>(parse_buy_amount("$0")).message, "Amount must be positive.");
  EXPECT_EQ(std::get<AmountError>(parse_buy_amount("-$5")).message, "Invalid quantity. Use a number or `$amount`.");
  EXPECT_EQ(std::get<AmountError>(parse_buy_amount("-2")).message, "Quantity must be positive.");
  EXPECT_EQ(std::get<AmountError>(parse_buy_amount("0.00001")).message, "Quantity must be positive.");
  EXPECT_EQ(std::get<AmountError>(parse_buy_amount("lots")).message, "Invalid quantity. Use a number or `$amount`.");
}

TEST(StocksAmounts, SellTakesSharesOrAll) {
  EXPECT_TRUE(std::holds_alternative<WholePosition>(parse_sell_amount("ALL")));
  EXPECT_EQ(std::get<ShareCount>(parse_sell_amount("0.5")).quantity, f("0.5"));
  EXPECT_EQ(std::get<AmountError>(parse_sell_amount("$5")).message, "Invalid quantity. Use a number or `all`.");
  EXPECT_EQ(std::get<AmountError>(parse_sell_amount("0")).message, "Quantity must be positive.");
}

// 0.0001 × $0.49 rounds to $0.0000: without the check the shares were free.
TEST(StocksAmounts, TradesWorthNothingAfterRoundingAreRefused) {
  const auto refused = refuse_worthless_trade("PENNY", f("0.0001"), f("0.49"));
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->message,
            "That trade is too small: **0.0001** shares of **PENNY** at $0.49 are worth less than $0.0001. "
            "Trade more shares.");
  EXPECT_FALSE(refuse_worthless_trade("PENNY", f("0.0001"), f("0.50")));  // rounds up to $0.0001
  EXPECT_FALSE(refuse_worthless_trade("PENNY", f("0.0002"), f("0.49")));
  EXPECT_FALSE(refuse_worthless_trade("AAPL", f("1"), f("100")));
}

TEST(StocksQuotes, ParsesFinnhubJson) {
  const auto quote = parse_finnhub_quote(
      "AAPL", R"({"c":261.74,"d":-1.03,"dp":-0.3919,"h":263.31,"l":260.68,"o":261.07,"pc":262.77,"t":1727380800})");
  EXPECT_EQ(quote.price, f("261.74"));
  EXPECT_EQ(quote.prev_close, f("262.77"));
  EXPECT_DOUBLE_EQ(quote.change_percent, -0.3919);
  // dp null: derived from c and pc instead of failing.
  const auto derived = parse_finnhub_quote("X", R"({"c":110,"d":null,"dp":null,"pc":100})");
  EXPECT_NEAR(derived.change_percent, 10.0, 1e-9);
}

TEST(StocksQuotes, UnknownSymbolAndJunkGetClearErrors) {
  try {
    parse_finnhub_quote("ZZZZ", R"({"c":0,"d":null,"dp":null,"h":0,"l":0,"o":0,"pc":0,"t":0})");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.user_message().find("Could not find stock symbol **ZZZZ**"), std::string::npos);
  }
  EXPECT_THROW(parse_finnhub_quote("X", "<html>"), Error);
  EXPECT_THROW(parse_finnhub_quote("X", R"({"pc":1})"), Error);
}

TEST(StocksQuotes, SymbolsAreNormalised) {
  EXPECT_EQ(normalize_symbol("aapl"), "AAPL");
  EXPECT_EQ(normalize_symbol("BRK.B"), "BRK.B");
  EXPECT_FALSE(normalize_symbol(""));
  EXPECT_FALSE(normalize_symbol("A&B"));
  EXPECT_FALSE(normalize_symbol("../quote"));
  EXPECT_FALSE(normalize_symbol("ABCDEFGHIJK"));
}

TEST(StocksEmbeds, PortfolioValuesAtQuoteOrCost) {
  std::vector<ValuedHolding> held{{{"AAPL", f("2"), f("100")}, f("150")}, {{"MSFT", f("1"), f("50")}, std::nullopt}};
  const auto embed = portfolio_embed("alice", f("750"), held);
  EXPECT_EQ(embed.title, "Portfolio — alice");
  EXPECT_EQ(embed.fields[0].value,
            "📈 **AAPL**: 2.0000 shares @ $150.00 = $300.00 (+50.00%)\n"
            "📈 **MSFT**: 1.0000 shares @ $50.00 = $50.00 (+0.00%) *(no quote, at cost)*");
  EXPECT_EQ(embed.fields[1].value, "$1100.00");
  EXPECT_EQ(embed.fields[2].value, "**+$100.00** (+10.00%)");
}

}  // namespace
}  // namespace dbot::features::stocks
