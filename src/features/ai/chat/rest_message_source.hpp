#pragma once
// MessageSource over the Discord REST client, with a small cache of
// messages fetched by id (reply chains re-read the same messages turn after
// turn). The bot's own answers are remembered when they are final, so a
// cached copy is never a half-streamed one.

#include <chrono>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "features/ai/chat/message_source.hpp"

namespace dbot::discord {
class RestClient;
}
namespace dbot::net {
class HttpClient;
}

namespace dbot::features::ai::chat {

class RestMessageSource final : public MessageSource {
 public:
  explicit RestMessageSource(discord::RestClient& rest, std::size_t capacity = 512,
                             std::chrono::minutes ttl = std::chrono::minutes(15));

  boost::asio::awaitable<std::optional<discord::Message>> message(Snowflake channel, Snowflake id) override;
  boost::asio::awaitable<std::vector<discord::Message>> before(Snowflake channel, Snowflake before,
                                                               unsigned limit) override;
  // Stores (or replaces) a message in the cache.
  void remember(const discord::Message& message);
  // Drops a message whose content changed (MESSAGE_UPDATE) or was deleted.
  void forget(Snowflake id);

 private:
  struct Entry {
    discord::Message message;
    std::chrono::steady_clock::time_point stored;
    std::list<std::uint64_t>::iterator order;
  };
  std::optional<discord::Message> cached(Snowflake id);

  discord::RestClient& rest_;
  std::size_t capacity_;
  std::chrono::minutes ttl_;
  std::mutex mutex_;
  std::list<std::uint64_t> order_;  // oldest first
  std::unordered_map<std::uint64_t, Entry> entries_;
};

// Downloads text attachments from Discord's CDN with the shared HTTP client.
class HttpAttachmentReader final : public AttachmentReader {
 public:
  explicit HttpAttachmentReader(std::shared_ptr<net::HttpClient> http) : http_(std::move(http)) {}
  boost::asio::awaitable<std::optional<std::string>> read(const discord::Attachment& attachment,
                                                          std::size_t max_bytes) override;

 private:
  std::shared_ptr<net::HttpClient> http_;
};

}  // namespace dbot::features::ai::chat
