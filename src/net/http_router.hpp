#pragma once
// Dispatches HTTP requests by exact path, so one listener serves several
// independent handlers (the MCP endpoint, a webhook, health probes). A route
// either names its methods (others get 405 with Allow) or takes every method
// and answers 405 itself, after its own checks (the MCP endpoint checks Host,
// Origin and the bearer first). Unknown paths get 404.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "net/http.hpp"

namespace dbot::net {

class HttpRouter {
 public:
  using Handler = std::function<boost::asio::awaitable<HttpResponse>(HttpRequest)>;

  // Throws std::logic_error for a path that does not start with '/' or is
  // already routed: two features claiming one path is a programming error.
  void add(std::string path, Handler handler);
  void add(std::string path, std::vector<std::string> methods, Handler handler);

  bool empty() const { return routes_.empty(); }
  bool routes(std::string_view path) const;

  boost::asio::awaitable<HttpResponse> operator()(HttpRequest request) const;
  // A copyable handler for net::HttpServer (a snapshot of the routes).
  Handler handler() const;

 private:
  struct Route {
    std::string path;
    std::vector<std::string> methods;  // empty: every method
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace dbot::net
