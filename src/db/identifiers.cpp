#include "db/identifiers.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace dbot::db {

bool is_valid_identifier(std::string_view name) noexcept {
  if (name.empty() || name.size() > 63) return false;
  auto lower_or_underscore = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
  if (!lower_or_underscore(name.front())) return false;
  for (char c : name) {
    if (!lower_or_underscore(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

void require_valid_identifier(std::string_view name, std::string_view what) {
  if (is_valid_identifier(name)) return;
  auto message = fmt::format(
      "invalid {} name '{}': use 1-63 characters, lower-case letters, digits and '_', not starting with a digit", what,
      name);
  throw Error(message, message);
}

std::string quote_identifier(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out.push_back('"');
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

namespace {

// postgresql://user:secret@host/db -> postgresql://user:***@host/db
std::string redact_url(std::string_view url) {
  auto scheme_end = url.find("://");
  std::string out(url);
  if (scheme_end != std::string_view::npos) {
    auto authority_start = scheme_end + 3;
    auto authority_end = url.find_first_of("/?", authority_start);
    if (authority_end == std::string_view::npos) authority_end = url.size();
    auto at = url.rfind('@', authority_end);
    if (at != std::string_view::npos && at >= authority_start) {
      auto colon = url.find(':', authority_start);
      if (colon != std::string_view::npos && colon < at) {
        out = std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
      }
    }
  }
  // A password can also be given as a query parameter: ?password=...
  for (std::string_view key : {"?password=", "&password="}) {
    auto pos = out.find(key);
    while (pos != std::string::npos) {
      auto value_start = pos + key.size();
      auto value_end = out.find('&', value_start);
      if (value_end == std::string::npos) value_end = out.size();
      out.replace(value_start, value_end - value_start, "***");
      pos = out.find(key, value_start + 3);
    }
  }
  return out;
}

// host=x password='a b' -> host=x password=***
std::string redact_keyword_value(std::string_view conninfo) {
  std::string out;
  std::size_t i = 0;
  while (i < conninfo.size()) {
    auto key_pos = conninfo.find("password", i);
    if (key_pos == std::string_view::npos) break;
    bool at_word_start = key_pos == 0 || conninfo[key_pos - 1] == ' ' || conninfo[key_pos - 1] == '\t';
    auto j = key_pos + 8;
    while (j < conninfo.size() && conninfo[j] == ' ') ++j;
    if (!at_word_start || j >= conninfo.size() || conninfo[j] != '=') {
      out.append(conninfo.substr(i, key_pos + 8 - i));
      i = key_pos + 8;
      continue;
    }
    ++j;
    while (j < conninfo.size() && conninfo[j] == ' ') ++j;
    out.append(conninfo.substr(i, j - i));
    out.append("***");
    if (j < conninfo.size() && conninfo[j] == '\'') {
      ++j;
      while (j < conninfo.size() && conninfo[j] != '\'') j += conninfo[j] == '\\' ? 2 : 1;
      i = std::min(j + 1, conninfo.size());
    } else {
      while (j < conninfo.size() && conninfo[j] != ' ') ++j;
      i = j;
    }
  }
  if (i < conninfo.size()) out.append(conninfo.substr(i));
  return out;
}

}  // namespace

std::string redact_connection_string(std::string_view conninfo) {
  if (conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://")) return redact_url(conninfo);
  return redact_keyword_value(conninfo);
}

}  // namespace dbot::db
