// TEMPORARY: lets the chat branch link before the providers branch lands.
// The providers helper implements make_chat_model (src/features/ai/provider);
// the lead deletes this file when merging the two branches. Until then AI
// chat stays off (the feature logs why and registers nothing).

#include "features/ai/model/make_model.hpp"

namespace dbot::features::ai {

std::shared_ptr<ChatModel> make_chat_model(const AiConfig&, std::shared_ptr<net::HttpClient>,
                                           boost::asio::any_io_executor) {
  throw ModelError(ModelFailure::not_configured, "AI chat is not available in this build.",
                   "make_chat_model: the provider layer is not in this build (temporary definition)");
}

}  // namespace dbot::features::ai
