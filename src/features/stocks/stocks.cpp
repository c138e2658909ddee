#include "features/stocks/stocks.hpp"

#include <chrono>
#include <mutex>
#include <set>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "bot/context.hpp"
#include "bot/instance.hpp"
#include "core/spawn.hpp"
#include "db/pool.hpp"
#include "features/stocks/embeds.hpp"
#include "features/stocks/ledger.hpp"
#include "features/stocks/limits.hpp"
#include "features/stocks/service.hpp"

namespace dbot::features {
namespace asio = boost::asio;
using bot::ArgKind;
using bot::CommandContext;
using namespace stocks;

namespace {

constexpr auto kResetWindow = std::chrono::seconds(30);

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
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
      s.rate_limiter = &stocks::kStocksLimit;
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
        "stock_reset_confirm", [this](bot::ButtonContext& c) { return on_reset_button(c, true); },
        &stocks::kStocksLimit);
    registry.add_button(
        "stock_reset_cancel", [this](bot::ButtonContext& c) { return on_reset_button(c, false); },
        &stocks::kStocksLimit);
  }

 private:
  Ledger ledger() { return Ledger(instance_->db()); }

  // The commands are thin: the service answers, the command replies.
  asio::awaitable<void> run_price(CommandContext& c) {
    StocksService service(*instance_);
    auto reply = co_await service.price(c.args.text("symbol").value_or(""));
    co_await c.reply(std::move(reply));
  }

  asio::awaitable<void> run_buy(CommandContext& c) {
    StocksService service(*instance_);
    const auto symbol = c.args.text("symbol").value_or("");
    const auto amount = c.args.text("amount").value_or("");
    auto reply = co_await service.buy(c.guild_id, c.author.id, symbol, amount);
    co_await c.reply(std::move(reply));
  }

  asio::awaitable<void> run_sell(CommandContext& c) {
    StocksService service(*instance_);
    const auto symbol = c.args.text("symbol").value_or("");
    const auto amount = c.args.text("amount").value_or("");
    auto reply = co_await service.sell(c.guild_id, c.author.id, symbol, amount);
    co_await c.reply(std::move(reply));
  }

  asio::awaitable<void> run_portfolio(CommandContext& c) {
    StocksService service(*instance_);
    auto reply = co_await service.portfolio(c.guild_id, c.args.id("user").value_or(c.author.id));
    co_await c.reply(std::move(reply));
  }

  asio::awaitable<void> run_leaderboard(CommandContext& c) {
    StocksService service(*instance_);
    auto reply = co_await service.leaderboard(c.guild_id, c.prefix_text());
    co_await c.reply(std::move(reply));
  }

  asio::awaitable<void> run_history(CommandContext& c) {
    StocksService service(*instance_);
    auto reply = co_await service.history(c.guild_id, c.author.id);
    co_await c.reply(std::move(reply));
  }

  asio::awaitable<void> run_reset(CommandContext& c) {
    StocksService service(*instance_);
    if (!service.configured()) co_return co_await reply_text(c, StocksService::not_configured_text());
    auto book = ledger();
    const auto guild = c.guild_id.str();
    const auto user = c.author.id.str();
    const auto cash = (co_await book.cash(guild, user)).value_or(kStartingCash);
    const auto held = co_await book.holdings(guild, user);
    const auto trades = co_await book.trade_count(guild, user);
    const auto stamp = std::to_string(now_ms());
    auto reply = bot::Reply::embed(
        reset_prompt(cash, static_cast<std::int64_t>(held.size()), trades, service.name_of(c.guild_id, c.author.id)));
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
    spawn(instance_->executor(), expire_reset(c.channel_id, message, c.interaction), "Expiring a reset prompt");
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
  // A prompt that answered a slash command belongs to the interaction (its
  // token lives 15 minutes); one that answered a message is ours to edit.
  asio::awaitable<void> expire_reset(Snowflake channel, Snowflake message,
                                     std::shared_ptr<bot::InteractionState> interaction) {
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
    edit.embeds = reply.embeds;
    edit.components.emplace();  // the buttons go: the offer is over
    try {
      if (interaction) {
        const auto& i = interaction->interaction;
        co_await instance_->rest().edit_original_response(i.application_id, i.token, std::move(edit));
      } else {
        co_await instance_->rest().edit_message(channel, message, std::move(edit));
      }
    } catch (const std::exception& e) {
      spdlog::warn("Could not expire a reset prompt: {}", e.what());
    }
  }

  asio::awaitable<void> on_reset_button(bot::ButtonContext& c, bool confirm) {
    StocksService service(*instance_);
    if (!service.configured()) co_return co_await c.tell(StocksService::not_configured_text());
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
    const auto name = service.name_of(guild, c.user_id());
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
