#pragma once
// The record of every MCP tool call (table mcp_calls, migration 0100).
// Arguments are stored with secret-looking fields redacted; the session id is
// stored only as a hash prefix so the log never holds a usable session.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

namespace dbot::db {
class Pool;
}

namespace dbot::mcp {

struct CallRecord {
  std::chrono::system_clock::time_point at;
  std::string client_id;
  std::string session_hash;
  std::string tool;
  std::string arguments_json;  // already redacted
  std::string outcome;         // ok | tool_error | invalid | denied
  std::string error;           // empty when ok
  std::int64_t latency_us = 0;
};

// Replaces the value of every key that looks like it holds a secret (token,
// secret, password, key, authorization, cookie, ...) with "[redacted]",
// recursively, and truncates very long strings.
boost::json::value redact_arguments(const boost::json::value& arguments);

// First 16 hex digits of SHA-256(session id).
std::string session_hash(const std::string& session_id);

class CallRecorder {
 public:
  virtual ~CallRecorder() = default;
  // Must not throw: a failed record is logged, never fails the call. The
  // caller keeps `record` alive until the returned awaitable completes.
  virtual boost::asio::awaitable<void> record(const CallRecord& record) = 0;
};

class NullCallRecorder : public CallRecorder {
 public:
  boost::asio::awaitable<void> record(const CallRecord&) override { co_return; }
};

// Keeps records in memory (tests, and instances without a database).
class MemoryCallRecorder : public CallRecorder {
 public:
  boost::asio::awaitable<void> record(const CallRecord& record) override;
  std::vector<CallRecord> records() const;

 private:
  mutable std::mutex mutex_;
  std::vector<CallRecord> records_;
};

// Inserts into mcp_calls through the instance's pool.
class DbCallRecorder : public CallRecorder {
 public:
  explicit DbCallRecorder(std::shared_ptr<db::Pool> pool) : pool_(std::move(pool)) {}
  boost::asio::awaitable<void> record(const CallRecord& record) override;

 private:
  std::shared_ptr<db::Pool> pool_;
};

}  // namespace dbot::mcp
