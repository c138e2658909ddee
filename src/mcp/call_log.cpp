#include "mcp/call_log.hpp"

#include <array>
#include <string_view>

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "db/pool.hpp"
#include "mcp/transport/security.hpp"

namespace dbot::mcp {

namespace json = boost::json;

namespace {

bool secret_looking(std::string_view key) {
  static constexpr std::array<std::string_view, 9> kMarkers = {
      "token", "secret", "password", "passwd", "key", "authorization", "cookie", "credential", "signature"};
  std::string lower = ascii_lower(key);
  for (auto marker : kMarkers) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

constexpr std::size_t kMaxLoggedString = 2000;

json::value redact(const json::value& value, int depth) {
  if (depth > 16) return json::value("[truncated]");
  if (value.is_object()) {
    json::object out;
    for (const auto& [key, inner] : value.as_object()) {
      out[key] = secret_looking(key) ? json::value("[redacted]") : redact(inner, depth + 1);
    }
    return out;
  }
  if (value.is_array()) {
    json::array out;
    for (const auto& inner : value.as_array()) out.push_back(redact(inner, depth + 1));
    return out;
  }
  if (value.is_string() && value.as_string().size() > kMaxLoggedString) {
    std::string text(value.as_string().subview().substr(0, kMaxLoggedString));
    return json::value(text + "...[truncated]");
  }
  return value;
}

}  // namespace

json::value redact_arguments(const json::value& arguments) { return redact(arguments, 0); }

std::string session_hash(const std::string& session_id) { return sha256_hex(session_id).substr(0, 16); }

boost::asio::awaitable<void> MemoryCallRecorder::record(const CallRecord& record) {
  std::lock_guard lock(mutex_);
  records_.push_back(record);
  co_return;
}

std::vector<CallRecord> MemoryCallRecorder::records() const {
  std::lock_guard lock(mutex_);
  return records_;
}

boost::asio::awaitable<void> DbCallRecorder::record(const CallRecord& record) {
  try {
    auto seconds = std::chrono::duration<double>(record.at.time_since_epoch()).count();
    co_await pool_->execute(
        "INSERT INTO mcp_calls (called_at, client_id, session_hash, tool, arguments, outcome, error, latency_us) "
        "VALUES (to_timestamp($1::double precision), $2, $3, $4, $5::jsonb, $6, NULLIF($7, ''), $8)",
        seconds, record.client_id, record.session_hash, record.tool, record.arguments_json, record.outcome,
        record.error, record.latency_us);
  } catch (const std::exception& e) {
    spdlog::warn("mcp: could not record the call of {}: {}", record.tool, e.what());
  }
}

}  // namespace dbot::mcp
