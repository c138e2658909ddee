#pragma once
// The instance's one HTTP listener (MCP_BIND_ADDR:MCP_PORT). The runtime owns
// it; features only add routes to their FeatureRegistry (the MCP endpoint,
// the chargeback webhook), so no feature has to be installed last to host the
// others. It is opened only when some feature routes a path.

#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "net/http_router.hpp"

namespace dbot::net {
class HttpServer;
}

namespace dbot::bot {

struct HttpListenerSettings {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 9090;
};

class HttpListener {
 public:
  HttpListener(boost::asio::any_io_executor executor, HttpListenerSettings settings, const net::HttpRouter& routes);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // Binds; throws dbot::Error naming the address when the port is taken.
  void start();
  void stop();
  std::uint16_t port() const;

 private:
  HttpListenerSettings settings_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace dbot::bot
