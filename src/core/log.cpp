#include "core/log.hpp"

#include <cstdlib>
#include <memory>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace dbot::log {
namespace {

// Formats a record as {"ts":...,"level":...,"logger":...,"msg":...}.
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto since_epoch = msg.time.time_since_epoch();
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
    const auto level = spdlog::level::to_string_view(msg.level);
    std::string line = "{\"ts_ms\":" + std::to_string(millis) + ",\"level\":\"" +
                       std::string(level.data(), level.size()) + "\",\"logger\":\"" +
                       json_escape(std::string_view(msg.logger_name.data(), msg.logger_name.size())) + "\",\"msg\":\"" +
                       json_escape(std::string_view(msg.payload.data(), msg.payload.size())) + "\"}\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

}  // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  return out;
}

Options options_from_env(std::string* problems) {
  Options options;
  if (const char* format = std::getenv("LOG_FORMAT"); format && *format) {
    const std::string_view value(format);
    if (value == "json") {
      options.format = Format::json;
    } else if (value != "text" && problems) {
      *problems += "LOG_FORMAT must be 'text' or 'json', not '" + std::string(value) + "'\n";
    }
  }
  if (const char* level = std::getenv("LOG_LEVEL"); level && *level) {
    const auto parsed = spdlog::level::from_str(level);
    // from_str answers `off` for anything it does not know.
    if (parsed == spdlog::level::off && std::string_view(level) != "off") {
      if (problems) *problems += "LOG_LEVEL '" + std::string(level) + "' is not a log level\n";
    } else {
      options.level = parsed;
    }
  }
  return options;
}

void init(const Options& options) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  if (options.format == Format::json) {
    sink->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
  }
  auto logger = std::make_shared<spdlog::logger>("discord-bot", sink);
  logger->set_level(options.level);
  spdlog::set_default_logger(logger);
}

}  // namespace dbot::log
