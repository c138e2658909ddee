#pragma once
// An HTTP/1.1 server on Boost.Beast with C++20 coroutines: keep-alive, a body
// cap (413), idle timeouts, streaming responses, and WebSocket upgrades handed
// to a separate handler. Handlers never see Beast types.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "net/http.hpp"
#include "net/websocket.hpp"

namespace dbot::net {

class HttpServer {
 public:
  // HEAD requests reach the handler as GET; the server sends only the headers.
  using Handler = std::function<boost::asio::awaitable<HttpResponse>(HttpRequest)>;
  // Called for requests carrying `Upgrade: websocket`, after the handshake.
  // The connection lives as long as the coroutine and the shared_ptr do.
  using WebSocketHandler = std::function<boost::asio::awaitable<void>(HttpRequest, std::shared_ptr<WebSocket>)>;

  struct Options {
    std::string bind_address = "127.0.0.1";
    std::uint16_t port = 0;  // 0 picks a free port; port() tells which
    std::size_t max_body_bytes = 1024 * 1024;
    std::chrono::seconds idle_timeout{60};
    std::size_t max_websocket_message_bytes = 16 * 1024 * 1024;
  };

  HttpServer(boost::asio::any_io_executor executor, Options options, Handler handler,
             WebSocketHandler websocket_handler = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Throws dbot::Error naming the address when
  // the bind fails (port in use, bad address).
  void start();
  // Stops accepting and closes open connections.
  void stop();
  std::uint16_t port() const;
  // Connections accepted since start() (keep-alive reuse shows as no increase).
  std::uint64_t connections_accepted() const;
  // Connections (HTTP or upgraded WebSocket) still open.
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace dbot::net
