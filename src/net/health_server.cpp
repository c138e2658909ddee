#include "net/health_server.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/log.hpp"
#include "net/http_server.hpp"

namespace dbot::net {
namespace {

namespace asio = boost::asio;

double seconds_since_epoch(std::chrono::system_clock::time_point at) {
  return std::chrono::duration<double>(at.time_since_epoch()).count();
}

enum class CheckOutcome { passed, failed };

// Turns a throwing check into a failed one; `||` below would otherwise keep
// waiting for the timer, since it waits for the first *successful* operation.
asio::awaitable<CheckOutcome> run_guarded(std::string name, HealthServer::Check check) {
  try {
    co_return (co_await check()) ? CheckOutcome::passed : CheckOutcome::failed;
  } catch (const std::exception& e) {
    // The detail may name hosts or users: logs only, never the response.
    spdlog::warn("readiness check {} threw: {}", name, e.what());
    co_return CheckOutcome::failed;
  }
}

}  // namespace

std::uint64_t resident_memory_bytes() {
  // /proc/self/statm: size resident shared text lib data dt, in pages.
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[128] = {};
  const auto n = ::read(fd, text, sizeof(text) - 1);
  ::close(fd);
  if (n <= 0) return 0;
  unsigned long long size_pages = 0;
  unsigned long long resident_pages = 0;
  if (std::sscanf(text, "%llu %llu", &size_pages, &resident_pages) != 2) return 0;
  const long page = ::sysconf(_SC_PAGESIZE);
  return resident_pages * static_cast<std::uint64_t>(page > 0 ? page : 4096);
}

struct HealthServer::Impl {
  Impl(asio::any_io_executor ex, Options opts, metrics::Registry& reg)
      : executor(std::move(ex)), options(std::move(opts)), registry(reg) {}

  asio::any_io_executor executor;
  Options options;
  metrics::Registry& registry;
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  const std::chrono::system_clock::time_point started_wall = std::chrono::system_clock::now();
  std::mutex mutex;
  std::vector<std::pair<std::string, Check>> checks;
  std::unique_ptr<HttpServer> server;

  asio::awaitable<HttpResponse> readiness();
  HttpResponse metrics_page();
  static asio::awaitable<HttpResponse> handle(std::shared_ptr<Impl> impl, HttpRequest request);
};

asio::awaitable<HttpResponse> HealthServer::Impl::readiness() {
  using namespace asio::experimental::awaitable_operators;
  std::vector<std::pair<std::string, Check>> snapshot;
  {
    std::lock_guard lock(mutex);
    snapshot = checks;
  }
  auto coroutine_executor = co_await asio::this_coro::executor;
  bool ready = true;
  std::string list;
  for (const auto& [name, check] : snapshot) {
    std::string_view status = "ok";
    asio::steady_timer deadline(coroutine_executor, options.check_timeout);
    auto outcome = co_await (run_guarded(name, check) || deadline.async_wait(asio::use_awaitable));
    if (outcome.index() == 1) {
      status = "timed out";
    } else if (std::get<0>(outcome) == CheckOutcome::failed) {
      status = "failing";
    }
    if (status != "ok") ready = false;
    if (!list.empty()) list += ',';
    fmt::format_to(std::back_inserter(list), R"({{"name":"{}","status":"{}"}})", log::json_escape(name), status);
  }
  co_return HttpResponse::json(ready ? 200 : 503,
                               fmt::format(R"({{"status":"{}","checks":[{}]}})", ready ? "ready" : "not ready", list));
}

HttpResponse HealthServer::Impl::metrics_page() {
  registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes.")
      .set(static_cast<double>(resident_memory_bytes()));
  registry.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.")
      .set(seconds_since_epoch(started_wall));
  registry.gauge("process_uptime_seconds", "Seconds since the process started.")
      .set(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  HttpResponse response;
  response.status = 200;
  response.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  response.body = registry.render();
  return response;
}

HealthServer::HealthServer(boost::asio::any_io_executor executor, Options options, metrics::Registry& registry)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options), registry)) {}

HealthServer::~HealthServer() { stop(); }

void HealthServer::add_readiness_check(std::string name, Check check) {
  std::lock_guard lock(impl_->mutex);
  for (auto& entry : impl_->checks) {
    if (entry.first == name) {
      entry.second = std::move(check);
      return;
    }
  }
  impl_->checks.emplace_back(std::move(name), std::move(check));
}

void HealthServer::start() {
  HttpServer::Options server_options;
  server_options.bind_address = impl_->options.bind_address;
  server_options.port = impl_->options.port;
  server_options.max_body_bytes = 4096;
  server_options.idle_timeout = std::chrono::seconds(30);
  std::weak_ptr<Impl> weak = impl_;
  impl_->server = std::make_unique<HttpServer>(impl_->executor, server_options,
                                               [this, weak](HttpRequest request) -> asio::awaitable<HttpResponse> {
                                                 if (weak.expired()) co_return HttpResponse::text(503, "stopping\n");
                                                 co_return co_await handle(std::move(request));
                                               });
  impl_->server->start();
}

void HealthServer::stop() {
  if (impl_->server) impl_->server->stop();
}

std::uint16_t HealthServer::port() const { return impl_->server ? impl_->server->port() : 0; }

boost::asio::awaitable<HttpResponse> HealthServer::handle(HttpRequest request) {
  return Impl::handle(impl_, std::move(request));
}

asio::awaitable<HttpResponse> HealthServer::Impl::handle(std::shared_ptr<Impl> impl, HttpRequest request) {
  const auto path = request.path();
  if (path != "/healthz" && path != "/readyz" && path != "/metrics") {
    co_return HttpResponse::json(404, R"({"error":"not found"})");
  }
  if (request.method != "GET") {
    auto response = HttpResponse::json(405, R"({"error":"method not allowed"})");
    response.headers.set("Allow", "GET, HEAD");
    co_return response;
  }
  if (path == "/healthz") co_return HttpResponse::text(200, "ok\n");
  if (path == "/readyz") co_return co_await impl->readiness();
  co_return impl->metrics_page();
}

}  // namespace dbot::net
