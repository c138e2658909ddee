#pragma once
// Where one answer goes: a reply in the channel, or the response to /ask.
// The flow only says "send part n", "edit", "delete"; the surface knows the
// Discord calls (and the mention rules). Tests use a recording fake.

#include <cstddef>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "bot/reply.hpp"
#include "core/snowflake.hpp"

namespace dbot::features::ai::chat {

struct AnswerPart {
  std::string content;
  std::vector<std::vector<bot::Button>> buttons;
};

class ReplySurface {
 public:
  virtual ~ReplySurface() = default;
  // Whether progressive edits are possible (an ephemeral /ask answer is sent once).
  virtual bool streams() const = 0;
  // "Typing…" while the model thinks, renewed until stopped (a no-op where
  // Discord shows its own "thinking" state, as for /ask).
  virtual void start_typing() = 0;
  virtual void stop_typing() = 0;
  // Sends part `index` of the answer (0 answers the requester) and returns its id.
  virtual boost::asio::awaitable<Snowflake> send(std::size_t index, AnswerPart part) = 0;
  virtual boost::asio::awaitable<void> edit(Snowflake message, AnswerPart part) = 0;
  virtual boost::asio::awaitable<void> remove(Snowflake message) = 0;
};

}  // namespace dbot::features::ai::chat
