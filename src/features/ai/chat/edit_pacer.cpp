#include "features/ai/chat/edit_pacer.hpp"

namespace dbot::features::ai::chat {

bool EditPacer::due() const { return changed() && wait().count() == 0; }

std::chrono::milliseconds EditPacer::wait() const {
  if (!last_edit_) return std::chrono::milliseconds(0);
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock_() - *last_edit_);
  return elapsed >= interval_ ? std::chrono::milliseconds(0) : interval_ - elapsed;
}

void EditPacer::mark_edited() {
  last_edit_ = clock_();
  shown_ = text_.size();
  ++edits_;
}

}  // namespace dbot::features::ai::chat
