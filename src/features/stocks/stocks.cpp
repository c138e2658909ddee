#include "features/stocks/stocks.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <set>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "db/pool.hpp"
#include "features/stocks/amounts.hpp"
#include "features/stocks/embeds.hpp"
#include "features/stocks/ledger.hpp"
#include "features/stocks/quotes.hpp"

namespace dbot::features {
namespace asio = boost::asio;
using bot::ArgKind;
using bot::CommandContext;
using namespace stocks;

namespace {

constexpr auto kResetWindow = std::chrono::seconds(30);
constexpr const char* kNotConfigured = "Stock trading is not configured. The bot owner needs to set `FINNHUB_API_KEY`.";
constexpr const char* kBadSymbol = "That doesn't look like a stock symbol. Use a ticker like `AAPL`.";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The name shown in titles: nickname, then display name, then a mention.
std::string name_of(bot::Instance& instance, Snowflake guild, Snowflake user) {
  if (const auto member = instance.cache().member(guild, user); member && !member->nick.empty()) {
    return std::string(member->nick.view());
  }
  if (const auto known = instance.cache().user(user)) return std::string(known->display_name());
  return "<@" + user.str() + ">";
}

bot::Embed reset_prompt(Fixed4 cash, std::int64_t holdings, std::int64_t trades, const std::string& name) {
  const auto plural = [](std::int64_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  bot::Embed embed{.title = "Reset Portfolio?",
                   .description = "This will delete **" + plural(holdings, "holding") + "** and **" +
                                  plural(trades, "trade") + "**, and set your cash back to **" +
                                  dollars(kStartingCash) + "** (currently **" + dollars(cash) +
                                  "**).\nThis cannot be undone.",
                   .color = palette::kYellow,
                   .footer = "Requested by " + name + " · Expires in 30s"};
  return embed;
}

bot::Reply timed_out_reply() {
  bot::Embed embed{.title = "Confirmation timed out",
                   .description = "Nobody confirmed in time.",
                   .color = palette::kGrey,
                   .footer = "No response — portfolio was not reset"};
  return bot::Reply::embed(std::move(embed));
}

class StocksFeature final : public bot::Feature {
 public:
  std::string_view name() const override { return "stocks"; }

  void install(bot::Instance& instance, bot::FeatureRegistry& registry) override {
    instance_ = &instance;
    const auto spec = [](std::string sub, std::vector<std::string> aliases, std::string summary,
                         std::vector<bot::ArgSpec> args) {
      bot::CommandSpec s;
      s.path = {"stock", std::move(sub)};
      s.aliases = std::move(aliases);
      s.section = "Stocks";
      s.summary = std::move(summary);
      s.args = std::move(args);
      s.rate_limiter = "stocks";
      return s;
    };
    const bot::ArgSpec symbol{.name = "symbol", .kind = ArgKind::word, .description = "A US ticker, e.g. AAPL"};

    auto portfolio =
        spec("portfolio", {"port", "pf", "p"}, "Show a portfolio (yours by default)",
             {{.name = "user", .kind = ArgKind::user, .description = "Whose portfolio", .required = false}});
    portfolio.group_aliases = {"stocks", "st"};
    portfolio.group_default = true;
    registry.add_command(std::move(portfolio), [this](CommandContext& c) { return run_portfolio(c); });

    registry.add_command(
        spec("buy", {"b"}, "Buy shares: a number of shares or a $ amount",
             {symbol, {.name = "amount", .kind = ArgKind::rest, .description = "Shares (2, 0.5) or dollars ($100)"}}),
        [this](CommandContext& c) { return run_buy(c); });
    registry.add_command(
        spec("sell", {"s"}, "Sell shares: a number of shares or all",
             {symbol, {.name = "amount", .kind = ArgKind::rest, .description = "Shares (2, 0.5) or all"}}),
        [this](CommandContext& c) { return run_sell(c); });
    auto price = spec("price", {"quote", "q"}, "Show a stock's current price", {symbol});
    price.guild_only = false;
    registry.add_command(std::move(price), [this](CommandContext& c) { return run_price(c); });
    registry.add_command(spec("leaderboard", {"lb", "top"}, "The richest traders of this server", {}),
                         [this](CommandContext& c) { return run_leaderboard(c); });
    registry.add_command(spec("history", {"hist", "h"}, "Your 10 most recent trades", {}),
                         [this](CommandContext& c) { return run_history(c); });
    registry.add_command(spec("reset", {}, "Start over with $1000 (asks for confirmation)", {}),
                         [this](CommandContext& c) { return run_reset(c); });

    registry.add_button(
        "stock_reset_confirm", [this](bot::ButtonContext& c) { return on_reset_button(c, true); }, "stocks");
    registry.add_button(
        "stock_reset_cancel", [this](bot::ButtonContext& c) { return on_reset_button(c, false); }, "stocks");
  }

 private:
  bool configured() const {
    const auto& key = instance_->config().env.finnhub_api_key;
    return key && !key->empty();
  }
  Ledger ledger() { return Ledger(instance_->db()); }
  QuoteService quotes() {
    const auto& env = instance_->config().env;
    return QuoteService(instance_->http(), instance_->db(), env.finnhub_api_base, env.finnhub_api_key.value_or(""),
                        instance_->config().stocks.max_quote_age);
  }

  asio::awaitable<void> run_price(CommandContext& c) {
    if (!configured()) co_return co_await reply_text(c, kNotConfigured);
    const auto symbol = normalize_symbol(c.args.text("symbol").value_or(""));
    if (!symbol) co_return co_await reply_text(c, kBadSymbol);
    auto service = quotes();
    const auto quote = co_await service.for_display(*symbol);
    co_await c.reply(bot::Reply::embed(price_embed(quote)));
  }

  asio::awaitable<void> run_buy(CommandContext& c) {
    if (!configured()) co_return co_await reply_text(c, kNotConfigured);
    const auto symbol = normalize_symbol(c.args.text("symbol").value_or(""));
    if (!symbol) co_return co_await reply_text(c, kBadSymbol);
    const auto amount = parse_buy_amount(c.args.text("amount").value_or(""));
    if (const auto* error = std::get_if<AmountError>(&amount)) co_return co_await reply_text(c, error->message);
    auto service = quotes();
    const auto quote = co_await service.for_trade(*symbol);
    Fixed4 quantity;
    if (const auto* dollars_wanted = std::get_if<DollarAmount>(&amount)) {
      // Rounded down so the cost never exceeds what the user asked to spend.
      quantity = divide_down(dollars_wanted->amount, quote.price);
      if (quantity.units() <= 0) {
        co_return co_await reply_text(
            c, "That amount buys less than 0.0001 shares of **" + *symbol + "** at " + dollars(quote.price) + ".");
      }
    } else {
      quantity = std::get<ShareCount>(amount).quantity;
    }
    auto book = ledger();
    const auto result = co_await book.buy(c.guild_id.str(), c.author.id.str(), *symbol, quantity, quote.price);
    co_await c.reply(bot::Reply::embed(bought_embed(*symbol, quote.price, result)));
  }

  asio::awaitable<void> run_sell(CommandContext& c) {
    if (!configured()) co_return co_await reply_text(c, kNotConfigured);
    const auto symbol = normalize_symbol(c.args.text("symbol").value_or(""));
    if (!symbol) co_return co_await reply_text(c, kBadSymbol);
    const auto amount = parse_sell_amount(c.args.text("amount").value_or(""));
    if (const auto* error = std::get_if<AmountError>(&amount)) co_return co_await reply_text(c, error->message);
    std::optional<Fixed4> quantity;
    if (const auto* count = std::get_if<ShareCount>(&amount)) quantity = count->quantity;
    // Checked before asking for a quote; the ledger checks again under its lock.
    auto book = ledger();
    const auto held = co_await book.holdings(c.guild_id.str(), c.author.id.str());
    const auto position = std::find_if(held.begin(), held.end(), [&](const Holding& h) { return h.symbol == *symbol; });
    if (position == held.end()) co_return co_await reply_text(c, "You don't own any **" + *symbol + "** shares.");
    if (quantity && *quantity > position->quantity) {
      co_return co_await reply_text(
          c, "You only have **" + shares(position->quantity) + "** shares of **" + *symbol + "**.");
    }
    auto service = quotes();
    const auto quote = co_await service.for_trade(*symbol);
    const auto result = co_await book.sell(c.guild_id.str(), c.author.id.str(), *symbol, quantity, quote.price);
    co_await c.reply(bot::Reply::embed(sold_embed(*symbol, quote.price, result)));
  }

  asio::awaitable<void> run_portfolio(CommandContext& c) {
    if (!configured()) co_return co_await reply_text(c, kNotConfigured);
    const Snowflake target = c.args.id("user").value_or(c.author.id);
    auto book = ledger();
    // Looking at someone never opens a portfolio for them.
    const auto cash = co_await book.cash(c.guild_id.str(), target.str());
    const auto held = co_await book.holdings(c.guild_id.str(), target.str());
    auto service = quotes();
    std::vector<ValuedHolding> valued;
    for (const auto& holding : held) {
      const auto price = co_await quote_or_nothing(service, holding.symbol);
      valued.push_back({holding, price});
    }
    const auto name = name_of(*instance_, c.guild_id, target);
    co_await c.reply(bot::Reply::embed(portfolio_embed(name, cash.value_or(kStartingCash), valued)));
  }

  asio::awaitable<void> run_leaderboard(CommandContext& c) {
    if (!configured()) co_return co_await reply_text(c, kNotConfigured);
    auto book = ledger();
    const auto portfolios = co_await book.guild_portfolios(c.guild_id.str());
    // One quote per distinct symbol, however many people hold it.
    std::map<std::string, std::optional<Fixed4>> prices;
    for (const auto& p : portfolios) {
      for (const auto& h : p.holdings) prices.emplace(h.symbol, std::nullopt);
    }
    auto service = quotes();
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
    co_await c.reply(bot::Reply::embed(leaderboard_embed(entries, c.prefix_text())));
  }

  asio::awaitable<void> run_history(CommandContext& c) {
    if (!configured()) co_return co_await reply_text(c, kNotConfigured);
    auto book = ledger();
    const auto trades = co_await book.history(c.guild_id.str(), c.author.id.str(), 10);
    co_await c.reply(bot::Reply::embed(history_embed(name_of(*instance_, c.guild_id, c.author.id), trades)));
  }

  asio::awaitable<void> run_reset(CommandContext& c) {
    if (!configured()) co_return co_await reply_text(c, kNotConfigured);
    auto book = ledger();
    const auto guild = c.guild_id.str();
    const auto user = c.author.id.str();
    const auto cash = (co_await book.cash(guild, user)).value_or(kStartingCash);
    const auto held = co_await book.holdings(guild, user);
    const auto trades = co_await book.trade_count(guild, user);
    const auto stamp = std::to_string(now_ms());
    auto reply = bot::Reply::embed(reset_prompt(cash, static_cast<std::int64_t>(held.size()), trades,
                                                name_of(*instance_, c.guild_id, c.author.id)));
    reply.button_rows.push_back({bot::Button{.custom_id = "stock_reset_confirm:" + user + ":" + stamp,
                                             .label = "Confirm Reset",
                                             .style = bot::ButtonStyle::danger},
                                 bot::Button{.custom_id = "stock_reset_cancel:" + user + ":" + stamp,
                                             .label = "Cancel",
                                             .style = bot::ButtonStyle::secondary}});
    const auto message = co_await c.reply(std::move(reply));
    if (message.value == 0) co_return;
    {
      std::lock_guard lock(mutex_);
      pending_resets_.insert(message.value);
    }
    asio::co_spawn(instance_->executor(), expire_reset(c.channel_id, message), asio::detached);
  }

  void stop() override {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    // Timers belong to the instance's executor: cancel them there.
    for (const auto& weak : timers_) {
      if (auto timer = weak.lock()) asio::post(instance_->executor(), [timer] { timer->cancel(); });
    }
    timers_.clear();
  }

  // Greys the prompt out when nobody answered within the window.
  asio::awaitable<void> expire_reset(Snowflake channel, Snowflake message) {
    auto timer = std::make_shared<asio::steady_timer>(instance_->executor(), kResetWindow);
    {
      std::lock_guard lock(mutex_);
      if (stopping_) co_return;
      std::erase_if(timers_, [](const std::weak_ptr<asio::steady_timer>& t) { return t.expired(); });
      timers_.push_back(timer);
    }
    boost::system::error_code ec;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    {
      std::lock_guard lock(mutex_);
      if (ec || stopping_ || pending_resets_.erase(message.value) == 0) co_return;
    }
    const auto reply = timed_out_reply();
    discord::MessageEdit edit;
    edit.embeds_json = bot::embeds_json(reply.embeds);
    edit.components_json = "[]";
    try {
      co_await instance_->rest().edit_message(channel, message, std::move(edit));
    } catch (const std::exception& e) {
      spdlog::warn("Could not expire a reset prompt: {}", e.what());
    }
  }

  asio::awaitable<void> on_reset_button(bot::ButtonContext& c, bool confirm) {
    if (!configured()) co_return co_await c.tell(kNotConfigured);
    // data = "<user id>:<unix ms when asked>"
    const std::string data(c.data());
    const auto colon = data.find(':');
    const std::string owner = data.substr(0, colon);
    std::int64_t asked = 0;
    try {
      asked = colon == std::string::npos ? 0 : std::stoll(data.substr(colon + 1));
    } catch (const std::exception&) {
      asked = 0;
    }
    if (owner != c.user_id().str()) co_return co_await c.tell("Only <@" + owner + "> can answer this reset prompt.");
    {
      std::lock_guard lock(mutex_);
      pending_resets_.erase(c.message_id().value);
    }
    const auto guild = c.interaction().guild_id;
    const auto name = name_of(*instance_, guild, c.user_id());
    if (now_ms() - asked > std::chrono::duration_cast<std::chrono::milliseconds>(kResetWindow).count()) {
      co_return co_await c.update(timed_out_reply());
    }
    if (!confirm) {
      bot::Embed embed{.title = "Cancelled",
                       .description = "Your portfolio was not reset.",
                       .color = palette::kRed,
                       .footer = "Cancelled by " + name};
      co_return co_await c.update(bot::Reply::embed(std::move(embed)));
    }
    auto book = ledger();
    co_await book.reset(guild.str(), owner);
    bot::Embed embed{.title = "Portfolio reset",
                     .description = "Your cash is back to **" + dollars(kStartingCash) +
                                    "** and your holdings and trade history were cleared.",
                     .color = palette::kGreen,
                     .footer = "Reset by " + name};
    co_await c.update(bot::Reply::embed(std::move(embed)));
  }

  static asio::awaitable<std::optional<Fixed4>> quote_or_nothing(QuoteService& service, const std::string& symbol) {
    std::optional<Fixed4> price;
    try {
      price = (co_await service.for_display(symbol)).price;
    } catch (const std::exception& e) {
      spdlog::info("No quote for {} (valued at cost): {}", symbol, e.what());
    }
    co_return price;
  }

  static asio::awaitable<void> reply_text(CommandContext& c, std::string text) { co_await c.reply(std::move(text)); }

  bot::Instance* instance_ = nullptr;
  std::mutex mutex_;
  std::set<std::uint64_t> pending_resets_;
  std::vector<std::weak_ptr<asio::steady_timer>> timers_;
  bool stopping_ = false;
};

}  // namespace

std::unique_ptr<bot::Feature> make_stocks_feature() { return std::make_unique<StocksFeature>(); }

}  // namespace dbot::features
