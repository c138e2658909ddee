// Virtual trading through the real bot: the simulator as Discord, a loopback
// Finnhub speaking its real quote JSON, and the test Postgres.

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "e2e/support/bot_harness.hpp"
#include "e2e/support/fakes/finnhub_fake.hpp"
#include "e2e/support/feature_session.hpp"

namespace dbot::test {
namespace {
namespace json = boost::json;

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

class Stocks : public ::testing::Test {
 protected:
  void start(bool with_key = true) {
    sim = std::make_unique<SimProcess>();
    InstanceFiles files{.schema = unique_schema("e2e_stocks")};
    if (with_key) {
      files.extra_env = {{"FINNHUB_API_KEY", finnhub.token()}, {"FINNHUB_API_BASE", finnhub.base()}};
    }
    // Trades refuse quotes older than 2 s, so a test can watch one go stale.
    files.extra_toml = "[stocks]\nmax_quote_age = \"2s\"\n";
    instance = write_instance(*sim, dir.path(), "stockbot", files);
    bot = std::make_unique<BotProcess>(std::vector{instance});
    ASSERT_TRUE(bot->wait_until_connected()) << bot->output();
  }

  std::string say(const std::string& user, const std::string& content) {
    const auto reply = ask(*sim, user, content);
    return content_of(reply) + "\n" + embed_text(reply);
  }

  static void wait_past_trade_quote_age() { std::this_thread::sleep_for(std::chrono::milliseconds(2300)); }

