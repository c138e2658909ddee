#pragma once
// A WebSocket connection, server or client side, behind a small interface so
// that the Discord gateway client and the simulator never see Beast.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "net/http.hpp"

namespace dbot::net {

class WebSocket {
 public:
  struct Message {
    std::string data;
    bool binary = false;
  };

  virtual ~WebSocket() = default;

  // The next message; nullopt once the connection is closed or broken. After
  // that, close_code() tells the code the peer sent (nullopt: no close frame).
  virtual boost::asio::awaitable<std::optional<Message>> read() = 0;
  // Sends are serialised internally: concurrent callers are safe. A send on a
  // connection that is gone throws dbot::Error. All calls must come from the
  // connection's executor() (a strand for server-side connections); read()
  // has one caller at a time.
  virtual boost::asio::awaitable<void> send_text(std::string data) = 0;
  virtual boost::asio::awaitable<void> send_binary(std::string data) = 0;
  // Sends a close frame with `code` and waits briefly for the peer's.
  virtual boost::asio::awaitable<void> close(std::uint16_t code, std::string reason = {}) = 0;
  // Drops the TCP connection without a close frame (simulates a network drop).
  virtual void drop() = 0;

  virtual std::optional<std::uint16_t> close_code() const = 0;
  virtual bool is_open() const = 0;
  virtual boost::asio::any_io_executor executor() const = 0;
};

struct WebSocketClientOptions {
  Headers headers;  // extra handshake headers
  std::chrono::milliseconds handshake_timeout{10000};
  std::size_t max_message_bytes = 16 * 1024 * 1024;
};

// Connects to ws:// or wss:// `url`. Throws dbot::Error on failure.
boost::asio::awaitable<std::shared_ptr<WebSocket>> connect_websocket(std::string url,
                                                                     WebSocketClientOptions options = {});

}  // namespace dbot::net
