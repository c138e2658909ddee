#include "features/ai/chat/dsml.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace dbot::features::ai::chat {
namespace json = boost::json;
namespace {

constexpr std::string_view kOpen =
    "<\xEF\xBD\x9C"
    "DSML\xEF\xBD\x9C";  // "<｜DSML｜"
constexpr std::string_view kOpenClosing =
    "</\xEF\xBD\x9C"
    "DSML\xEF\xBD\x9C";

struct Tag {
  std::size_t begin = 0;
  std::size_t end = 0;  // one past '>'
  bool closing = false;
  std::string name;  // invoke, parameter, function_calls, ...
  std::map<std::string, std::string> attributes;
};

void parse_attributes(std::string_view text, std::map<std::string, std::string>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
    const std::size_t key_start = i;
    while (i < text.size() && text[i] != '=' && text[i] != ' ') ++i;
    const std::string key(text.substr(key_start, i - key_start));
    if (i >= text.size() || text[i] != '=') {
      ++i;
      continue;
    }
    ++i;
    if (i >= text.size() || text[i] != '"') continue;
    const auto close = text.find('"', i + 1);
    if (close == std::string_view::npos) return;
    out[key] = std::string(text.substr(i + 1, close - i - 1));
    i = close + 1;
  }
}

// The next DSML tag at or after `from`.
std::optional<Tag> next_tag(std::string_view text, std::size_t from) {
  while (from < text.size()) {
    const auto plain = text.find(kOpen, from);
    const auto slashed = text.find(kOpenClosing, from);
    const auto begin = std::min(plain, slashed);
    if (begin == std::string_view::npos) return std::nullopt;
    Tag tag;
    tag.begin = begin;
    tag.closing = begin == slashed;
    std::size_t i = begin + (tag.closing ? kOpenClosing.size() : kOpen.size());
    if (i < text.size() && text[i] == '/') {
      tag.closing = true;
      ++i;
    }
    const auto close = text.find('>', i);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view inner = text.substr(i, close - i);
    const auto space = inner.find_first_of(" \t\n");
    tag.name = std::string(inner.substr(0, space));
    if (space != std::string_view::npos) parse_attributes(inner.substr(space), tag.attributes);
    tag.end = close + 1;
    // The seed's form closes a parameter with a bare "<｜DSML｜parameter>".
    if (tag.name == "parameter" && !tag.closing && !tag.attributes.contains("name")) tag.closing = true;
    if (!tag.name.empty()) return tag;
    from = begin + 1;
  }
  return std::nullopt;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

json::value parameter_value(std::string_view raw, const Tag& open) {
  const auto value = trim(raw);
  const auto kind = open.attributes.find("string");
  if (kind != open.attributes.end() && kind->second == "false") {
    boost::system::error_code ec;
    auto parsed = json::parse(value, ec);
    if (!ec) return parsed;
  }
  return json::value(json::string(value));
}

// The parameters between `from` and `to` (an invoke's body).
json::object parameters(std::string_view text, std::size_t from, std::size_t to) {
  json::object arguments;
  std::size_t at = from;
  while (auto open = next_tag(text, at)) {
    if (open->begin >= to) break;
    at = open->end;
    if (open->name != "parameter" || open->closing) continue;
    auto close = next_tag(text, open->end);
    while (close && close->end <= to && !(close->name == "parameter" && close->closing))
      close = next_tag(text, close->end);
    if (!close || close->end > to) break;
    arguments[open->attributes["name"]] = parameter_value(text.substr(open->end, close->begin - open->end), *open);
    at = close->end;
  }
  return arguments;
}

}  // namespace

DsmlResult parse_dsml(std::string_view text, unsigned first_id) {
  DsmlResult result;
  std::string kept;
  std::size_t copied = 0;  // text before this offset is in `kept` (or dropped)
  std::size_t at = 0;
  const auto drop = [&](std::size_t begin, std::size_t end) {
    kept.append(text.substr(copied, begin - copied));
    copied = end;
  };
  while (auto tag = next_tag(text, at)) {
    at = tag->end;
    if (tag->name == "function_calls") {
      drop(tag->begin, tag->end);
    } else if (tag->name == "invoke" && !tag->closing) {
      auto close = next_tag(text, tag->end);
      while (close && !(close->name == "invoke" && close->closing)) close = next_tag(text, close->end);
      if (!close) continue;  // unclosed: no call, the opening tag stays
      ToolCall call;
      call.id = "dsml_" + std::to_string(first_id + result.calls.size());
      call.name = tag->attributes["name"];
      call.arguments_json = json::serialize(parameters(text, tag->end, close->begin));
      result.calls.push_back(std::move(call));
      drop(tag->begin, close->end);
      at = close->end;
    } else if (tag->name == "parameter" && !tag->closing) {
      auto close = next_tag(text, tag->end);
      while (close && !(close->name == "parameter" && close->closing)) close = next_tag(text, close->end);
      const std::size_t end = close ? close->end : tag->end;
      drop(tag->begin, end);
      at = end;
    } else if (tag->closing && (tag->name == "invoke" || tag->name == "parameter")) {
      drop(tag->begin, tag->end);  // a stray closing tag
    }
  }
  kept.append(text.substr(std::min(copied, text.size())));
  result.text = std::string(trim(kept));
  return result;
}

}  // namespace dbot::features::ai::chat
