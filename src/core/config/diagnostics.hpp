#pragma once
// Problems found while loading an instance directory. Validation collects all
// of them instead of stopping at the first, so an operator fixes everything in
// one pass. Messages are short and never contain secret values.

#include <string>
#include <vector>

namespace dbot::config {

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;  // ".env", ".env.example", "config.toml", "personality.txt", ...
  std::string key;   // "DISCORD_TOKEN", "section.key", "line 3", ...
  std::string message;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);
std::size_t count(const Diagnostics& diagnostics, Severity severity);

// "ERROR DIR/file: key: message" (or "WARN ...").
std::string format_diagnostic(const Diagnostic& diagnostic, const std::string& dir);

}  // namespace dbot::config
