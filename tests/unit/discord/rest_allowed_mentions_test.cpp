// Allowed mentions as the REST client sends them on create and edit, and message attachments
// and the replied-to author parsed from Discord's JSON (used by AI chat).

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>

#include "discord/models_json.hpp"
#include "discord/rest_client.hpp"

namespace {

using namespace dbot::discord;
namespace asio = boost::asio;
namespace net = dbot::net;
using dbot::Snowflake;

struct Recorder {
  std::vector<net::HttpRequest> seen;
  HttpTransport transport() {
    return [this](net::HttpRequest req, std::chrono::milliseconds) -> asio::awaitable<net::HttpResponse> {
      seen.push_back(req);
      co_return net::HttpResponse::json(200, R"({"id":"1","channel_id":"2","content":"ok"})");
    };
  }
};

template <typename T>
T run(asio::io_context& io, asio::awaitable<T> task) {
  auto f = asio::co_spawn(io, std::move(task), asio::use_future);
  io.run();
  io.restart();
  return f.get();
}

RestOptions options() {
  RestOptions o;
  o.api_base = "http://127.0.0.1:9/api";
  o.token = "tok";
  return o;
}

TEST(AllowedMentions, OnlyTheNamedUsersAndTheRepliedUserMayBePinged) {
  asio::io_context io;
  Recorder discord;
  RestClient rest(io.get_executor(), options(), discord.transport());
  MessageCreate create;
  create.content = "@everyone hi <@5>";
  create.allowed_mentions = AllowedMentions{.user_ids = {Snowflake{5}}, .replied_user = true};
  run(io, rest.create_message(Snowflake{2}, create));
  auto body = boost::json::parse(discord.seen.back().body).as_object();
  const auto& mentions = body.at("allowed_mentions").as_object();
  EXPECT_TRUE(mentions.at("parse").as_array().empty());
  EXPECT_EQ(mentions.at("users").as_array().at(0).as_string(), "5");
  EXPECT_TRUE(mentions.at("replied_user").as_bool());

  MessageEdit edit;
  edit.content = "changed";
  edit.allowed_mentions = AllowedMentions{};
  run(io, rest.edit_message(Snowflake{2}, Snowflake{1}, edit));
  body = boost::json::parse(discord.seen.back().body).as_object();
  EXPECT_TRUE(body.at("allowed_mentions").at("parse").as_array().empty());
  EXPECT_FALSE(body.at("allowed_mentions").as_object().contains("replied_user"));
  EXPECT_FALSE(body.at("allowed_mentions").as_object().contains("users"));
}

TEST(MessageModel, AttachmentsAndTheRepliedToAuthor) {
  const auto json = boost::json::parse(R"({
    "id": "10", "channel_id": "2", "content": "look",
    "author": {"id": "7", "username": "ann"},
    "message_reference": {"message_id": "9"},
    "referenced_message": {"id": "9", "author": {"id": "42", "username": "bot", "bot": true}},
    "attachments": [{"id": "1", "filename": "notes.md", "content_type": "text/markdown; charset=utf-8",
                     "size": 120, "url": "https://cdn.example/notes.md"}]
  })");
  const auto message = parse_message(json.as_object());
  EXPECT_EQ(message.referenced_message_id, Snowflake{9});
  EXPECT_EQ(message.referenced_author_id, Snowflake{42});
  ASSERT_EQ(message.attachments.size(), 1u);
  EXPECT_EQ(message.attachments[0].filename, "notes.md");
  EXPECT_EQ(message.attachments[0].size, 120u);
  EXPECT_EQ(message.attachments[0].url, "https://cdn.example/notes.md");
}

}  // namespace
