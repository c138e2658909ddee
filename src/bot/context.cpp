#include "bot/context.hpp"

#include "bot/instance.hpp"
#include "bot/messaging.hpp"
#include "discord/rest_client.hpp"

namespace dbot::bot {
namespace asio = boost::asio;

namespace {

// Sends `reply` to a channel, split into 2000-character pieces; embeds and
// buttons ride on the last piece. Returns the id of the last message.
asio::awaitable<Snowflake> send_split(discord::RestClient& rest, Snowflake channel, const Reply& reply,
                                      Snowflake reply_to) {
  const auto pieces = split_message(reply.content);
  Snowflake last;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const bool final_piece = i + 1 == pieces.size();
    auto create = final_piece ? to_create(reply, pieces[i]) : to_create(Reply{}, pieces[i]);
    if (i == 0) create.reply_to = reply_to;
    last = (co_await rest.create_message(channel, std::move(create))).id;
  }
  co_return last;
}

}  // namespace

asio::awaitable<Snowflake> send_message(discord::RestClient& rest, Snowflake channel, Reply reply) {
  co_return co_await send_split(rest, channel, reply, Snowflake{});
}

asio::awaitable<void> edit_message(discord::RestClient& rest, Snowflake channel, Snowflake message, Reply reply) {
  auto edit = to_edit(reply);
  co_await rest.edit_message(channel, message, std::move(edit));
}

CommandContext::CommandContext(Instance& owner, const Command& invoked, ParsedArgs parsed)
    : instance(owner), command(invoked), args(std::move(parsed)) {}

std::string CommandContext::prefix_text() const { return interaction ? "/" : instance.prefix_text(); }

asio::awaitable<Snowflake> CommandContext::reply(Reply reply) {
  if (!interaction)
    co_return co_await send_split(instance.rest(), channel_id, reply, message ? message->id : Snowflake{});
  auto& state = *interaction;
  const auto& i = state.interaction;
  if (!state.acknowledged) {
    // Slash commands are deferred before their handler runs; this path is
    // for early refusals, which carry no message id worth returning.
    state.acknowledged = true;
    co_await instance.rest().interaction_reply(i.id, i.token, to_create(reply));
    co_return Snowflake{};
  }
  if (state.deferred && !state.original_sent) {
    state.original_sent = true;
    co_return (co_await instance.rest().edit_original_response(i.application_id, i.token, to_edit(reply))).id;
  }
  co_return (co_await instance.rest().create_followup(i.application_id, i.token, to_create(reply, reply.content))).id;
}

asio::awaitable<Snowflake> CommandContext::send(Reply reply) {
  co_return co_await send_split(instance.rest(), channel_id, reply, Snowflake{});
}

ButtonContext::ButtonContext(Instance& owner, std::shared_ptr<InteractionState> interaction_state)
    : instance(owner), state(std::move(interaction_state)) {}

std::string_view ButtonContext::data() const {
  const std::string_view id = state->interaction.custom_id;
  const auto colon = id.find(':');
  return colon == std::string_view::npos ? std::string_view{} : id.substr(colon + 1);
}

asio::awaitable<void> ButtonContext::update(Reply reply) {
  const auto& i = state->interaction;
  if (!state->acknowledged) {
    state->acknowledged = true;
    co_await instance.rest().interaction_update(i.id, i.token, to_edit(reply));
  } else {
    co_await instance.rest().edit_original_response(i.application_id, i.token, to_edit(reply));
  }
}

asio::awaitable<void> ButtonContext::respond(Reply reply) {
  const auto& i = state->interaction;
  if (!state->acknowledged) {
    state->acknowledged = true;
    co_await instance.rest().interaction_reply(i.id, i.token, to_create(reply));
  } else {
    co_await instance.rest().create_followup(i.application_id, i.token, to_create(reply, reply.content));
  }
}

asio::awaitable<void> ButtonContext::tell(std::string text) {
  auto reply = Reply::text(std::move(text));
  reply.ephemeral = true;
  co_await respond(std::move(reply));
}

}  // namespace dbot::bot
