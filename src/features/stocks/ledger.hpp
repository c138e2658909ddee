#pragma once
// The money side of virtual trading: portfolios, holdings and the trade log
// in Postgres. Every change (buy, sell, reset) is one transaction that first
// locks the user's portfolio row, so concurrent commands of one user run one
// after another and the invariant
//   cash = 1000 - Σ buys + Σ sells   (over the log since the last reset)
//   holding(symbol) = Σ bought - Σ sold
// holds whatever order they arrive in. Amounts are exact (Fixed4 / NUMERIC).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "core/error.hpp"
#include "features/stocks/money.hpp"

namespace dbot::db {
class Pool;
}

namespace dbot::features::stocks {

inline constexpr Fixed4 kStartingCash = Fixed4::whole(1000);

struct Holding {
  std::string symbol;
  Fixed4 quantity;
  Fixed4 avg_cost;
};

struct TradeRecord {
  std::string symbol;
  std::string action;  // BUY or SELL
  Fixed4 quantity;
  Fixed4 price;
  Fixed4 total;
  std::int64_t unix_seconds = 0;
};

struct BuyResult {
  Fixed4 quantity;
  Fixed4 total;
  Fixed4 cash_after;
};

struct SellResult {
  Fixed4 quantity;
  Fixed4 total;
  Fixed4 realized;  // (price - average cost) × quantity
  Fixed4 cash_after;
};

struct ResetResult {
  std::int64_t holdings_removed = 0;
  std::int64_t trades_removed = 0;
};

struct PortfolioSummary {
  std::string user_id;
  Fixed4 cash;
  std::vector<Holding> holdings;
};

// Refusals that leave everything as it was; user_message() is the reply.
class TradeRefused : public Error {
 public:
  explicit TradeRefused(const std::string& message) : Error(message, message) {}
};

class Ledger {
 public:
  explicit Ledger(db::Pool& pool) : pool_(pool) {}

  // Buys `quantity` shares at `price`. Throws TradeRefused when the cash does
  // not cover it, or when the quantity is not positive.
  boost::asio::awaitable<BuyResult> buy(const std::string& guild, const std::string& user, const std::string& symbol,
                                        Fixed4 quantity, Fixed4 price);
  // Sells `quantity` shares (nullopt: the whole position) at `price`. Throws
  // TradeRefused when the user holds fewer shares than that (or none).
  boost::asio::awaitable<SellResult> sell(const std::string& guild, const std::string& user, const std::string& symbol,
                                          std::optional<Fixed4> quantity, Fixed4 price);
  // Deletes the user's holdings and trades and sets the cash back to 1000.
  boost::asio::awaitable<ResetResult> reset(const std::string& guild, const std::string& user);

  // nullopt when the user has no portfolio yet (viewing never creates one).
  boost::asio::awaitable<std::optional<Fixed4>> cash(const std::string& guild, const std::string& user);
  boost::asio::awaitable<std::vector<Holding>> holdings(const std::string& guild, const std::string& user);
  // Newest first.
  boost::asio::awaitable<std::vector<TradeRecord>> history(const std::string& guild, const std::string& user,
                                                           int limit);
  boost::asio::awaitable<std::int64_t> trade_count(const std::string& guild, const std::string& user);
  // Every portfolio of the guild with its holdings.
  boost::asio::awaitable<std::vector<PortfolioSummary>> guild_portfolios(const std::string& guild);

 private:
  db::Pool& pool_;
};

}  // namespace dbot::features::stocks
