#include "features/stocks/service.hpp"

#include <algorithm>
#include <map>

#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "features/stocks/amounts.hpp"
#include "features/stocks/config.hpp"
#include "features/stocks/embeds.hpp"
#include "features/stocks/ledger.hpp"
#include "features/stocks/quotes.hpp"

namespace dbot::features::stocks {
namespace asio = boost::asio;

namespace {

constexpr const char* kBadSymbol = "That doesn't look like a stock symbol. Use a ticker like `AAPL`.";

QuoteService quotes_for(bot::Instance& instance) {
  const auto& section = instance.config().required_section<StocksConfig>();
  return QuoteService(instance.http(), instance.db(), section.finnhub_api_base, section.finnhub_api_key.value_or(""),
                      section.max_quote_age);
}

asio::awaitable<std::optional<Fixed4>> quote_or_nothing(QuoteService& service, const std::string& symbol) {
  std::optional<Fixed4> price;
  try {
    price = (co_await service.for_display(symbol)).price;
  } catch (const std::exception& e) {
    spdlog::info("No quote for {} (valued at cost): {}", symbol, e.what());
  }
  co_return price;
}

}  // namespace

bool StocksService::configured() const {
  const auto& key = instance_.config().required_section<StocksConfig>().finnhub_api_key;
  return key && !key->empty();
}

std::string StocksService::not_configured_text() {
  return "Stock trading is not configured. The bot owner needs to set `FINNHUB_API_KEY`.";
}

std::string StocksService::name_of(Snowflake guild, Snowflake user) const {
  if (const auto member = instance_.cache().member(guild, user); member && !member->nick.empty()) {
    return std::string(member->nick.view());
  }
  if (const auto known = instance_.cache().user(user)) return std::string(known->display_name());
  return "<@" + user.str() + ">";
}

asio::awaitable<bot::Reply> StocksService::price(std::string_view symbol_text) {
  if (!configured()) co_return bot::Reply::text(not_configured_text());
  const auto symbol = normalize_symbol(symbol_text);
  if (!symbol) co_return bot::Reply::text(kBadSymbol);
  auto service = quotes_for(instance_);
  const auto quote = co_await service.for_display(*symbol);
  co_return bot::Reply::embed(price_embed(quote));
}

asio::awaitable<bot::Reply> StocksService::buy(Snowflake guild, Snowflake user, std::string_view symbol_text,
                                               std::string_view amount_text) {
  if (!configured()) co_return bot::Reply::text(not_configured_text());
  const auto symbol = normalize_symbol(symbol_text);
  if (!symbol) co_return bot::Reply::text(kBadSymbol);
  const auto amount = parse_buy_amount(amount_text);
  if (const auto* error = std::get_if<AmountError>(&amount)) co_return bot::Reply::text(error->message);
  auto service = quotes_for(instance_);
  const auto quote = co_await service.for_trade(*symbol);
  Fixed4 quantity;
  if (const auto* wanted = std::get_if<DollarAmount>(&amount)) {
    // Rounded down so the cost never exceeds what the user asked to spend.
    quantity = divide_down(wanted->amount, quote.price);
    if (quantity.units() <= 0) {
      co_return bot::Reply::text("That amount buys less than 0.0001 shares of **" + *symbol + "** at " +
                                 dollars(quote.price) + ".");
    }
  } else {
    quantity = std::get<ShareCount>(amount).quantity;
  }
  Ledger book(instance_.db());
  std::optional<BuyResult> result;
  std::string refused;
  try {
    result = co_await book.buy(guild.str(), user.str(), *symbol, quantity, quote.price);
  } catch (const TradeRefused& e) {
    refused = e.user_message();
  }
  if (!result) co_return bot::Reply::text(refused);
  co_return bot::Reply::embed(bought_embed(*symbol, quote.price, *result));
}

asio::awaitable<bot::Reply> StocksService::sell(Snowflake guild, Snowflake user, std::string_view symbol_text,
                                                std::string_view amount_text) {
  if (!configured()) co_return bot::Reply::text(not_configured_text());
  const auto symbol = normalize_symbol(symbol_text);
  if (!symbol) co_return bot::Reply::text(kBadSymbol);
  const auto amount = parse_sell_amount(amount_text);
  if (const auto* error = std::get_if<AmountError>(&amount)) co_return bot::Reply::text(error->message);
  std::optional<Fixed4> quantity;
  if (const auto* count = std::get_if<ShareCount>(&amount)) quantity = count->quantity;
  // Checked before asking for a quote; the ledger checks again under its lock.
  Ledger book(instance_.db());
  const auto held = co_await book.holdings(guild.str(), user.str());
  const auto position = std::find_if(held.begin(), held.end(), [&](const Holding& h) { return h.symbol == *symbol; });
  if (position == held.end()) co_return bot::Reply::text("You don't own any **" + *symbol + "** shares.");
  if (quantity && *quantity > position->quantity) {
    co_return bot::Reply::text("You only have **" + shares(position->quantity) + "** shares of **" + *symbol + "**.");
  }
  auto service = quotes_for(instance_);
  const auto quote = co_await service.for_trade(*symbol);
  std::optional<SellResult> result;
  std::string refused;
  try {
    result = co_await book.sell(guild.str(), user.str(), *symbol, quantity, quote.price);
  } catch (const TradeRefused& e) {
    refused = e.user_message();
  }
  if (!result) co_return bot::Reply::text(refused);
  co_return bot::Reply::embed(sold_embed(*symbol, quote.price, *result));
}

asio::awaitable<bot::Reply> StocksService::portfolio(Snowflake guild, Snowflake user) {
  if (!configured()) co_return bot::Reply::text(not_configured_text());
  Ledger book(instance_.db());
  const auto cash = co_await book.cash(guild.str(), user.str());
  const auto held = co_await book.holdings(guild.str(), user.str());
  auto service = quotes_for(instance_);
  std::vector<ValuedHolding> valued;
  for (const auto& holding : held) {
    const auto price = co_await quote_or_nothing(service, holding.symbol);
    valued.push_back({holding, price});
  }
  co_return bot::Reply::embed(portfolio_embed(name_of(guild, user), cash.value_or(kStartingCash), valued));
}

asio::awaitable<bot::Reply> StocksService::leaderboard(Snowflake guild, std::string prefix) {
  if (!configured()) co_return bot::Reply::text(not_configured_text());
  Ledger book(instance_.db());
  const auto portfolios = co_await book.guild_portfolios(guild.str());
  // One quote per distinct symbol, however many people hold it.
  std::map<std::string, std::optional<Fixed4>> prices;
  for (const auto& p : portfolios) {
    for (const auto& h : p.holdings) prices.emplace(h.symbol, std::nullopt);
  }
  auto service = quotes_for(instance_);
  for (auto& entry : prices) {
    const auto price = co_await quote_or_nothing(service, entry.first);
    entry.second = price;
  }
  std::vector<LeaderboardEntry> entries;
  for (const auto& p : portfolios) {
    Fixed4 total = p.cash;
    for (const auto& h : p.holdings) total += value_of({h, prices[h.symbol]});
    entries.push_back({p.user_id, total});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const LeaderboardEntry& a, const LeaderboardEntry& b) { return a.value > b.value; });
  co_return bot::Reply::embed(leaderboard_embed(entries, prefix));
}

asio::awaitable<bot::Reply> StocksService::history(Snowflake guild, Snowflake user) {
  if (!configured()) co_return bot::Reply::text(not_configured_text());
  Ledger book(instance_.db());
  const auto trades = co_await book.history(guild.str(), user.str(), 10);
  co_return bot::Reply::embed(history_embed(name_of(guild, user), trades));
}

}  // namespace dbot::features::stocks
