#include "features/ai/chat/rest_message_source.hpp"

#include <spdlog/spdlog.h>

#include "discord/rest_client.hpp"
#include "net/http_client.hpp"

namespace dbot::features::ai::chat {
namespace asio = boost::asio;

RestMessageSource::RestMessageSource(discord::RestClient& rest, std::size_t capacity, std::chrono::minutes ttl)
    : rest_(rest), capacity_(capacity), ttl_(ttl) {}

std::optional<discord::Message> RestMessageSource::cached(Snowflake id) {
  const std::lock_guard lock(mutex_);
  const auto it = entries_.find(id.value);
  if (it == entries_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() - it->second.stored > ttl_) {
    order_.erase(it->second.order);
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.message;
}

void RestMessageSource::remember(const discord::Message& message) {
  const std::lock_guard lock(mutex_);
  if (const auto it = entries_.find(message.id.value); it != entries_.end()) {
    order_.erase(it->second.order);
    entries_.erase(it);
  }
  while (entries_.size() >= capacity_ && !order_.empty()) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(message.id.value);
  entries_.emplace(message.id.value, Entry{message, std::chrono::steady_clock::now(), std::prev(order_.end())});
}

void RestMessageSource::forget(Snowflake id) {
  const std::lock_guard lock(mutex_);
  if (const auto it = entries_.find(id.value); it != entries_.end()) {
    order_.erase(it->second.order);
    entries_.erase(it);
  }
}

asio::awaitable<std::optional<discord::Message>> RestMessageSource::message(Snowflake channel, Snowflake id) {
  if (auto hit = cached(id)) co_return hit;
  std::optional<discord::Message> found;
  try {
    found = co_await rest_.get_message(channel, id);
  } catch (const std::exception& e) {
    spdlog::debug("AI context: message {} unreadable: {}", id.str(), e.what());
  }
  if (found) remember(*found);
  co_return found;
}

asio::awaitable<std::vector<discord::Message>> RestMessageSource::before(Snowflake channel, Snowflake before,
                                                                         unsigned limit) {
  std::vector<discord::Message> messages;
  try {
    messages = co_await rest_.get_messages(channel, limit, before);
  } catch (const std::exception& e) {
    spdlog::warn("AI context: channel history unreadable, answering without it: {}", e.what());
  }
  co_return messages;
}

asio::awaitable<std::optional<std::string>> HttpAttachmentReader::read(const discord::Attachment& attachment,
                                                                       std::size_t max_bytes) {
  std::optional<std::string> text;
  if (attachment.size > max_bytes || !(attachment.url.starts_with("https://") || attachment.url.starts_with("http://")))
    co_return text;
  net::HttpRequest request;
  request.method = "GET";
  request.target = attachment.url;
  try {
    auto response = co_await http_->request(std::move(request), std::chrono::seconds(10));
    if (response.status == 200 && response.body.size() <= max_bytes) text = std::move(response.body);
  } catch (const std::exception& e) {
    spdlog::debug("AI context: attachment {} unreadable: {}", attachment.filename, e.what());
  }
  co_return text;
}

}  // namespace dbot::features::ai::chat
