#pragma once
// Where conversation history comes from: Discord's own messages, read on
// demand (so history survives restarts). An interface so the context
// builder is tested with scripted messages.

#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "discord/models.hpp"

namespace dbot::features::ai::chat {

class MessageSource {
 public:
  virtual ~MessageSource() = default;
  // One message; nullopt when it is gone or cannot be read.
  virtual boost::asio::awaitable<std::optional<discord::Message>> message(Snowflake channel, Snowflake id) = 0;
  // Up to `limit` (1-100) messages older than `before`, newest first; empty when unreadable.
  virtual boost::asio::awaitable<std::vector<discord::Message>> before(Snowflake channel, Snowflake before,
                                                                       unsigned limit) = 0;
};

class AttachmentReader {
 public:
  virtual ~AttachmentReader() = default;
  // The attachment's bytes as text; nullopt when it cannot be downloaded or
  // is larger than `max_bytes`.
  virtual boost::asio::awaitable<std::optional<std::string>> read(const discord::Attachment& attachment,
                                                                  std::size_t max_bytes) = 0;
};

}  // namespace dbot::features::ai::chat
