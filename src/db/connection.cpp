#include "db/connection.hpp"

#include <libpq-fe.h>

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "db/identifiers.hpp"

namespace dbot::db {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;

Param to_param(double value) { return fmt::format("{:.17g}", value); }

namespace {

struct PgConnDeleter {
  void operator()(PGconn* conn) const noexcept { PQfinish(conn); }
};
struct PgResultDeleter {
  void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Extracts the password (if any) from a connection string so that it can be
// scrubbed from any libpq message that might echo part of the string.
std::string password_of(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (error) PQfreemem(error);
  if (!options) return {};
  std::string password;
  for (auto* option = options; option->keyword; ++option) {
    if (std::string_view(option->keyword) == "password" && option->val) password = option->val;
  }
  PQconninfoFree(options);
  return password;
}

// Server notices (e.g. "drop cascades to ...") go to the debug log, not
// straight to stderr as libpq does by default.
void log_notice(void*, const char* message) { spdlog::debug("postgres: {}", trim(message ? message : "")); }

std::string scrub(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
    text.replace(pos, secret.size(), "***");
  }
  return text;
}

}  // namespace

struct Connection::Impl {
  explicit Impl(asio::any_io_executor ex) : executor(std::move(ex)) {}
  ~Impl() { release_socket(); }

  asio::any_io_executor executor;
  std::unique_ptr<PGconn, PgConnDeleter> conn;
  // Declared after conn so it is destroyed (released) before PQfinish runs;
  // release_socket() hands the fd back so only libpq ever closes it.
  std::optional<asio::posix::stream_descriptor> socket;
  std::string schema;
  std::string password;  // only used to scrub messages
  std::string target;    // redacted URL for messages
  bool broken = false;

  void release_socket() {
    if (socket) {
      socket->release();
      socket.reset();
    }
  }

  // Wraps the current PQsocket in a descriptor. During connection setup libpq
  // may close and reopen its socket (possibly with the same number), so the
  // connect loop calls this before every wait.
  void attach_socket() {
    release_socket();
    int fd = PQsocket(conn.get());
    if (fd < 0) fail_transport("libpq has no socket");
    socket.emplace(executor, fd);
  }

  [[noreturn]] void fail_transport(std::string_view what) {
    broken = true;
    std::string message = conn ? trim(PQerrorMessage(conn.get())) : std::string();
    throw DatabaseError(
        "", scrub(fmt::format("database {}: {}{}{}", target, what, message.empty() ? "" : ": ", message), password));
  }

  awaitable<void> wait(asio::posix::descriptor_base::wait_type type) {
    boost::system::error_code ec;
    co_await socket->async_wait(type, asio::redirect_error(use_awaitable, ec));
    if (ec) fail_transport(fmt::format("waiting on the socket failed ({})", ec.message()));
  }

  awaitable<void> flush() {
    for (;;) {
      int status = PQflush(conn.get());
      if (status == 0) co_return;
      if (status < 0) fail_transport("sending failed");
      // libpq: wait until the socket is writable (or readable: the server may
      // be waiting for us to read before it accepts more).
      co_await wait(asio::posix::descriptor_base::wait_write);
    }
  }

  // Sends nothing; collects every result of the query in flight. Throws the
  // first error after draining so the connection stays usable.
  awaitable<Result> collect(std::string_view sql) {
    co_await flush();
    PgResultPtr last;
    PgResultPtr first_error;
    for (;;) {
      while (PQisBusy(conn.get())) {
        co_await wait(asio::posix::descriptor_base::wait_read);
        if (!PQconsumeInput(conn.get())) fail_transport("receiving failed");
      }
      PgResultPtr result(PQgetResult(conn.get()));
      if (!result) break;
      auto status = PQresultStatus(result.get());
      if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE || status == PGRES_NONFATAL_ERROR) {
        if (!first_error && status != PGRES_NONFATAL_ERROR) first_error = std::move(result);
      } else {
        last = std::move(result);
      }
    }
    if (PQstatus(conn.get()) == CONNECTION_BAD) broken = true;
    if (first_error) throw server_error(first_error.get(), sql);
    if (broken) fail_transport("connection lost");
    co_return to_result(last.get());
  }

  DatabaseError server_error(const PGresult* result, std::string_view sql) {
    auto field = [&](int code) {
      const char* value = PQresultErrorField(result, code);
      return std::string(value ? value : "");
    };
    std::string sqlstate = field(PG_DIAG_SQLSTATE);
    std::string message = field(PG_DIAG_MESSAGE_PRIMARY);
    if (message.empty()) message = trim(PQresultErrorMessage(result));
    std::string detail = field(PG_DIAG_MESSAGE_DETAIL);
    std::string statement(sql.substr(0, 200));
    std::replace(statement.begin(), statement.end(), '\n', ' ');
    auto text =
        fmt::format("query failed: SQLSTATE {}: {}{}{} (statement: {}{})", sqlstate.empty() ? "?????" : sqlstate,
                    message, detail.empty() ? "" : "; ", detail, statement, sql.size() > 200 ? "..." : "");
    return DatabaseError(sqlstate, scrub(std::move(text), password));
  }

