#include "features/ai/chat/splitter.hpp"

#include <algorithm>
#include <optional>

namespace dbot::features::ai::chat {
namespace {

std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;  // a stray continuation byte counts on its own
}

// The largest char-boundary byte index whose prefix fits in `max_units`.
std::size_t bytes_within(std::string_view text, std::size_t max_units) {
  std::size_t bytes = 0;
  std::size_t units = 0;
  while (bytes < text.size()) {
    const std::size_t length = std::min(sequence_length(static_cast<unsigned char>(text[bytes])), text.size() - bytes);
    const std::size_t cost = length == 4 ? 2 : 1;  // astral characters are surrogate pairs
    if (units + cost > max_units) break;
    units += cost;
    bytes += length;
  }
  return bytes;
}

struct Fence {
  bool open = false;
  char marker = '`';
  std::size_t length = 0;
  std::string header;  // the opening line without indentation ("```cpp")
};

struct FenceLine {
  char marker;
  std::size_t length;
  std::string_view after;  // the info string / trailing text
  std::string_view line;   // without indentation
};

// A line that starts (after at most three spaces) with three or more
// backticks or tildes.
std::optional<FenceLine> fence_line(std::string_view line) {
  std::size_t indent = 0;
  while (indent < line.size() && indent < 3 && line[indent] == ' ') ++indent;
  line.remove_prefix(indent);
  if (line.empty() || (line.front() != '`' && line.front() != '~')) return std::nullopt;
  const char marker = line.front();
  std::size_t run = 0;
  while (run < line.size() && line[run] == marker) ++run;
  if (run < 3) return std::nullopt;
  return FenceLine{marker, run, line.substr(run), line};
}

bool blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

std::string trimmed_right(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
    text.remove_suffix(1);
  return std::string(text);
}

// The fence state after `text`, and where the line opening the fence that
// is still open at the end starts.
Fence scan(std::string_view text, std::size_t* open_line_start = nullptr) {
  Fence state;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const auto line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (const auto fence = fence_line(line)) {
      if (!state.open) {
        // A backtick fence's info string cannot hold backticks (that is inline code).
        if (fence->marker == '~' || fence->after.find('`') == std::string_view::npos) {
          state.open = true;
          state.marker = fence->marker;
          state.length = fence->length;
          state.header = trimmed_right(fence->line);
          if (open_line_start != nullptr) *open_line_start = start;
        }
      } else if (fence->marker == state.marker && fence->length >= state.length && blank(fence->after)) {
        state = Fence{};
      }
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return state;
}

std::size_t longest_fence_run(std::string_view text) {
  std::size_t longest = 3;
  std::size_t run = 0;
  char previous = 0;
  for (const char c : text) {
    run = (c == previous && (c == '`' || c == '~')) ? run + 1 : 1;
    previous = c;
    if (c == '`' || c == '~') longest = std::max(longest, run);
  }
  return longest;
}

std::string closing_for(const Fence& fence) { return std::string(fence.length, fence.marker); }

void close_fence(std::string& piece, const Fence& fence) {
  if (!fence.open) return;
  if (piece.empty() || piece.back() != '\n') piece += '\n';
  piece += closing_for(fence);
}

// Where to end a part of `rest` that may be at most `hard` bytes: the last
// line break, else the last space, if it is not too early; else `hard`.
std::size_t break_before(std::string_view rest, std::size_t hard) {
  const auto window = rest.substr(0, hard);
  if (const auto newline = window.rfind('\n'); newline != std::string_view::npos && newline >= hard / 2) return newline;
  if (const auto space = window.rfind(' '); space != std::string_view::npos && space >= hard / 2) return space;
  return hard;
}

}  // namespace

std::size_t discord_length(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = std::min(sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
    units += length == 4 ? 2 : 1;
    i += length;
  }
  return units;
}

std::vector<std::string> split_for_discord(std::string_view text, std::size_t limit) {
  std::vector<std::string> parts;
  const std::size_t reserve = 1 + longest_fence_run(text);  // "\n" + a closing fence
  Fence carry;                                              // a fence open where `rest` starts
  std::string_view rest = text;
  while (true) {
    if (!carry.open) {
      while (!rest.empty() && (rest.front() == '\n' || rest.front() == '\r')) rest.remove_prefix(1);
    }
    if (carry.open) {
      // The block's own closing line right at the cut: the part before already closed it.
      const auto end = rest.find('\n');
      const auto line = fence_line(rest.substr(0, end));
      if (line && line->marker == carry.marker && line->length >= carry.length && blank(line->after)) {
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        carry = Fence{};
        continue;
      }
    }
    if (rest.empty() || blank(rest)) break;
    // A reopening header longer than a quarter of a message is cut to its fence.
    std::string prefix;
    if (carry.open) {
      prefix = (discord_length(carry.header) > limit / 4 ? closing_for(carry) : carry.header) + "\n";
    }
    const std::size_t prefix_units = discord_length(prefix);
    if (prefix_units + discord_length(rest) <= limit) {
      std::string piece = trimmed_right(prefix + std::string(rest));
      if (!blank(piece)) parts.push_back(std::move(piece));
      break;
    }
    const std::size_t budget = limit > prefix_units + reserve + 2 ? limit - prefix_units - reserve : 2;
    std::size_t hard = bytes_within(rest, budget);
    if (hard == 0) hard = std::min(rest.size(), sequence_length(static_cast<unsigned char>(rest.front())));
    std::size_t cut = break_before(rest, hard);
    if (cut == 0) cut = hard;
    std::string piece = prefix + std::string(rest.substr(0, cut));
    std::size_t open_line = 0;
    Fence end = scan(piece, &open_line);
    // A block that opens late in this part starts the next part instead.
    if (end.open && open_line > prefix.size() && open_line - prefix.size() > hard / 4) {
      cut = open_line - prefix.size();
      piece = prefix + std::string(rest.substr(0, cut));
      end = scan(piece);
    }
    if (!end.open) piece = trimmed_right(piece);
    close_fence(piece, end);
    if (!blank(piece)) parts.push_back(std::move(piece));
    rest.remove_prefix(cut);
    // The break character belongs to neither part.
    if (!rest.empty() && (rest.front() == '\n' || rest.front() == ' ')) rest.remove_prefix(1);
    carry = end;
  }
  return parts;
}

std::vector<std::string> cap_parts(std::vector<std::string> parts, std::size_t max_parts, std::string_view note,
                                   std::size_t limit) {
  if (parts.size() <= max_parts || max_parts == 0) return parts;
  parts.resize(max_parts);
  std::string& last = parts.back();
  const std::string tail = "\n" + std::string(note);
  const std::size_t room = limit - std::min(limit, discord_length(tail) + 1 + longest_fence_run(last));
  if (discord_length(last) > room) {
    last.resize(bytes_within(last, room));
    // Drop a closing fence we may have cut in half, then close what is open.
    while (!last.empty() && (last.back() == '`' || last.back() == '~')) last.pop_back();
    close_fence(last, scan(last));
  }
  last += tail;
  return parts;
}

}  // namespace dbot::features::ai::chat
