#include "features/stocks/embeds.hpp"

namespace dbot::features::stocks {

namespace {

double percent_of(Fixed4 part, Fixed4 whole) {
  if (whole.units() == 0) return 0;
  return static_cast<double>(part.units()) / static_cast<double>(whole.units()) * 100.0;
}

}  // namespace

Fixed4 value_of(const ValuedHolding& valued) {
  return multiply(valued.holding.quantity, valued.price.value_or(valued.holding.avg_cost));
}

bot::Embed price_embed(const Quote& quote) {
  const bool up = quote.price >= quote.prev_close;
  const Fixed4 change = up ? quote.price - quote.prev_close : quote.prev_close - quote.price;
  bot::Embed embed{.title = quote.symbol + " Stock Price",
                   .description = "**" + dollars(quote.price) + "**",
                   .color = up ? palette::kGreen : palette::kRed};
  embed.field("Daily Change",
              std::string(up ? "▲ " : "▼ ") + dollars(change) + " (" + signed_percent(quote.change_percent) + ")",
              true);
  embed.field("Previous Close", dollars(quote.prev_close), true);
  return embed;
}

bot::Embed bought_embed(const std::string& symbol, Fixed4 price, const BuyResult& result) {
  bot::Embed embed{
      .title = "Stock Purchased",
      .description = "Bought **" + shares(result.quantity) + "** shares of **" + symbol + "** at " + dollars(price),
      .color = palette::kGreen};
  embed.field("Total Cost", dollars(result.total), true);
  embed.field("Cash Remaining", dollars(result.cash_after), true);
  return embed;
}

bot::Embed sold_embed(const std::string& symbol, Fixed4 price, const SellResult& result) {
  bot::Embed embed{
      .title = "Stock Sold",
      .description = "Sold **" + shares(result.quantity) + "** shares of **" + symbol + "** at " + dollars(price),
      .color = result.realized.negative() ? palette::kRed : palette::kGreen};
  embed.field("Total Sale", dollars(result.total), true);
  embed.field("Realized P/L", signed_dollars(result.realized), true);
  embed.field("Cash Balance", dollars(result.cash_after), true);
  return embed;
}

bot::Embed portfolio_embed(const std::string& name, Fixed4 cash, const std::vector<ValuedHolding>& holdings) {
  Fixed4 total = cash;
  std::string lines;
  for (const auto& valued : holdings) {
    const auto& h = valued.holding;
    const Fixed4 value = value_of(valued);
    const Fixed4 cost = multiply(h.quantity, h.avg_cost);
    const Fixed4 gain = value - cost;
    total += value;
    lines += std::string(gain.negative() ? "📉" : "📈") + " **" + h.symbol + "**: " + shares(h.quantity) + " shares @ " +
             dollars(valued.price.value_or(h.avg_cost)) + " = " + dollars(value) + " (" +
             signed_percent(percent_of(gain, cost)) + ")" + (valued.price ? "" : " *(no quote, at cost)*") + "\n";
  }
  const Fixed4 pnl = total - kStartingCash;
  bot::Embed embed{.title = "Portfolio — " + name,
                   .description = "Cash: **" + dollars(cash) + "**",
                   .color = pnl.negative() ? palette::kRed : palette::kGreen};
  if (!lines.empty()) lines.pop_back();
  embed.field("Holdings", lines.empty() ? "No stocks held." : lines);
  embed.field("Total Value", dollars(total), true);
  embed.field("Total P/L", "**" + signed_dollars(pnl) + "** (" + signed_percent(percent_of(pnl, kStartingCash)) + ")",
              true);
  return embed;
}

bot::Embed leaderboard_embed(const std::vector<LeaderboardEntry>& entries, const std::string& prefix) {
  bot::Embed embed{.title = "Stock Leaderboard", .color = palette::kGold};
  if (entries.empty()) {
    embed.description = "No portfolios found. Use `" + prefix + "stock buy` to get started!";
    return embed;
  }
  static const char* const kMedals[] = {"🥇", "🥈", "🥉"};
  for (std::size_t i = 0; i < entries.size() && i < 10; ++i) {
    const auto& entry = entries[i];
    embed.description += std::string(i < 3 ? kMedals[i] : "▫️") + " **#" + std::to_string(i + 1) + "** <@" +
                         entry.user_id + "> — " + dollars(entry.value) + " (" +
                         signed_dollars(entry.value - kStartingCash) + ")\n";
  }
  embed.description.pop_back();
  return embed;
}

bot::Embed history_embed(const std::string& name, const std::vector<TradeRecord>& trades) {
  bot::Embed embed{.title = "Trade History — " + name, .color = palette::kBlurple};
  if (trades.empty()) {
    embed.description = "No trades yet.";
    return embed;
  }
  for (const auto& t : trades) {
    embed.description += std::string(t.action == "BUY" ? "🟢" : "🔴") + " **" + t.action + "** " + shares(t.quantity) +
                         " " + t.symbol + " @ " + dollars(t.price) + " (" + dollars(t.total) +
                         ") — <t:" + std::to_string(t.unix_seconds) + ":R>\n";
  }
  embed.description.pop_back();
  return embed;
}

}  // namespace dbot::features::stocks
