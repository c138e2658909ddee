#pragma once
// Collects the diagnostics of one file (".env", "config.toml", a prompt
// file). Section parsers report through it so every problem of an instance
// directory ends up in one list.

#include <string>

#include "core/config/diagnostics.hpp"

namespace dbot::config {

class Reporter {
 public:
  Reporter(Diagnostics& out, std::string file) : out_(out), file_(std::move(file)) {}
  void error(std::string key, std::string message) { add(Severity::error, std::move(key), std::move(message)); }
  void warn(std::string key, std::string message) { add(Severity::warning, std::move(key), std::move(message)); }
  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return out_; }

 private:
  void add(Severity severity, std::string key, std::string message) {
    out_.push_back(Diagnostic{severity, file_, std::move(key), std::move(message)});
  }
  Diagnostics& out_;
  std::string file_;
};

}  // namespace dbot::config
