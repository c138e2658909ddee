#pragma once
// A private Postgres cluster for an instance that has no DATABASE_URL: created
// with initdb on first use under `directory` (normally <DATA_DIR>/postgres),
// listening only on a Unix socket inside that directory, and stopped again
// with the bot. As root, the server runs as the `postgres` user (Postgres
// refuses to run as root). start() and stop() block: call them at start-up
// and shutdown only.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dbot::db {

struct EmbeddedPostgresOptions {
  std::filesystem::path directory;  // the cluster's data directory
  std::string database = "dbot";    // created if missing
  std::string user = "dbot";        // the cluster's superuser (trust auth over the private socket)
  int port = 5432;                  // only names the socket file; nothing listens on TCP
  std::chrono::seconds start_timeout{60};
  std::string bin_dir;  // empty: /usr/lib/postgresql/15/bin, else `pg_config --bindir`
};

// As root the server runs as `postgres`, which must be able to enter every
// existing parent of the data directory (a checkout under /root, mode 0700,
// is the usual trap). Returns the first parent it can't enter; nullopt when
// all are fine, when not running as root, or when there is no postgres user.
std::optional<std::filesystem::path> parent_blocking_postgres(const std::filesystem::path& directory);

class EmbeddedPostgres {
 public:
  explicit EmbeddedPostgres(EmbeddedPostgresOptions options);
  ~EmbeddedPostgres();  // stops the server if this object started it
  EmbeddedPostgres(const EmbeddedPostgres&) = delete;
  EmbeddedPostgres& operator=(const EmbeddedPostgres&) = delete;

  // Initialises (first use), starts (or reuses a running server), creates the
  // database and returns its URL: postgresql:///db?host=<dir>&port=N&user=U.
  // Throws dbot::Error with initdb/pg_ctl output and the server log tail.
  std::string start();
  // pg_ctl stop -m fast, if this object started the server. Idempotent.
  void stop();

  const std::string& url() const noexcept { return url_; }
  bool started_by_us() const noexcept { return started_by_us_; }
  bool initialized_now() const noexcept { return initialized_now_; }
  const std::filesystem::path& directory() const noexcept { return options_.directory; }

  // The directory holding initdb/pg_ctl/postgres; throws if none is found.
  static std::string find_bin_dir();

 private:
  std::vector<std::string> as_server_user(std::vector<std::string> argv) const;
  void prepare_directory();
  void write_settings();
  void create_database();
  std::string log_tail() const;

  EmbeddedPostgresOptions options_;
  std::string bin_dir_;
  std::string url_;
  bool run_as_postgres_ = false;
  bool started_by_us_ = false;
  bool initialized_now_ = false;
};

}  // namespace dbot::db
