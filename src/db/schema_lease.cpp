#include "db/schema_lease.hpp"

#include <unistd.h>

#include <array>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "db/connection.hpp"
#include "db/identifiers.hpp"
#include "db/lock_keys.hpp"

namespace dbot::db {

namespace asio = boost::asio;
using asio::awaitable;

struct SchemaLease::Impl {
  LeaseOptions options;
  std::unique_ptr<Connection> connection;
  bool recorded = false;
  bool released = false;
  bool lost = false;

  // `retaking`: the lock was ours before, so failing to get it means someone
  // else took the schema while our session was gone.
  awaitable<void> lock(bool retaking = false) {
    connection = co_await Connection::connect(
        ConnectOptions{options.url, options.schema, options.connect_timeout, "discord-bot lease " + options.schema});
    auto result = co_await connection->execute(
        fmt::format("SELECT pg_try_advisory_lock({}) AS acquired", lock_keys::kLeaseKey), options.schema);
    if (!result.get<bool>(0, "acquired")) {
      connection.reset();
      if (retaking) {
        lost = true;
        auto message = fmt::format(
            "lost the lease on schema '{}': another running instance took it while this one's database "
            "session was gone",
            options.schema);
        throw SchemaLeaseLost(message, message);
      }
      auto message = fmt::format(
          "schema '{}' is already in use by another running instance; give each instance its own "
          "DB_SCHEMA, or stop the other instance first",
          options.schema);
      throw Error(message, message);
    }
  }
};

SchemaLease::SchemaLease(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SchemaLease::~SchemaLease() = default;

awaitable<std::unique_ptr<SchemaLease>> SchemaLease::acquire(LeaseOptions options) {
  require_valid_identifier(options.schema, "schema");
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  co_await impl->lock();
  spdlog::info("holding the lease on schema {}", impl->options.schema);
  co_return std::unique_ptr<SchemaLease>(new SchemaLease(std::move(impl)));
}

awaitable<void> SchemaLease::heartbeat() {
  auto& impl = *impl_;
  if (impl.released) throw Error(kDatabaseErrorMessage, "heartbeat on a released schema lease");
  if (impl.lost) throw SchemaLeaseLost(kDatabaseErrorMessage, "heartbeat on a lost schema lease");
  try {
    co_await record();
  } catch (const SchemaLeaseLost&) {
    throw;
  } catch (const Error&) {
    // A session terminated since the last heartbeat shows only now: retake
    // the lock at once rather than a whole interval later, so a second
    // instance that took the schema meanwhile is noticed promptly.
    if (!impl.connection || !impl.connection->broken()) throw;
  }
  if (!impl.connection || impl.connection->broken()) co_await record();
}

awaitable<void> SchemaLease::record() {
  auto& impl = *impl_;
  if (!impl.connection || impl.connection->broken()) {
    spdlog::warn("lost the connection holding the lease on schema {}; taking it again", impl.options.schema);
    impl.connection.reset();
    co_await impl.lock(true);
    impl.recorded = false;
  }
  if (!impl.recorded) {
    std::array<char, 256> host{};
    if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
    co_await impl.connection->execute(
        "INSERT INTO instance_lease (singleton, holder, hostname, pid, version, acquired_at, heartbeat_at, "
        "released_at) VALUES (TRUE, $1, $2, $3, $4, NOW(), NOW(), NULL) "
        "ON CONFLICT (singleton) DO UPDATE SET holder = EXCLUDED.holder, hostname = EXCLUDED.hostname, "
        "pid = EXCLUDED.pid, version = EXCLUDED.version, acquired_at = NOW(), heartbeat_at = NOW(), "
        "released_at = NULL",
        impl.options.holder, std::string(host.data()), static_cast<int>(getpid()), std::string(DBOT_VERSION));
    impl.recorded = true;
  } else {
    co_await impl.connection->query("UPDATE instance_lease SET heartbeat_at = NOW()");
  }
}

awaitable<void> SchemaLease::release() {
  auto& impl = *impl_;
  if (impl.released) co_return;
  impl.released = true;
  if (impl.connection && !impl.connection->broken()) {
    try {
      if (impl.recorded) co_await impl.connection->query("UPDATE instance_lease SET released_at = NOW()");
      co_await impl.connection->execute(fmt::format("SELECT pg_advisory_unlock({})", lock_keys::kLeaseKey),
                                        impl.options.schema);
    } catch (const Error& e) {
      // Closing the session below releases the lock anyway.
      spdlog::warn("releasing the lease on schema {}: {}", impl.options.schema, e.operator_detail());
    }
  }
  impl.connection.reset();
  spdlog::info("released the lease on schema {}", impl.options.schema);
}

const std::string& SchemaLease::schema() const noexcept { return impl_->options.schema; }

bool SchemaLease::lost() const noexcept { return impl_->lost; }

bool SchemaLease::held() const noexcept {
  return !impl_->lost && !impl_->released && impl_->connection && !impl_->connection->broken();
}

}  // namespace dbot::db
