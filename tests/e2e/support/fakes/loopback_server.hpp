#pragma once
// An HTTP server on 127.0.0.1 (the repo's own net::HttpServer) running on a
// private thread, for loopback fakes of outside services. The handler runs on
// that thread; fakes guard their state with a mutex.

#include <functional>
#include <memory>
#include <string>

#include "net/http.hpp"

namespace dbot::test {

class LoopbackServer {
 public:
  using Handler = std::function<net::HttpResponse(const net::HttpRequest&)>;

  explicit LoopbackServer(Handler handler);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string url() const;  // http://127.0.0.1:PORT

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dbot::test
