#pragma once
// Builds the ChatModel for an instance from its `[ai]` section: the routed
// providers with their fallbacks, retries and circuit breakers.

#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "features/ai/model/chat_model.hpp"

namespace dbot::net {
class HttpClient;
}

namespace dbot::features::ai {

struct AiConfig;

std::shared_ptr<ChatModel> make_chat_model(const AiConfig& config, std::shared_ptr<net::HttpClient> http,
                                           boost::asio::any_io_executor executor);

}  // namespace dbot::features::ai
