// Typed event subscription: a listener gets the event's model, only its own
// event's listeners are returned, and a misspelt raw event is refused.

#include "bot/feature.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "discord/events.hpp"

namespace dbot::bot {
namespace {

namespace asio = boost::asio;

TEST(FeatureRegistry, TypedListenersGetTheModel) {
  CommandRegistry commands;
  FeatureRegistry registry(commands);
  Snowflake seen;
  registry.on_member_add([&seen](const discord::MemberAdd& joined) -> asio::awaitable<void> {
    seen = joined.user.id;
    co_return;
  });
  EXPECT_TRUE(registry.wants(discord::Event::guild_member_add));
  EXPECT_FALSE(registry.wants(discord::Event::message_create));
  EXPECT_TRUE(registry.handlers_for(discord::Event::guild_ban_add).empty());

  const auto handlers = registry.handlers_for(discord::Event::guild_member_add);
  ASSERT_EQ(handlers.size(), 1u);
  discord::MemberAdd joined;
  joined.user.id = Snowflake{42};
  const discord::ParsedEvent parsed = joined;
  asio::io_context io;
  auto done = asio::co_spawn(io, (*handlers[0])(parsed), asio::use_future);
  io.run();
  done.get();
  EXPECT_EQ(seen.value, 42u);
}

TEST(FeatureRegistry, RawEventNamesAreChecked) {
  CommandRegistry commands;
  FeatureRegistry registry(commands);
  const auto ignore = [](const discord::Dispatch&) -> asio::awaitable<void> { co_return; };
  EXPECT_THROW(registry.on_raw_event("GUILD_MEMBER_ADDD", ignore), std::logic_error);
  EXPECT_NO_THROW(registry.on_raw_event("GUILD_MEMBER_ADD", ignore));
  EXPECT_NO_THROW(registry.on_raw_event("SOME_NEW_EVENT", ignore, /*unlisted=*/true));
  EXPECT_EQ(registry.raw_handlers_for("GUILD_MEMBER_ADD").size(), 1u);
}

}  // namespace
}  // namespace dbot::bot
