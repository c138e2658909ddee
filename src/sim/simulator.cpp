#include "sim/simulator.hpp"

#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/error.hpp"
#include "core/spawn.hpp"
#include "net/http_server.hpp"
#include "sim/compression.hpp"

namespace dbot::sim {
namespace asio = boost::asio;

namespace {

World load_world(const Simulator::Options& options) {
  World world;
  if (options.seed_file.empty()) {
    world = World::make_default();
  } else {
    std::ifstream in(options.seed_file);
    if (!in) throw Error("Cannot read the seed file " + options.seed_file + ".");
    std::stringstream text;
    text << in.rdbuf();
    world = World::from_seed(text.str());
  }
  if (options.customize) options.customize(world);
  world.disallowed_intents = options.disallowed_intents;
  return world;
}

Service::Options service_options(const Simulator::Options& options) {
  Service::Options o;
  o.gateway.tokens = options.tokens;
  o.gateway.disallowed_intents = options.disallowed_intents;
  o.gateway.heartbeat_interval = options.heartbeat_interval;
  o.gateway.max_receives_per_window = options.gateway_receives_per_minute;
  o.rate_limits = options.rate_limits;
  o.recommended_shards = options.recommended_shards;
  return o;
}

std::string host_for_url(const std::string& host) {
  if (host.find(':') != std::string::npos && host.front() != '[') return "[" + host + "]";
  return host;
}

// Per-connection state shared by the reader and the writer coroutines.
struct Link {
  std::shared_ptr<GatewayConnection> connection;
  std::shared_ptr<net::WebSocket> socket;
  std::unique_ptr<StreamCompressor> compressor;
  asio::steady_timer wake;
  bool reader_done = false;
  bool server_closed = false;

  Link(asio::any_io_executor ex) : wake(std::move(ex)) {}
};

}  // namespace

struct Simulator::Impl {
  asio::any_io_executor executor;
  Options options;
  std::shared_ptr<Service> service;
  std::unique_ptr<net::HttpServer> server;

  static asio::awaitable<net::HttpResponse> on_http(std::shared_ptr<Service> service, net::HttpRequest request) {
    std::chrono::milliseconds delay{0};
    {
      std::lock_guard lock(service->mutex);
      delay = service->take_delay(request);
    }
    if (delay.count() > 0) {
      asio::steady_timer timer(co_await asio::this_coro::executor);
      timer.expires_after(delay);
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    std::lock_guard lock(service->mutex);
    co_return service->handle(request);
  }

  static asio::awaitable<void> writer(std::shared_ptr<Service> service, std::shared_ptr<Link> link) {
    for (;;) {
      std::deque<GatewayAction> batch;
      {
        std::lock_guard lock(service->mutex);
        batch.swap(link->connection->outbox);
      }
      if (batch.empty()) {
        if (link->reader_done || link->connection->finished) break;
        // Woken by notify(); the timeout is only a safety net against a lost wake-up.
        link->wake.expires_after(std::chrono::milliseconds(250));
        boost::system::error_code ec;
        co_await link->wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      for (auto& action : batch) {
        if (!link->socket->is_open()) co_return;
        try {
          switch (action.kind) {
            case GatewayAction::Kind::send:
              if (link->compressor) {
                co_await link->socket->send_binary(link->compressor->compress(action.text));
              } else {
                co_await link->socket->send_text(std::move(action.text));
              }
              break;
            case GatewayAction::Kind::close:
              link->server_closed = true;
              co_await link->socket->close(action.code, action.reason);
              co_return;
            case GatewayAction::Kind::drop:
              link->server_closed = true;
              link->socket->drop();
              co_return;
          }
        } catch (const std::exception& e) {
          spdlog::debug("sim gateway: send failed: {}", e.what());
          co_return;
        }
      }
    }
  }

  static asio::awaitable<void> on_websocket(std::shared_ptr<Service> service, net::HttpRequest request,
                                            std::shared_ptr<net::WebSocket> socket) {
    auto link = std::make_shared<Link>(socket->executor());
    link->socket = socket;
    const auto compression = parse_compression(request.query("compress").value_or(""));
    if (request.query("encoding").value_or("json") != "json") {
      // ETF is not implemented: refuse it the way Discord refuses bad payloads.
      co_await socket->close(4002, "Only encoding=json is supported by the simulator.");
      co_return;
    }
    link->compressor = make_compressor(compression);
    {
      std::lock_guard lock(service->mutex);
      link->connection = service->gateway().open();
      std::weak_ptr<Link> weak = link;
      auto ex = socket->executor();
      link->connection->notify = [weak, ex] {
        asio::post(ex, [weak] {
          if (auto l = weak.lock()) l->wake.cancel();
        });
      };
    }
    spawn(socket->executor(), writer(service, link), "Simulator gateway writer");
    for (;;) {
      auto message = co_await socket->read();
      if (!message) break;
      std::lock_guard lock(service->mutex);
      service->gateway().receive(*link->connection, message->data);
    }
    {
      std::lock_guard lock(service->mutex);
      link->reader_done = true;
      service->gateway().closed(*link->connection, link->server_closed ? std::nullopt : socket->close_code());
      link->connection->notify = nullptr;
    }
    link->wake.cancel();
  }
};

Simulator::Simulator(asio::any_io_executor executor, Options options)
    : service_(std::make_shared<Service>(load_world(options), service_options(options))),
      impl_(std::make_shared<Impl>()) {
  impl_->executor = std::move(executor);
  impl_->options = std::move(options);
  impl_->service = service_;
}

Simulator::~Simulator() { stop(); }

void Simulator::start() {
  net::HttpServer::Options server_options;
  server_options.bind_address = impl_->options.host;
  server_options.port = impl_->options.port;
  server_options.max_body_bytes = 26 * 1024 * 1024;
  server_options.idle_timeout = std::chrono::seconds(300);
  impl_->server = std::make_unique<net::HttpServer>(
      impl_->executor, server_options,
      [service = service_](net::HttpRequest request) { return Impl::on_http(service, std::move(request)); },
      [service = service_](net::HttpRequest request, std::shared_ptr<net::WebSocket> socket) {
        return Impl::on_websocket(service, std::move(request), std::move(socket));
      });
  impl_->server->start();
  std::lock_guard lock(service_->mutex);
  service_->set_base_url(http_url(), gateway_url());
}

void Simulator::stop() {
  if (impl_->server) impl_->server->stop();
}

std::uint16_t Simulator::port() const { return impl_->server ? impl_->server->port() : 0; }

std::string Simulator::http_url() const {
  return "http://" + host_for_url(impl_->options.host) + ":" + std::to_string(port());
}
std::string Simulator::api_url() const { return http_url() + "/api"; }
std::string Simulator::gateway_url() const {
  return "ws://" + host_for_url(impl_->options.host) + ":" + std::to_string(port());
}

}  // namespace dbot::sim
