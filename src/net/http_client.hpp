#pragma once
// An HTTP/1.1 client with a keep-alive connection pool per host, http and
// https (system trust store), and a per-request timeout.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "core/error.hpp"
#include "net/http.hpp"

namespace dbot::net {

// The request ran out of time (connect, TLS, send or the response); callers
// that retry or fail over tell it from other network failures by type.
class HttpTimeoutError : public Error {
 public:
  using Error::Error;
};

class HttpClient {
 public:
  struct Options {
    std::string user_agent = "discord-bot";
    std::chrono::milliseconds timeout{15000};
    std::size_t max_idle_per_host = 8;
    std::size_t max_response_bytes = 32 * 1024 * 1024;
  };

  HttpClient(boost::asio::any_io_executor executor, Options options);
  ~HttpClient();

  // `request.target` is an absolute http:// or https:// URL. Any status is a
  // normal result; network failures throw dbot::Error, timeouts
  // HttpTimeoutError.
  boost::asio::awaitable<HttpResponse> request(HttpRequest request);
  boost::asio::awaitable<HttpResponse> request(HttpRequest request, std::chrono::milliseconds timeout);

  // Where a streamed response body goes (Server-Sent Events from a model
  // provider): the status and headers first, then each piece of the body as
  // it arrives, chunked or content-length alike.
  struct BodyStream {
    // Called once with the status and headers (empty body). Returning false
    // collects the body into the returned response instead, e.g. for an
    // error status whose body is a small JSON message. Unset: stream.
    std::function<bool(const HttpResponse& head)> on_head;
    // Called per piece of body; returning false stops reading early (the
    // connection is then closed, not pooled). An exception it throws ends
    // the request and propagates.
    std::function<bool(std::string_view piece)> on_body;
  };

  // The streaming variant of request(): same URL rules, pooling, timeout
  // (covering the whole exchange, body included) and response size cap. The
  // returned response has the status and headers, and the body only when
  // on_head chose to collect it.
  boost::asio::awaitable<HttpResponse> request_stream(HttpRequest request, std::chrono::milliseconds timeout,
                                                      BodyStream stream);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace dbot::net
