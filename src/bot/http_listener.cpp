#include "bot/http_listener.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "net/http_server.hpp"

namespace dbot::bot {

namespace {

// Above the MCP endpoint's own 64 KiB cap, which it enforces itself: the
// webhook routes may take larger bodies.
constexpr std::size_t kMaxBodyBytes = 256 * 1024;

}  // namespace

HttpListener::HttpListener(boost::asio::any_io_executor executor, HttpListenerSettings settings,
                           const net::HttpRouter& routes)
    : settings_(std::move(settings)) {
  net::HttpServer::Options options;
  options.bind_address = settings_.bind_address;
  options.port = settings_.port;
  options.max_body_bytes = kMaxBodyBytes;
  server_ = std::make_unique<net::HttpServer>(std::move(executor), options, routes.handler());
}

HttpListener::~HttpListener() { stop(); }

void HttpListener::start() {
  try {
    server_->start();
  } catch (const Error& e) {
    throw Error(fmt::format("The HTTP listener (MCP server and webhooks) failed to bind {}:{}: {}. Is the port "
                            "already in use? Set MCP_PORT to a free one.",
                            settings_.bind_address, settings_.port, e.user_message()),
                e.operator_detail());
  }
}

void HttpListener::stop() {
  if (server_) server_->stop();
}

std::uint16_t HttpListener::port() const { return server_->port(); }

}  // namespace dbot::bot