  FinnhubFake finnhub;
  TempDir dir;
  std::unique_ptr<SimProcess> sim;
  std::filesystem::path instance;
  std::unique_ptr<BotProcess> bot;
};

TEST_F(Stocks, BuyBySharesAndDollarsThenSellPartAndAll) {
  finnhub.set_quote("AAPL", 100, 95);
  start();
  auto text = say("alice", "!m stock buy AAPL 2");
  EXPECT_TRUE(contains(text, "Stock Purchased")) << text;
  EXPECT_TRUE(contains(text, "Bought **2.0000** shares of **AAPL** at $100.00")) << text;
  EXPECT_TRUE(contains(text, "Total Cost\n$200.00")) << text;
  EXPECT_TRUE(contains(text, "Cash Remaining\n$800.00")) << text;

  text = say("alice", "!m st b aapl $150");
  EXPECT_TRUE(contains(text, "Bought **1.5000** shares of **AAPL** at $100.00")) << text;
  EXPECT_TRUE(contains(text, "Cash Remaining\n$650.00")) << text;

  text = say("alice", "!m stock sell AAPL 1");
  EXPECT_TRUE(contains(text, "Sold **1.0000** shares of **AAPL** at $100.00")) << text;
  EXPECT_TRUE(contains(text, "Realized P/L\n+$0.00")) << text;
  EXPECT_TRUE(contains(text, "Cash Balance\n$750.00")) << text;

  text = say("alice", "!m stock portfolio");
  EXPECT_TRUE(contains(text, "**AAPL**: 2.5000 shares @ $100.00 = $250.00")) << text;
  EXPECT_TRUE(contains(text, "Total Value\n$1000.00")) << text;

  text = say("alice", "!m stock s AAPL all");
  EXPECT_TRUE(contains(text, "Sold **2.5000** shares of **AAPL**")) << text;
  EXPECT_TRUE(contains(text, "Cash Balance\n$1000.00")) << text;

  text = say("alice", "!m stock");  // bare group = portfolio
  EXPECT_TRUE(contains(text, "Cash: **$1000.00**")) << text;
  EXPECT_TRUE(contains(text, "No stocks held.")) << text;
}

TEST_F(Stocks, RefusalsLeaveTheMoneyAlone) {
  finnhub.set_quote("AAPL", 100, 100);
  start();
  auto text = say("alice", "!m stock buy AAPL 20");
  EXPECT_TRUE(contains(text, "Insufficient funds. This trade costs **$2000.00** but you don't have enough cash."))
      << text;
  text = say("alice", "!m stock buy ZZZZ 1");
  EXPECT_TRUE(contains(text, "Could not find stock symbol **ZZZZ**")) << text;
  text = say("alice", "!m stock sell AAPL 1");
  EXPECT_TRUE(contains(text, "You don't own any **AAPL** shares.")) << text;
  text = say("alice", "!m stock buy AAPL lots");
  EXPECT_TRUE(contains(text, "Invalid quantity. Use a number or `$amount`.")) << text;
  text = say("alice", "!m stock buy AAPL $0");
  EXPECT_TRUE(contains(text, "Amount must be positive.")) << text;
  text = say("alice", "!m stock buy AAPL 1");
  EXPECT_TRUE(contains(text, "Cash Remaining\n$900.00")) << text;
  text = say("bob", "!m stock buy AAPL $0.001");
  EXPECT_TRUE(contains(text, "That amount buys less than 0.0001 shares of **AAPL** at $100.00.")) << text;
  text = say("alice", "!m stock sell AAPL 3");
  EXPECT_TRUE(contains(text, "You only have **1.0000** shares of **AAPL**.")) << text;
  text = say("alice", "!m stock portfolio");
  EXPECT_TRUE(contains(text, "Cash: **$900.00**")) << text;
  EXPECT_TRUE(contains(text, "**AAPL**: 1.0000 shares")) << text;
}

// 0.0001 shares under $0.50 cost $0.0000 after rounding: they were free.
TEST_F(Stocks, ATradeWorthNothingAfterRoundingIsRefused) {
  finnhub.set_quote("PENNY", 0.49, 0.49);
  start();
  auto text = say("alice", "!m stock buy PENNY 0.0001");
  EXPECT_TRUE(contains(text, "That trade is too small: **0.0001** shares of **PENNY** at $0.49")) << text;
  text = say("alice", "!m stock portfolio");
  EXPECT_TRUE(contains(text, "Cash: **$1000.00**")) << text;
  EXPECT_TRUE(contains(text, "No stocks held.")) << text;
}

TEST_F(Stocks, TradesRefreshAStaleQuoteWhileDisplaysUseTheCache) {
  finnhub.set_quote("AAPL", 100, 90);
  start();
  auto text = say("bob", "!m stock price AAPL");
  EXPECT_TRUE(contains(text, "AAPL Stock Price")) << text;
  EXPECT_TRUE(contains(text, "**$100.00**")) << text;
  EXPECT_TRUE(contains(text, "▲ $10.00 (+11.11%)")) << text;
  EXPECT_EQ(finnhub.requests("AAPL"), 1);

  finnhub.set_quote("AAPL", 120, 90);
  text = say("bob", "!m stock q aapl");
  EXPECT_TRUE(contains(text, "**$100.00**")) << "a display may use the 60 s cache: " << text;
  EXPECT_EQ(finnhub.requests("AAPL"), 1);

  wait_past_trade_quote_age();
  text = say("bob", "!m stock buy AAPL 1");
  EXPECT_TRUE(contains(text, "at $120.00")) << "a trade must not use a stale quote: " << text;
  EXPECT_TRUE(contains(text, "Cash Remaining\n$880.00")) << text;
  EXPECT_EQ(finnhub.requests("AAPL"), 2);
}

TEST_F(Stocks, LeaderboardOrdersByValueAndHistoryIsNewestFirst) {
  finnhub.set_quote("AAPL", 100, 100);
  finnhub.set_quote("MSFT", 100, 100);
  start();
  say("alice", "!m stock buy AAPL 2");
  say("bob", "!m stock buy MSFT 1");
  finnhub.set_quote("AAPL", 150, 100);
  finnhub.set_quote("MSFT", 50, 100);
  wait_past_trade_quote_age();
  auto text = say("alice", "!m stock sell AAPL all");
  EXPECT_TRUE(contains(text, "Realized P/L\n+$100.00")) << text;
  text = say("bob", "!m stock sell MSFT 1");
  EXPECT_TRUE(contains(text, "Realized P/L\n-$50.00")) << text;

  // Looking at someone's portfolio does not put them on the leaderboard.
  text = say("admin", "!m stock portfolio <@" + sim->id("users", "owner") + ">");
  EXPECT_TRUE(contains(text, "Cash: **$1000.00**")) << text;

  text = say("mod", "!m stock lb");
  const auto alice = "<@" + sim->id("users", "alice") + ">";
  const auto bob = "<@" + sim->id("users", "bob") + ">";
  EXPECT_TRUE(contains(text, "Stock Leaderboard")) << text;
  EXPECT_TRUE(contains(text, "🥇 **#1** " + alice + " — $1100.00 (+$100.00)")) << text;
  EXPECT_TRUE(contains(text, "🥈 **#2** " + bob + " — $950.00 (-$50.00)")) << text;
  EXPECT_FALSE(contains(text, "#3")) << text;

  text = say("alice", "!m stock history");
  const auto sell = text.find("🔴 **SELL** 2.0000 AAPL @ $150.00 ($300.00)");
  const auto buy = text.find("🟢 **BUY** 2.0000 AAPL @ $100.00 ($200.00)");
  ASSERT_NE(sell, std::string::npos) << text;
  ASSERT_NE(buy, std::string::npos) << text;
  EXPECT_LT(sell, buy) << "newest first: " << text;
  text = say("owner", "!m stock hist");
  EXPECT_TRUE(contains(text, "No trades yet.")) << text;
}

TEST_F(Stocks, ResetAsksAndOnlyTheOwnerMayAnswer) {
  finnhub.set_quote("AAPL", 100, 100);
  start();
  say("alice", "!m stock buy AAPL 3");
  auto prompt = ask(*sim, "alice", "!m stock reset");
  auto text = embed_text(prompt);
  EXPECT_TRUE(contains(text, "Reset Portfolio?")) << text;
  EXPECT_TRUE(contains(text, "**1 holding** and **1 trade**")) << text;
  auto ids = custom_ids(prompt);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_TRUE(ids[0].starts_with("stock_reset_confirm:")) << ids[0];
  EXPECT_TRUE(ids[1].starts_with("stock_reset_cancel:")) << ids[1];

  auto record = click(*sim, id_of(prompt), ids[0], "bob");
  EXPECT_TRUE(contains(response_content(record), "can answer this reset prompt")) << json::serialize(record);

  click(*sim, id_of(prompt), ids[1], "alice");
  auto now = message_now(*sim, "general", id_of(prompt));
  ASSERT_TRUE(now);
  EXPECT_TRUE(contains(embed_text(*now), "Your portfolio was not reset.")) << embed_text(*now);
  EXPECT_TRUE(custom_ids(*now).empty());
  text = say("alice", "!m stock portfolio");
  EXPECT_TRUE(contains(text, "**AAPL**: 3.0000 shares")) << text;

  prompt = ask(*sim, "alice", "!m stock reset");
  ids = custom_ids(prompt);
  ASSERT_EQ(ids.size(), 2u);
  click(*sim, id_of(prompt), ids[0], "alice");
  now = message_now(*sim, "general", id_of(prompt));
  ASSERT_TRUE(now);
  EXPECT_TRUE(contains(embed_text(*now), "Portfolio reset")) << embed_text(*now);
  text = say("alice", "!m stock portfolio");
  EXPECT_TRUE(contains(text, "Cash: **$1000.00**")) << text;
  EXPECT_TRUE(contains(text, "No stocks held.")) << text;
  text = say("alice", "!m stock history");
  EXPECT_TRUE(contains(text, "No trades yet.")) << text;
}

TEST_F(Stocks, AnUnansweredResetPromptExpiresAfterThirtySeconds) {
  finnhub.set_quote("AAPL", 100, 100);
  start();
  say("alice", "!m stock buy AAPL 1");
  const auto prompt = ask(*sim, "alice", "!m stock reset");
  const auto prompt_id = id_of(prompt);
  ASSERT_EQ(custom_ids(prompt).size(), 2u);
  // The same through /stock reset, in the same 30 s: that prompt is the interaction's response.
  ASSERT_TRUE(eventually([&] {
    const auto commands = sim->state().at("commands").as_array();
    return std::any_of(commands.begin(), commands.end(),
                       [](const json::value& c) { return c.at("name").as_string() == "stock"; });
  }));
  const json::array options{json::object{{"type", 1}, {"name", "reset"}}};
  const auto created = sim->post("/_sim/interactions", json::object{{"command", "stock"},
                                                                    {"channel_id", sim->id("channels", "general")},
                                                                    {"user_id", sim->id("users", "bob")},
                                                                    {"options", options}});
  const std::string interaction_id(created.at("id").as_string());
  std::string slash_prompt_id;
  ASSERT_TRUE(eventually([&] {
    const auto record = sim->get("/_sim/interactions/" + interaction_id).as_object();
    const auto* original = record.if_contains("original_message_id");
    if (!original || !original->is_string()) return false;
    slash_prompt_id = std::string(original->as_string());
    return record.at("responses").as_array().size() >= 2;
  }));
  std::optional<json::object> now;
  const bool expired = eventually(
      [&] {
        now = message_now(*sim, "general", prompt_id);
        return now && contains(embed_text(*now), "Confirmation timed out");
      },
      std::chrono::seconds(45));
  ASSERT_TRUE(expired) << (now ? embed_text(*now) : "prompt gone");
  const auto footer = json::serialize(now->at("embeds").as_array().at(0).as_object().at("footer"));
  EXPECT_TRUE(contains(footer, "No response — portfolio was not reset")) << footer;
  EXPECT_TRUE(custom_ids(*now).empty());
  const auto text = say("alice", "!m stock portfolio");
  EXPECT_TRUE(contains(text, "**AAPL**: 1.0000 shares")) << text;
  const auto slash_prompt = message_now(*sim, "general", slash_prompt_id);
  ASSERT_TRUE(slash_prompt);
  EXPECT_TRUE(contains(embed_text(*slash_prompt), "Confirmation timed out")) << embed_text(*slash_prompt);
  EXPECT_TRUE(custom_ids(*slash_prompt).empty());
}

TEST_F(Stocks, SlashCommandsTradeToo) {
  finnhub.set_quote("AAPL", 100, 100);
  start();
  ASSERT_TRUE(eventually([&] {
    const auto commands = sim->state().at("commands").as_array();
    return std::any_of(commands.begin(), commands.end(),
                       [](const json::value& c) { return c.at("name").as_string() == "stock"; });
  })) << json::serialize(sim->state().at("commands"));
  const json::array options{
      json::object{{"type", 1},
                   {"name", "buy"},
                   {"options", json::array{json::object{{"type", 3}, {"name", "symbol"}, {"value", "AAPL"}},
                                           json::object{{"type", 3}, {"name", "amount"}, {"value", "$50"}}}}}};
  const auto created = sim->post("/_sim/interactions", json::object{{"command", "stock"},
                                                                    {"channel_id", sim->id("channels", "general")},
                                                                    {"user_id", sim->id("users", "alice")},
                                                                    {"options", options}});
  const std::string interaction_id(created.at("id").as_string());
  json::value record;
  ASSERT_TRUE(eventually([&] {
    record = sim->get("/_sim/interactions/" + interaction_id);
    return record.at("responses").as_array().size() >= 2;
  })) << json::serialize(record);
  const auto answer = json::serialize(record.at("responses").as_array()[1].at("body"));
  EXPECT_TRUE(contains(answer, "Bought **0.5000** shares of **AAPL** at $100.00")) << answer;
  const auto text = say("alice", "!m stock portfolio");
  EXPECT_TRUE(contains(text, "Cash: **$950.00**")) << text;
}

TEST_F(Stocks, WithoutAKeyEveryCommandSaysNotConfigured) {
  start(false);
  for (const char* command : {"!m stock buy AAPL 1", "!m stock", "!m stock price AAPL", "!m stock lb"}) {
    const auto text = say("alice", command);
    EXPECT_TRUE(contains(text, "Stock trading is not configured. The bot owner needs to set `FINNHUB_API_KEY`."))
        << command << ": " << text;
  }
  EXPECT_EQ(finnhub.requests("AAPL"), 0);
}

}  // namespace
}  // namespace dbot::test