  static Result to_result(const PGresult* result) {
    if (!result) return Result();
    int columns = PQnfields(result);
    int rows = PQntuples(result);
    std::vector<std::string> names;
    names.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) names.emplace_back(PQfname(result, c));
    std::vector<std::vector<std::optional<std::string>>> data(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      auto& row = data[static_cast<std::size_t>(r)];
      row.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result, r, c)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(std::string(PQgetvalue(result, r, c), static_cast<std::size_t>(PQgetlength(result, r, c))));
        }
      }
    }
    std::int64_t affected = rows;
    const char* tuples = PQcmdTuples(const_cast<PGresult*>(result));
    if (tuples && *tuples) affected = std::strtoll(tuples, nullptr, 10);
    return Result(std::move(names), std::move(data), affected);
  }

  void require_usable() {
    if (broken || !conn || PQstatus(conn.get()) != CONNECTION_OK) {
      broken = true;
      throw DatabaseError("", fmt::format("database {}: connection is closed", target));
    }
  }
};

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;

awaitable<std::unique_ptr<Connection>> Connection::connect(ConnectOptions options) {
  if (!options.schema.empty()) require_valid_identifier(options.schema, "schema");
  auto executor = co_await asio::this_coro::executor;
  auto impl = std::make_unique<Impl>(executor);
  impl->schema = options.schema;
  impl->password = password_of(options.url);
  impl->target = redact_connection_string(options.url);
  if (impl->target.size() > 120) impl->target = impl->target.substr(0, 120) + "...";

  // The URL goes in as "dbname" with expand_dbname so both URL and key=value
  // spellings work; application_name rides along as a separate keyword.
  const char* keywords[] = {"dbname", "application_name", nullptr};
  const char* values[] = {options.url.c_str(), options.application_name.c_str(), nullptr};
  impl->conn.reset(PQconnectStartParams(keywords, values, 1));
  if (!impl->conn) throw DatabaseError("", "database: out of memory starting a connection");
  if (PQstatus(impl->conn.get()) == CONNECTION_BAD) impl->fail_transport("cannot connect");
  PQsetNoticeProcessor(impl->conn.get(), &log_notice, nullptr);

  // A timer cancels the socket wait when the deadline passes.
  struct Deadline {
    bool expired = false;
    bool finished = false;
    Impl* impl = nullptr;
  };
  auto deadline = std::make_shared<Deadline>();
  deadline->impl = impl.get();
  asio::steady_timer timer(executor, options.connect_timeout);
  timer.async_wait([deadline](boost::system::error_code ec) {
    if (ec || deadline->finished) return;
    deadline->expired = true;
    if (deadline->impl->socket) deadline->impl->socket->cancel();
  });
  struct FinishGuard {
    std::shared_ptr<Deadline> d;
    ~FinishGuard() { d->finished = true; }
  } guard{deadline};

  for (;;) {
    auto poll = PQconnectPoll(impl->conn.get());
    if (poll == PGRES_POLLING_OK) break;
    if (poll == PGRES_POLLING_FAILED) impl->fail_transport("cannot connect");
    impl->attach_socket();
    try {
      co_await impl->wait(poll == PGRES_POLLING_READING ? asio::posix::descriptor_base::wait_read
                                                        : asio::posix::descriptor_base::wait_write);
    } catch (const DatabaseError&) {
      if (deadline->expired) {
        impl->broken = true;
        throw DatabaseError("", fmt::format("database {}: connecting timed out after {} ms", impl->target,
                                            options.connect_timeout.count()));
      }
      throw;
    }
  }
  guard.d->finished = true;
  timer.cancel();
  if (PQsetnonblocking(impl->conn.get(), 1) != 0) impl->fail_transport("cannot switch to non-blocking mode");
  impl->attach_socket();

  std::unique_ptr<Connection> connection(new Connection(std::move(impl)));
  if (!options.schema.empty()) {
    // is_local = false: the setting lasts for the session.
    co_await connection->execute("SELECT pg_catalog.set_config('search_path', $1, false)",
                                 quote_identifier(options.schema));
  }
  co_return connection;
}

awaitable<Result> Connection::query(std::string_view sql, std::vector<Param> params) {
  impl_->require_usable();
  std::string statement(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
  if (!PQsendQueryParams(impl_->conn.get(), statement.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                         nullptr, nullptr, 0)) {
    impl_->fail_transport("sending the query failed");
  }
  co_return co_await impl_->collect(statement);
}

awaitable<void> Connection::run_script(std::string_view sql) {
  impl_->require_usable();
  std::string script(sql);
  if (!PQsendQuery(impl_->conn.get(), script.c_str())) impl_->fail_transport("sending the script failed");
  co_await impl_->collect(script);
}

bool Connection::broken() const noexcept {
  return impl_->broken || !impl_->conn || PQstatus(impl_->conn.get()) != CONNECTION_OK;
}

bool Connection::idle() const noexcept { return !broken() && PQtransactionStatus(impl_->conn.get()) == PQTRANS_IDLE; }

const std::string& Connection::schema() const noexcept { return impl_->schema; }

int Connection::backend_pid() const noexcept { return impl_->conn ? PQbackendPID(impl_->conn.get()) : 0; }

}  // namespace dbot::db
