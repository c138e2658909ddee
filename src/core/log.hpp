#pragma once
// Process-wide logging on spdlog: text by default, one JSON object per line
// with LOG_FORMAT=json, level from LOG_LEVEL (trace|debug|info|warn|error).

#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace dbot::log {

enum class Format { text, json };

struct Options {
  Format format = Format::text;
  spdlog::level::level_enum level = spdlog::level::info;
};

// Reads LOG_FORMAT and LOG_LEVEL; unknown values fall back to the defaults
// and are reported through `problems` (so check-config can show them).
Options options_from_env(std::string* problems = nullptr);

// Installs the default logger (stderr). Safe to call more than once.
void init(const Options& options);

// Escapes a string for embedding in a JSON string literal (no quotes added).
std::string json_escape(std::string_view text);

}  // namespace dbot::log
