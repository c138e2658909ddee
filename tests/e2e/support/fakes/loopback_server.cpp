#include "e2e/support/fakes/loopback_server.hpp"

#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "net/http_server.hpp"

namespace dbot::test {
namespace asio = boost::asio;

struct LoopbackServer::Impl {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::unique_ptr<net::HttpServer> server;
  std::thread thread;
};

LoopbackServer::LoopbackServer(Handler handler) : impl_(std::make_unique<Impl>()) {
  auto shared = std::make_shared<Handler>(std::move(handler));
  net::HttpServer::Options options;
  options.bind_address = "127.0.0.1";
  options.port = 0;
  impl_->server = std::make_unique<net::HttpServer>(
      impl_->io.get_executor(), options,
      [shared](net::HttpRequest request) -> asio::awaitable<net::HttpResponse> { co_return (*shared)(request); });
  impl_->server->start();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

LoopbackServer::~LoopbackServer() {
  asio::post(impl_->io, [this] { impl_->server->stop(); });
  impl_->work.reset();
  impl_->io.stop();
  impl_->thread.join();
}

std::string LoopbackServer::url() const { return "http://127.0.0.1:" + std::to_string(impl_->server->port()); }

}  // namespace dbot::test
