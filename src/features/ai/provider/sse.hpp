#pragma once
// An incremental Server-Sent Events parser (the WHATWG event-stream format):
// bytes arrive in arbitrary chunks, complete events come out. Both model
// providers stream this way: OpenAI-compatible servers send unnamed events
// ending with `data: [DONE]`, Anthropic names every event.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dbot::features::ai {

struct SseEvent {
  std::string event;  // the `event:` field; empty for unnamed ("message") events
  std::string data;   // `data:` lines joined with '\n'
};

class SseParser {
 public:
  // A cap on one buffered line or event, so a peer that never sends a line
  // break cannot grow memory without bound.
  explicit SseParser(std::size_t max_event_bytes = 4 * 1024 * 1024) : max_event_bytes_(max_event_bytes) {}

  // Feeds the next bytes; returns the events they completed, in order.
  // Throws std::length_error when one line or event exceeds the cap.
  std::vector<SseEvent> feed(std::string_view bytes);

 private:
  void take_line(std::string_view line, std::vector<SseEvent>& out);

  std::size_t max_event_bytes_;
  std::string line_;             // the incomplete line so far
  bool skip_line_feed_ = false;  // the previous chunk ended in '\r' (of a CRLF)
  bool bom_checked_ = false;
  SseEvent pending_;
  bool has_data_ = false;
};

}  // namespace dbot::features::ai
