#include "core/env.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <unistd.h>  // environ

namespace dbot {
namespace {

constexpr std::string_view kBlank = " \t\r";

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kBlank);
  return text.substr(first, last - first + 1);
}

bool is_key_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_key_char(char c) { return is_key_start(c) || (c >= '0' && c <= '9') || c == '.'; }

bool valid_key(std::string_view key) {
  if (key.empty() || !is_key_start(key.front())) return false;
  for (const char c : key) {
    if (!is_key_char(c)) return false;
  }
  return true;
}

// Parses the text after `=`. On success returns the value; on failure sets
// `problem` and returns nullopt.
std::optional<std::string> parse_value(std::string_view raw, std::string& problem) {
  const std::string_view text = trim(raw);
  if (text.empty()) return std::string{};
  const char quote = text.front();
  if (quote == '\'' || quote == '"') {
    std::string value;
    std::size_t i = 1;
    bool closed = false;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (c == quote) {
        closed = true;
        ++i;
        break;
      }
      if (quote == '"' && c == '\\' && i + 1 < text.size()) {
        const char next = text[++i];
        switch (next) {
          case 'n': value += '\n'; break;
          case 't': value += '\t'; break;
          case 'r': value += '\r'; break;
          case '"': value += '"'; break;
          case '\\': value += '\\'; break;
          default: value += '\\'; value += next;
        }
        continue;
      }
      value += c;
    }
    if (!closed) {
      problem = "unterminated quoted value";
      return std::nullopt;
    }
    const std::string_view rest = trim(text.substr(i));
    if (!rest.empty() && rest.front() != '#') {
      problem = "unexpected text after the closing quote";
      return std::nullopt;
    }
    return value;
  }
  // Unquoted: a `#` preceded by whitespace starts a comment.
  std::size_t end = text.size();
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '#' && (text[i - 1] == ' ' || text[i - 1] == '\t')) {
      end = i;
      break;
    }
  }
  return std::string(trim(text.substr(0, end)));
}

std::string strip_trailing_newlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

DotenvParse parse_dotenv(std::string_view text) {
  DotenvParse result;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto newline = text.find('\n', pos);
    const std::string_view line =
        text.substr(pos, newline == std::string_view::npos ? std::string_view::npos : newline - pos);
    pos = newline == std::string_view::npos ? text.size() + 1 : newline + 1;
    ++line_no;

    std::string_view body = trim(line);
    if (body.empty() || body.front() == '#') continue;
    if (body.starts_with("export ") || body.starts_with("export\t")) body = trim(body.substr(7));

    const auto eq = body.find('=');
    if (eq == std::string_view::npos) {
      result.problems.push_back({line_no, "expected KEY=VALUE"});
      continue;
    }
    const std::string_view key = trim(body.substr(0, eq));
    if (!valid_key(key)) {
      result.problems.push_back({line_no, "invalid variable name"});
      continue;
    }
    std::string problem;
    auto value = parse_value(body.substr(eq + 1), problem);
    if (!value) {
      result.problems.push_back({line_no, std::string(key) + ": " + problem});
      continue;
    }
    result.vars.insert_or_assign(std::string(key), std::move(*value));
  }
  return result;
}

std::optional<DotenvParse> read_dotenv_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    DotenvParse failed;
    failed.problems.push_back({0, "cannot read the file"});
    return failed;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_dotenv(buffer.str());
}

EnvMap process_environment() {
  EnvMap vars;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    vars.insert_or_assign(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
  }
  return vars;
}

Env::Env(EnvMap file_vars, EnvMap overrides, std::filesystem::path base_dir)
    : file_vars_(std::move(file_vars)), overrides_(std::move(overrides)), base_dir_(std::move(base_dir)) {}

Env Env::from_map(EnvMap vars, std::filesystem::path base_dir) { return Env({}, std::move(vars), std::move(base_dir)); }

EnvLookup Env::lookup(std::string_view name) const {
  const std::string file_name = std::string(name) + "_FILE";
  EnvLookup result;
  for (const EnvMap* layer : {&overrides_, &file_vars_}) {
    const auto direct = layer->find(name);
    const auto indirect = layer->find(file_name);
    if (direct == layer->end() && indirect == layer->end()) continue;
    const EnvOrigin layer_origin = layer == &overrides_ ? EnvOrigin::override_layer : EnvOrigin::file;
    if (direct != layer->end() && indirect != layer->end()) {
      result.origin = layer_origin;
      result.error = std::string(name) + " and " + file_name + " are both set; keep only one";
      return result;
    }
    if (direct != layer->end()) {
      result.value = direct->second;
      result.origin = layer_origin;
      return result;
    }
    result.origin = EnvOrigin::secret_file;
    std::filesystem::path path(indirect->second);
    if (path.empty()) {
      result.error = file_name + " is empty; it must name a file";
      return result;
    }
    if (path.is_relative() && !base_dir_.empty()) path = base_dir_ / path;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      result.error = "cannot read " + file_name + " (" + path.string() + "): " + std::strerror(errno);
      return result;
    }
    // A secret is a few hundred bytes; a cap keeps a mistaken path (a log,
    // /dev/zero) from being read into memory whole.
    std::string text(kMaxSecretFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxSecretFileBytes) {
      result.error = file_name + " (" + path.string() + ") is larger than 64 KiB; it must hold only the secret";
      return result;
    }
    result.value = strip_trailing_newlines(text);
    return result;
  }
  return result;
}

std::optional<std::string> Env::get(std::string_view name) const { return lookup(name).value; }

std::string Env::get_or(std::string_view name, std::string_view fallback) const {
  auto value = get(name);
  if (!value || value->empty()) return std::string(fallback);
  return *value;
}

}  // namespace dbot
