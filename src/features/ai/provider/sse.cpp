#include "features/ai/provider/sse.hpp"

#include <stdexcept>

namespace dbot::features::ai {

std::vector<SseEvent> SseParser::feed(std::string_view bytes) {
  std::vector<SseEvent> out;
  for (const char c : bytes) {
    if (skip_line_feed_) {
      skip_line_feed_ = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      // A line ends at CR, LF or CRLF; a CR may be split from its LF by a chunk boundary.
      skip_line_feed_ = c == '\r';
      if (!bom_checked_) {
        bom_checked_ = true;
        if (line_.starts_with("\xEF\xBB\xBF")) line_.erase(0, 3);
      }
      take_line(line_, out);
      line_.clear();
      continue;
    }
    line_.push_back(c);
    if (line_.size() > max_event_bytes_) throw std::length_error("event-stream line over the size cap");
  }
  return out;
}

void SseParser::take_line(std::string_view line, std::vector<SseEvent>& out) {
  if (line.empty()) {
    // A blank line dispatches the event; one without data is dropped (per the spec).
    if (has_data_) out.push_back(std::move(pending_));
    pending_ = {};
    has_data_ = false;
    return;
  }
  if (line.front() == ':') return;  // a comment (keep-alive pings)
  const auto colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (value.starts_with(' ')) value.remove_prefix(1);
  }
  if (field == "data") {
    if (has_data_) pending_.data.push_back('\n');
    pending_.data.append(value);
    has_data_ = true;
    if (pending_.data.size() > max_event_bytes_) throw std::length_error("event-stream event over the size cap");
  } else if (field == "event") {
    pending_.event = std::string(value);
  }
  // `id` and `retry` matter to browsers reconnecting, not to one model call.
}

}  // namespace dbot::features::ai
