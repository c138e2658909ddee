#pragma once
// Exclusive use of a schema by one running instance: a session-level advisory
// lock (key from hashtext('dbot-schema:' || schema)) held on a dedicated
// connection for the instance's lifetime. Postgres drops the lock when that
// session ends, so a crashed instance never leaves a stale lease behind.
// The instance_lease table (migration 0002) only records who held it and the
// last heartbeat, for operators.

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "core/error.hpp"

namespace dbot::db {

// Constructors rather than an aggregate: see ConnectOptions (g++ 12).
struct LeaseOptions {
  LeaseOptions() = default;
  LeaseOptions(std::string url_value, std::string schema_value, std::string holder_value = {})
      : url(std::move(url_value)), schema(std::move(schema_value)), holder(std::move(holder_value)) {}

  std::string url;
  std::string schema;
  std::string holder;  // e.g. the instance directory name; shown by `db schemas`
  std::chrono::milliseconds connect_timeout{10000};
};

// The lease was lost and another session holds it now: this instance must
// stop using the schema (see Instance's fencing).
class SchemaLeaseLost : public Error {
 public:
  using Error::Error;
};

class SchemaLease {
 public:
  // Throws dbot::Error "schema 'x' is already in use by another running
  // instance" when another session holds the lease.
  static boost::asio::awaitable<std::unique_ptr<SchemaLease>> acquire(LeaseOptions options);

  ~SchemaLease();  // closes the dedicated connection, which drops the lock
  SchemaLease(const SchemaLease&) = delete;
  SchemaLease& operator=(const SchemaLease&) = delete;

  // Records activity in <schema>.instance_lease (needs migrations applied):
  // the first call records the holder and start time, later calls the
  // heartbeat. If the dedicated connection was lost (found broken, or lost
  // during this heartbeat), reconnects and takes the lock again first;
  // throws SchemaLeaseLost if someone else took it meanwhile (lost() is then
  // true for good), dbot::Error when the database cannot be reached.
  boost::asio::awaitable<void> heartbeat();

  // Records the release time (best effort), unlocks and closes. Idempotent.
  boost::asio::awaitable<void> release();

  const std::string& schema() const noexcept;
  bool held() const noexcept;
  // Another session took the lock after ours was lost.
  bool lost() const noexcept;

  struct Impl;

 private:
  // One heartbeat attempt: retakes the lock if the connection is broken.
  boost::asio::awaitable<void> record();
  explicit SchemaLease(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dbot::db
