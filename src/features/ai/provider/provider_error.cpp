#include "features/ai/provider/provider_error.hpp"

namespace dbot::features::ai {

std::string failure_message(ModelFailure failure, bool censored) {
  switch (failure) {
    case ModelFailure::not_configured: return "AI chat is not set up here: no AI provider is configured.";
    case ModelFailure::timeout: return "The AI took too long to answer. Try again in a bit.";
    case ModelFailure::rate_limited: return "The AI provider is busy right now, try again in a minute.";
    case ModelFailure::refused:
      // The sentinel is DeepSeek's own moderation error, so naming it is accurate here.
      if (censored) {
        return "My overlords at DeepSeek won't let me talk about that. Being a Chinese AI has its... limitations. "
               "Try asking something they haven't deemed thoughtcrime.";
      }
      return "The AI declined to answer that. Try asking something else.";
    case ModelFailure::server_error:
    case ModelFailure::bad_response:
    case ModelFailure::unavailable: break;
  }
  return "Something went wrong talking to the AI. Try again in a sec.";
}

}  // namespace dbot::features::ai
