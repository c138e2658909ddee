#pragma once
// Coalesces streamed text into message edits: at most one edit per
// `interval` per message (Discord allows about five edits per five seconds
// per channel, and readers do not need more). Deltas that arrive in between
// are shown by the next edit. The clock is injected so tests decide when
// time passes.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace dbot::features::ai::chat {

class EditPacer {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  EditPacer(std::chrono::milliseconds interval, Clock clock) : interval_(interval), clock_(std::move(clock)) {}

  void append(std::string_view delta) { text_.append(delta); }
  const std::string& text() const { return text_; }
  // Text shown by the last edit differs from the text now, and the interval
  // since that edit has passed (the first edit is due at once).
  bool due() const;
  // How long until an edit may be made (zero when it may be made now).
  std::chrono::milliseconds wait() const;
  // Records an edit made now showing the current text.
  void mark_edited();
  bool changed() const { return text_.size() != shown_; }
  std::size_t edits() const { return edits_; }

 private:
  std::chrono::milliseconds interval_;
  Clock clock_;
  std::string text_;
  std::size_t shown_ = 0;
  std::size_t edits_ = 0;
  std::optional<std::chrono::steady_clock::time_point> last_edit_;
};

}  // namespace dbot::features::ai::chat
