#pragma once
// The stock embeds, as the seed draws them: money with two places, shares
// with four, "-$1.23" for losses and an explicit "+" on profits.

#include <string>
#include <vector>

#include "bot/reply.hpp"
#include "features/stocks/ledger.hpp"
#include "features/stocks/quotes.hpp"

namespace dbot::features::stocks {

namespace palette {
inline constexpr std::uint32_t kGreen = bot::colors::kDiscordGreen;
inline constexpr std::uint32_t kRed = bot::colors::kDiscordRed;
inline constexpr std::uint32_t kGold = bot::colors::kYellow;
inline constexpr std::uint32_t kBlurple = bot::colors::kBlurple;
inline constexpr std::uint32_t kYellow = bot::colors::kDiscordYellow;
inline constexpr std::uint32_t kGrey = bot::colors::kGrey;
}  // namespace palette

bot::Embed price_embed(const Quote& quote);
bot::Embed bought_embed(const std::string& symbol, Fixed4 price, const BuyResult& result);
bot::Embed sold_embed(const std::string& symbol, Fixed4 price, const SellResult& result);

// One holding valued at `price` (nullopt: no quote, valued at cost).
struct ValuedHolding {
  Holding holding;
  std::optional<Fixed4> price;
};
bot::Embed portfolio_embed(const std::string& name, Fixed4 cash, const std::vector<ValuedHolding>& holdings);

struct LeaderboardEntry {
  std::string user_id;
  Fixed4 value;
};
// `entries` sorted best first; `prefix` is "!m " or "/" for the hint.
bot::Embed leaderboard_embed(const std::vector<LeaderboardEntry>& entries, const std::string& prefix);
bot::Embed history_embed(const std::string& name, const std::vector<TradeRecord>& trades);

// A holding's value at a price (or at cost without one).
Fixed4 value_of(const ValuedHolding& valued);

}  // namespace dbot::features::stocks
