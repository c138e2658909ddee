#pragma once
// One request for an answer: what is answered, for whom, and where the
// answer goes.

#include <chrono>
#include <cstdint>
#include <memory>

#include "discord/models.hpp"
#include "features/ai/chat/reply_surface.hpp"

namespace dbot::features::ai::chat {

enum class TurnSource { mention, slash, regenerate };

struct TurnRequest {
  std::uint64_t id = 0;      // assigned when queued; names the answer's buttons
  discord::Message trigger;  // for /ask: made from the interaction (id = interaction id)
  TurnSource source = TurnSource::mention;
  bool thread = false;  // the channel is a thread (its own conversation)
  // Answered through an interaction token, which Discord expires after 15 minutes.
  bool through_interaction = false;
  std::shared_ptr<ReplySurface> surface;
  std::chrono::steady_clock::time_point queued_at{};
};

}  // namespace dbot::features::ai::chat
