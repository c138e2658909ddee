#include "db/embedded_postgres.hpp"

#include <libpq-fe.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/error.hpp"
#include "db/identifiers.hpp"
#include "db/process.hpp"

namespace dbot::db {

namespace fs = std::filesystem;

namespace {

constexpr const char* kUserMessage = "The bot's local database could not be started. The operator has the details.";
constexpr const char* kSettingsFile = "dbot.conf";

[[noreturn]] void fail(std::string detail) { throw Error(kUserMessage, std::move(detail)); }

bool has_pg_ctl(const fs::path& dir) {
  std::error_code ec;
  return !dir.empty() && fs::exists(dir / "pg_ctl", ec) && fs::exists(dir / "initdb", ec);
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return text;
}

// Single-quoted postgresql.conf value.
std::string conf_string(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string percent_encode(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string quote_libpq_value(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

}  // namespace

std::string EmbeddedPostgres::find_bin_dir() {
  const fs::path debian_default = "/usr/lib/postgresql/15/bin";
  if (has_pg_ctl(debian_default)) return debian_default.string();
  try {
    auto result = run_process({"pg_config", "--bindir"});
    auto dir = trim(result.output);
    if (result.exit_code == 0 && has_pg_ctl(dir)) return dir;
  } catch (const Error&) {
    // pg_config is not installed; fall through to the explanation below.
  }
  fail(
      "PostgreSQL server programs (initdb, pg_ctl) were not found in /usr/lib/postgresql/15/bin or via "
      "`pg_config --bindir`. Install PostgreSQL 15 (Debian: apt-get install postgresql-15) or set DATABASE_URL "
      "to use an existing server.");
}

EmbeddedPostgres::EmbeddedPostgres(EmbeddedPostgresOptions options) : options_(std::move(options)) {
  require_valid_identifier(options_.database, "database");
  require_valid_identifier(options_.user, "database user");
  if (options_.directory.empty()) fail("embedded Postgres needs a data directory");
  options_.directory = fs::absolute(options_.directory).lexically_normal();
  if (options_.directory.has_filename() == false) options_.directory = options_.directory.parent_path();
}

EmbeddedPostgres::~EmbeddedPostgres() {
  try {
    stop();
  } catch (const Error& e) {
    spdlog::error("stopping the embedded Postgres: {}", e.operator_detail());
  }
}

std::vector<std::string> EmbeddedPostgres::as_server_user(std::vector<std::string> argv) const {
  if (!run_as_postgres_) return argv;
  std::vector<std::string> wrapped = {"runuser", "-u", "postgres", "--"};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

std::optional<fs::path> parent_blocking_postgres(const fs::path& directory) {
  if (geteuid() != 0) return std::nullopt;
  const struct passwd* pw = getpwnam("postgres");
  if (!pw) return std::nullopt;
  const auto uid = pw->pw_uid;
  const auto gid = pw->pw_gid;
  const auto absolute = fs::absolute(directory).lexically_normal();
  for (auto parent = absolute.parent_path();; parent = parent.parent_path()) {
    struct stat st {};
    if (::stat(parent.c_str(), &st) == 0) {
      const bool enterable = (st.st_mode & S_IXOTH) || (st.st_uid == uid && (st.st_mode & S_IXUSR)) ||
                             (st.st_gid == gid && (st.st_mode & S_IXGRP));
      if (!enterable) return parent;
    }
    if (parent == parent.root_path() || parent.empty()) break;
  }
  return std::nullopt;
}

void EmbeddedPostgres::prepare_directory() {
  const auto& dir = options_.directory;
  // The socket path must fit in sockaddr_un (107 bytes + NUL).
  auto socket_path = (dir / fmt::format(".s.PGSQL.{}", options_.port)).string();
  if (socket_path.size() > 107) {
    fail(
        fmt::format("the data directory path is too long for a Unix socket ({} > 107 bytes): {}; use a shorter "
                    "DATA_DIR",
                    socket_path.size(), dir.string()));
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) fail(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  if (chmod(dir.c_str(), 0700) != 0) fail(fmt::format("cannot set permissions on {}", dir.string()));
  if (run_as_postgres_) {
    struct passwd* pw = getpwnam("postgres");
    if (!pw) {
      fail(
          "running as root, but there is no `postgres` user to run the database server as (Postgres refuses to run "
          "as root); install PostgreSQL's server package or run the bot as a normal user");
    }
    if (chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) fail(fmt::format("cannot chown {} to postgres", dir.string()));
    if (const auto blocked = parent_blocking_postgres(dir)) {
      fail(
          fmt::format("the database server runs as the `postgres` user (Postgres refuses to run as root), which "
                      "cannot enter {}; set DATA_DIR to a directory outside it (for example /var/lib/discord-bot/NAME) "
                      "or allow it with `chmod o+x {}`",
                      blocked->string(), blocked->string()));
    }
  }
}

void EmbeddedPostgres::write_settings() {
  const auto& dir = options_.directory;
  {
    std::ofstream out(dir / kSettingsFile, std::ios::trunc);
    out << "# Written by discord-bot on every start; edit postgresql.conf for your own settings.\n"
        << "listen_addresses = ''\n"
        << "unix_socket_directories = " << conf_string(dir.string()) << "\n"
        << "unix_socket_permissions = 0700\n"
        << "port = " << options_.port << "\n";
    if (!out) fail(fmt::format("cannot write {}", (dir / kSettingsFile).string()));
  }
  std::ifstream in(dir / "postgresql.conf");
  std::stringstream current;
  current << in.rdbuf();
  auto include_line = fmt::format("include_if_exists = '{}'", kSettingsFile);
  if (current.str().find(include_line) == std::string::npos) {
    std::ofstream append(dir / "postgresql.conf", std::ios::app);
    append << "\n# Settings managed by discord-bot (socket only, no TCP).\n" << include_line << "\n";
    if (!append) fail(fmt::format("cannot update {}", (dir / "postgresql.conf").string()));
  }
  if (run_as_postgres_) {
    if (struct passwd* pw = getpwnam("postgres")) {
      if (chown((dir / kSettingsFile).c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        fail(fmt::format("cannot chown {}", (dir / kSettingsFile).string()));
      }
    }
  }
}

std::string EmbeddedPostgres::log_tail() const {
  std::ifstream in(options_.directory / "server.log", std::ios::binary);
  if (!in) return "(no server log)";
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.size() > 3000) text = "..." + text.substr(text.size() - 3000);
  return trim(text);
}

void EmbeddedPostgres::create_database() {
  // A short, blocking libpq session (this runs once at start-up).
  auto conninfo = fmt::format("host={} port={} user={} dbname=postgres connect_timeout=10",
                              quote_libpq_value(options_.directory.string()), options_.port, options_.user);
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    fail(fmt::format("cannot connect to the embedded Postgres in {}: {}\nserver log:\n{}", options_.directory.string(),
                     conn ? trim(PQerrorMessage(conn.get())) : "out of memory", log_tail()));
  }
  const char* params[] = {options_.database.c_str()};
  std::unique_ptr<PGresult, decltype(&PQclear)> exists(
      PQexecParams(conn.get(), "SELECT 1 FROM pg_database WHERE datname = $1", 1, nullptr, params, nullptr, nullptr, 0),
      &PQclear);
  if (PQresultStatus(exists.get()) != PGRES_TUPLES_OK) {
    fail(fmt::format("querying the embedded Postgres failed: {}", trim(PQerrorMessage(conn.get()))));
  }
  if (PQntuples(exists.get()) == 0) {
    auto sql = "CREATE DATABASE " + quote_identifier(options_.database);
    std::unique_ptr<PGresult, decltype(&PQclear)> created(PQexec(conn.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(created.get()) != PGRES_COMMAND_OK) {
      fail(fmt::format("creating database {} failed: {}", options_.database, trim(PQerrorMessage(conn.get()))));
    }
    spdlog::info("created database {} in the embedded Postgres", options_.database);
  }
}

std::string EmbeddedPostgres::start() {
  if (started_by_us_ || !url_.empty()) return url_;
  bin_dir_ = options_.bin_dir.empty() ? find_bin_dir() : options_.bin_dir;
  if (!has_pg_ctl(bin_dir_)) fail(fmt::format("no initdb/pg_ctl in {}", bin_dir_));
  run_as_postgres_ = geteuid() == 0;
  prepare_directory();
  const auto dir = options_.directory.string();
  const auto pg_ctl = (fs::path(bin_dir_) / "pg_ctl").string();

  if (!fs::exists(options_.directory / "PG_VERSION")) {
    std::error_code ec;
    if (!fs::is_empty(options_.directory, ec)) {
      fail(
          fmt::format("{} is not empty but holds no Postgres cluster (no PG_VERSION); move its contents away or "
                      "choose another DATA_DIR",
                      dir));
    }
    spdlog::info("initialising the embedded Postgres cluster in {}", dir);
    auto result = run_process(as_server_user({(fs::path(bin_dir_) / "initdb").string(), "-D", dir, "-U", options_.user,
                                              "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"}));
    if (result.exit_code != 0) {
      fail(fmt::format("initdb failed for {} (exit {}):\n{}", dir, result.exit_code, trim(result.output)));
    }
    initialized_now_ = true;
  }
  write_settings();

  // pg_ctl status: 0 running, 3 not running (a stale postmaster.pid is left
  // for pg_ctl/postgres to detect and replace).
  auto status = run_process(as_server_user({pg_ctl, "-D", dir, "status"}));
  if (status.exit_code == 0) {
    spdlog::info("the embedded Postgres in {} is already running; reusing it", dir);
  } else {
    auto result = run_process(as_server_user({pg_ctl, "-D", dir, "-l", (options_.directory / "server.log").string(),
                                              "-w", "-t", std::to_string(options_.start_timeout.count()), "start"}));
    if (result.exit_code != 0) {
      fail(fmt::format("pg_ctl start failed for {} (exit {}):\n{}\nserver log:\n{}", dir, result.exit_code,
                       trim(result.output), log_tail()));
    }
    started_by_us_ = true;
    spdlog::info("started the embedded Postgres in {}", dir);
  }
  try {
    create_database();
  } catch (...) {
    stop();
    throw;
  }
  url_ = fmt::format("postgresql:///{}?host={}&port={}&user={}", options_.database, percent_encode(dir), options_.port,
                     options_.user);
  return url_;
}

void EmbeddedPostgres::stop() {
  if (!started_by_us_) return;
  started_by_us_ = false;
  const auto pg_ctl = (fs::path(bin_dir_) / "pg_ctl").string();
  auto result = run_process(as_server_user({pg_ctl, "-D", options_.directory.string(), "-m", "fast", "-w", "-t",
                                            std::to_string(options_.start_timeout.count()), "stop"}));
  if (result.exit_code != 0) {
    fail(fmt::format("pg_ctl stop failed for {} (exit {}):\n{}\nserver log:\n{}", options_.directory.string(),
                     result.exit_code, trim(result.output), log_tail()));
  }
  spdlog::info("stopped the embedded Postgres in {}", options_.directory.string());
}

}  // namespace dbot::db
