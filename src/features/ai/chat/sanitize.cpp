#include "features/ai/chat/sanitize.hpp"

#include <algorithm>

namespace dbot::features::ai::chat {
namespace {

// U+FF5C FULLWIDTH VERTICAL LINE, DeepSeek's token delimiter.
constexpr std::string_view kWideBar = "\xEF\xBD\x9C";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

// Length of a template token at the start of `text`, or 0: "<|...|>" or
// "<｜...｜>" on one line, or a DSML tag "<｜DSML｜...>" / "</｜DSML｜...>".
std::size_t template_token(std::string_view text) {
  if (text.size() < 2 || text.front() != '<') return 0;
  std::string_view body = text.substr(1);
  if (!body.empty() && body.front() == '/') body.remove_prefix(1);
  const std::size_t opener = text.size() - body.size();
  const bool ascii = !body.empty() && body.front() == '|';
  const bool wide = body.substr(0, kWideBar.size()) == kWideBar;
  if (!ascii && !wide) return 0;
  const std::size_t line_end = std::min(text.find('\n'), text.size());
  if (wide) {
    // Any tag that starts with the full-width bar ends at the next '>'.
    const auto close = text.find('>', opener);
    return close != std::string_view::npos && close < line_end ? close + 1 : 0;
  }
  const auto close = text.find("|>", opener + 1);
  return close != std::string_view::npos && close < line_end ? close + 2 : 0;
}

// Length of [INST], [/INST], <<SYS>>, <</SYS>>, <SYS>, </SYS> (any case) at the start, or 0.
std::size_t llama_marker(std::string_view text) {
  for (const std::string_view marker : {"[inst]", "[/inst]"}) {
    if (starts_with_ci(text, marker)) return marker.size();
  }
  std::size_t i = 0;
  if (i < text.size() && text[i] == '<') ++i;
  if (i == 0) return 0;
  if (i < text.size() && text[i] == '<') ++i;
  if (i < text.size() && text[i] == '/') ++i;
  if (!starts_with_ci(text.substr(i), "sys")) return 0;
  i += 3;
  if (i < text.size() && text[i] == '>') {
    ++i;
    if (i < text.size() && text[i] == '>') ++i;
    return i;
  }
  return 0;
}

// "system:" / "assistant :" / "USER:" at a line start, as the length of the word.
std::size_t role_marker(std::string_view line) {
  for (const std::string_view role : {"system", "assistant", "user"}) {
    if (!starts_with_ci(line, role)) continue;
    std::size_t i = role.size();
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == ':') return role.size();
  }
  return 0;
}

}  // namespace

std::string sanitize_user_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool line_start = true;
  for (std::size_t i = 0; i < text.size();) {
    const std::string_view rest = text.substr(i);
    if (line_start) {
      if (const std::size_t word = role_marker(rest)) {
        out += '[';
        out.append(rest.substr(0, word));
        out += ']';
        i += word;
        line_start = false;
        continue;
      }
    }
    if (const std::size_t token = template_token(rest)) {
      i += token;
      continue;
    }
    if (const std::size_t marker = llama_marker(rest)) {
      i += marker;
      continue;
    }
    line_start = text[i] == '\n';
    out += text[i];
    ++i;
  }
  return out;
}

}  // namespace dbot::features::ai::chat
