#include "features/stocks/ledger.hpp"

#include <map>

#include "db/pool.hpp"
#include "features/stocks/amounts.hpp"

namespace dbot::features::stocks {
namespace asio = boost::asio;

namespace {

Fixed4 fixed_of(const db::Result& result, std::size_t row, std::string_view column) {
  const auto text = result.get<std::string>(row, column);
  const auto value = Fixed4::parse(text);
  if (!value)
    throw Error(db::kDatabaseErrorMessage, "unexpected NUMERIC value '" + text + "' in " + std::string(column));
  return *value;
}

// Creates the portfolio when missing, then locks it for the transaction.
asio::awaitable<Fixed4> lock_portfolio(db::Connection& c, const std::string& guild, const std::string& user) {
  co_await c.execute("INSERT INTO stock_portfolios (guild_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", guild,
                     user);
  const auto row = co_await c.execute(
      "SELECT cash_balance::text AS cash FROM stock_portfolios WHERE guild_id = $1 AND user_id = $2 FOR UPDATE", guild,
      user);
  co_return fixed_of(row, 0, "cash");
}

}  // namespace

asio::awaitable<BuyResult> Ledger::buy(const std::string& guild, const std::string& user, const std::string& symbol,
                                       Fixed4 quantity, Fixed4 price) {
  if (quantity.units() <= 0) throw TradeRefused("Quantity must be positive.");
  if (price.units() <= 0) throw TradeRefused("That stock has no usable price right now.");
  if (const auto worthless = refuse_worthless_trade(symbol, quantity, price)) throw TradeRefused(worthless->message);
  co_return co_await pool_.transaction([&](db::Connection& c) -> asio::awaitable<BuyResult> {
    const Fixed4 cash = co_await lock_portfolio(c, guild, user);
    const Fixed4 total = multiply(quantity, price);
    if (cash < total) {
      throw TradeRefused("Insufficient funds. This trade costs **" + dollars(total) +
                         "** but you don't have enough cash.");
    }
    const Fixed4 cash_after = cash - total;
    co_await c.execute("UPDATE stock_portfolios SET cash_balance = $3::numeric WHERE guild_id = $1 AND user_id = $2",
                       guild, user, cash_after.str());
    const auto held = co_await c.execute(
        "SELECT quantity::text AS quantity, avg_cost::text AS avg_cost FROM stock_holdings "
        "WHERE guild_id = $1 AND user_id = $2 AND symbol = $3 FOR UPDATE",
        guild, user, symbol);
    if (held.empty()) {
      co_await c.execute(
          "INSERT INTO stock_holdings (guild_id, user_id, symbol, quantity, avg_cost) "
          "VALUES ($1, $2, $3, $4::numeric, $5::numeric)",
          guild, user, symbol, quantity.str(), price.str());
    } else {
      const Fixed4 old_quantity = fixed_of(held, 0, "quantity");
      const Fixed4 average = weighted_average(fixed_of(held, 0, "avg_cost"), old_quantity, price, quantity);
      co_await c.execute(
          "UPDATE stock_holdings SET quantity = $4::numeric, avg_cost = $5::numeric "
          "WHERE guild_id = $1 AND user_id = $2 AND symbol = $3",
          guild, user, symbol, (old_quantity + quantity).str(), average.str());
    }
    co_await c.execute(
        "INSERT INTO stock_transactions (guild_id, user_id, symbol, action, quantity, price_per_share, total_amount) "
        "VALUES ($1, $2, $3, 'BUY', $4::numeric, $5::numeric, $6::numeric)",
        guild, user, symbol, quantity.str(), price.str(), total.str());
    co_return BuyResult{quantity, total, cash_after};
  });
}

asio::awaitable<SellResult> Ledger::sell(const std::string& guild, const std::string& user, const std::string& symbol,
                                         std::optional<Fixed4> quantity, Fixed4 price) {
  if (quantity && quantity->units() <= 0) throw TradeRefused("Quantity must be positive.");
  if (price.units() <= 0) throw TradeRefused("That stock has no usable price right now.");
  co_return co_await pool_.transaction([&](db::Connection& c) -> asio::awaitable<SellResult> {
    const Fixed4 cash = co_await lock_portfolio(c, guild, user);
    const auto held = co_await c.execute(
        "SELECT quantity::text AS quantity, avg_cost::text AS avg_cost FROM stock_holdings "
        "WHERE guild_id = $1 AND user_id = $2 AND symbol = $3 AND quantity > 0 FOR UPDATE",
        guild, user, symbol);
    if (held.empty()) throw TradeRefused("You don't own any **" + symbol + "** shares.");
    const Fixed4 owned = fixed_of(held, 0, "quantity");
    const Fixed4 avg_cost = fixed_of(held, 0, "avg_cost");
    const Fixed4 selling = quantity.value_or(owned);
    if (selling > owned) {
      throw TradeRefused("You only have **" + shares(owned) + "** shares of **" + symbol + "**.");
    }
    if (const auto worthless = refuse_worthless_trade(symbol, selling, price)) throw TradeRefused(worthless->message);
    const Fixed4 total = multiply(selling, price);
    const Fixed4 realized = multiply(price - avg_cost, selling);
    const Fixed4 cash_after = cash + total;
    co_await c.execute("UPDATE stock_portfolios SET cash_balance = $3::numeric WHERE guild_id = $1 AND user_id = $2",
                       guild, user, cash_after.str());
    if (selling == owned) {
      co_await c.execute("DELETE FROM stock_holdings WHERE guild_id = $1 AND user_id = $2 AND symbol = $3", guild, user,
                         symbol);
    } else {
      co_await c.execute(
          "UPDATE stock_holdings SET quantity = $4::numeric WHERE guild_id = $1 AND user_id = $2 AND symbol = $3",
          guild, user, symbol, (owned - selling).str());
    }
    co_await c.execute(
        "INSERT INTO stock_transactions "
        "(guild_id, user_id, symbol, action, quantity, price_per_share, total_amount, realized_pnl) "
        "VALUES ($1, $2, $3, 'SELL', $4::numeric, $5::numeric, $6::numeric, $7::numeric)",
        guild, user, symbol, selling.str(), price.str(), total.str(), realized.str());
    co_return SellResult{selling, total, realized, cash_after};
  });
}

asio::awaitable<ResetResult> Ledger::reset(const std::string& guild, const std::string& user) {
  co_return co_await pool_.transaction([&](db::Connection& c) -> asio::awaitable<ResetResult> {
    co_await lock_portfolio(c, guild, user);
    ResetResult result;
    result.holdings_removed =
        (co_await c.execute("DELETE FROM stock_holdings WHERE guild_id = $1 AND user_id = $2", guild, user))
            .affected_rows();
    result.trades_removed =
        (co_await c.execute("DELETE FROM stock_transactions WHERE guild_id = $1 AND user_id = $2", guild, user))
            .affected_rows();
    co_await c.execute("UPDATE stock_portfolios SET cash_balance = $3::numeric WHERE guild_id = $1 AND user_id = $2",
                       guild, user, kStartingCash.str());
    co_return result;
  });
}

asio::awaitable<std::optional<Fixed4>> Ledger::cash(const std::string& guild, const std::string& user) {
  const auto row = co_await pool_.execute(
      "SELECT cash_balance::text AS cash FROM stock_portfolios WHERE guild_id = $1 AND user_id = $2", guild, user);
  if (row.empty()) co_return std::nullopt;
  co_return fixed_of(row, 0, "cash");
}

asio::awaitable<std::vector<Holding>> Ledger::holdings(const std::string& guild, const std::string& user) {
  const auto rows = co_await pool_.execute(
      "SELECT symbol, quantity::text AS quantity, avg_cost::text AS avg_cost FROM stock_holdings "
      "WHERE guild_id = $1 AND user_id = $2 AND quantity > 0 ORDER BY symbol",
      guild, user);
  std::vector<Holding> out;
  for (std::size_t i = 0; i < rows.rows(); ++i) {
    out.push_back({rows.get<std::string>(i, "symbol"), fixed_of(rows, i, "quantity"), fixed_of(rows, i, "avg_cost")});
  }
  co_return out;
}

asio::awaitable<std::vector<TradeRecord>> Ledger::history(const std::string& guild, const std::string& user,
                                                          int limit) {
  const auto rows = co_await pool_.execute(
      "SELECT symbol, action, quantity::text AS quantity, price_per_share::text AS price, "
      "total_amount::text AS total, EXTRACT(EPOCH FROM created_at)::bigint AS at "
      "FROM stock_transactions WHERE guild_id = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3",
      guild, user, limit);
  std::vector<TradeRecord> out;
  for (std::size_t i = 0; i < rows.rows(); ++i) {
    out.push_back({rows.get<std::string>(i, "symbol"), rows.get<std::string>(i, "action"),
                   fixed_of(rows, i, "quantity"), fixed_of(rows, i, "price"), fixed_of(rows, i, "total"),
                   rows.get<std::int64_t>(i, "at")});
  }
  co_return out;
}

asio::awaitable<std::int64_t> Ledger::trade_count(const std::string& guild, const std::string& user) {
  const auto row = co_await pool_.execute(
      "SELECT COUNT(*) AS n FROM stock_transactions WHERE guild_id = $1 AND user_id = $2", guild, user);
  co_return row.get<std::int64_t>(0, "n");
}

asio::awaitable<std::vector<PortfolioSummary>> Ledger::guild_portfolios(const std::string& guild) {
  const auto portfolios = co_await pool_.execute(
      "SELECT user_id, cash_balance::text AS cash FROM stock_portfolios WHERE guild_id = $1 ORDER BY user_id", guild);
  const auto rows = co_await pool_.execute(
      "SELECT user_id, symbol, quantity::text AS quantity, avg_cost::text AS avg_cost FROM stock_holdings "
      "WHERE guild_id = $1 AND quantity > 0 ORDER BY user_id, symbol",
      guild);
  std::map<std::string, std::vector<Holding>> by_user;
  for (std::size_t i = 0; i < rows.rows(); ++i) {
    by_user[rows.get<std::string>(i, "user_id")].push_back(
        {rows.get<std::string>(i, "symbol"), fixed_of(rows, i, "quantity"), fixed_of(rows, i, "avg_cost")});
  }
  std::vector<PortfolioSummary> out;
  for (std::size_t i = 0; i < portfolios.rows(); ++i) {
    auto user = portfolios.get<std::string>(i, "user_id");
    auto held = by_user[user];
    out.push_back({std::move(user), fixed_of(portfolios, i, "cash"), std::move(held)});
  }
  co_return out;
}

}  // namespace dbot::features::stocks
