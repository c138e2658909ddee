#pragma once
// The one WebSocket implementation, templated over the transport (plain TCP
// or TLS). Included only by net .cpp files: it pulls in Beast.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "core/error.hpp"
#include "net/websocket.hpp"

namespace dbot::net::detail {

inline constexpr auto use_nothrow = boost::asio::as_tuple(boost::asio::use_awaitable);

// A connection the server can close from stop(). force_close() must run on
// close_executor().
class Closeable {
 public:
  virtual ~Closeable() = default;
  virtual void force_close() = 0;
  virtual boost::asio::any_io_executor close_executor() const = 0;
};

// Closes `target` on its own executor, if it is still alive.
inline void force_close_later(const std::weak_ptr<Closeable>& weak) {
  auto target = weak.lock();
  if (!target) return;
  auto executor = target->close_executor();
  boost::asio::dispatch(executor, [weak] {
    if (auto alive = weak.lock()) alive->force_close();
  });
}

// A mutex for coroutines sharing one (implicit or explicit) strand: waiters
// park on a timer that never expires and are woken one at a time.
class AsyncWriteLock {
 public:
  explicit AsyncWriteLock(const boost::asio::any_io_executor& executor)
      : waiters_(executor, boost::asio::steady_timer::time_point::max()) {}

  boost::asio::awaitable<void> lock() {
    while (locked_) {
      boost::system::error_code ignored;
      co_await waiters_.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ignored));
    }
    locked_ = true;
  }
  bool try_lock() {
    if (locked_) return false;
    locked_ = true;
    return true;
  }
  void unlock() {
    locked_ = false;
    waiters_.cancel_one();
  }

 private:
  boost::asio::steady_timer waiters_;
  bool locked_ = false;
};

class WriteLockGuard {
 public:
  explicit WriteLockGuard(AsyncWriteLock& lock) : lock_(lock) {}
  ~WriteLockGuard() { lock_.unlock(); }
  WriteLockGuard(const WriteLockGuard&) = delete;
  WriteLockGuard& operator=(const WriteLockGuard&) = delete;

 private:
  AsyncWriteLock& lock_;
};

// One reader at a time (read() is not re-entrant); any number of concurrent
// senders, serialised by the write lock. All calls must come from the
// connection's executor (a strand on the server side).
template <class NextLayer>
class BeastWebSocket final : public WebSocket, public Closeable {
 public:
  using Stream = boost::beast::websocket::stream<NextLayer>;

  BeastWebSocket(Stream stream, std::size_t max_message_bytes)
      : ws_(std::move(stream)), executor_(ws_.get_executor()), write_lock_(executor_) {
    ws_.read_message_max(max_message_bytes);
    ws_.auto_fragment(false);
  }

  Stream& stream() { return ws_; }

  boost::asio::awaitable<std::optional<Message>> read() override {
    if (dropped_ || finished_) co_return std::nullopt;
    auto [ec, size] = co_await ws_.async_read(buffer_, use_nothrow);
    if (ec) {
      finished_ = true;
      if (ec == boost::beast::websocket::error::closed) record_peer_close();
      co_return std::nullopt;
    }
    std::optional<Message> message(std::in_place);
    message->binary = !ws_.got_text();
    const auto data = buffer_.cdata();
    message->data.assign(static_cast<const char*>(data.data()), data.size());
    buffer_.consume(size);
    co_return message;
  }

  boost::asio::awaitable<void> send_text(std::string data) override { return send(std::move(data), false); }
  boost::asio::awaitable<void> send_binary(std::string data) override { return send(std::move(data), true); }

  boost::asio::awaitable<void> close(std::uint16_t code, std::string reason) override {
    if (dropped_ || !ws_.is_open()) co_return;
    if (!write_lock_.try_lock()) co_await write_lock_.lock();
    WriteLockGuard guard(write_lock_);
    if (!ws_.is_open()) co_return;
    boost::beast::websocket::close_reason frame;
    frame.code = code;
    // A close frame carries at most 123 bytes of reason.
    const auto reason_size = std::min<std::size_t>(reason.size(), frame.reason.max_size());
    frame.reason.assign(reason.data(), reason_size);
    auto [ec] = co_await ws_.async_close(frame, use_nothrow);
    if (!ec) record_peer_close();
    finished_ = true;
  }

  void drop() override {
    dropped_ = true;
    boost::system::error_code ignored;
    auto& socket = boost::beast::get_lowest_layer(ws_).socket();
    socket.shutdown(boost::asio::socket_base::shutdown_both, ignored);
    socket.close(ignored);
  }

  std::optional<std::uint16_t> close_code() const override { return peer_close_code_; }
  bool is_open() const override { return !dropped_ && !finished_ && ws_.is_open(); }
  boost::asio::any_io_executor executor() const override { return executor_; }

  void force_close() override { drop(); }
  boost::asio::any_io_executor close_executor() const override { return executor(); }

 private:
  boost::asio::awaitable<void> send(std::string data, bool binary) {
    if (dropped_) throw Error("the connection is closed", "websocket send after drop()");
    if (!write_lock_.try_lock()) co_await write_lock_.lock();
    WriteLockGuard guard(write_lock_);
    ws_.binary(binary);
    auto [ec, written] = co_await ws_.async_write(boost::asio::buffer(data), use_nothrow);
    if (ec) throw Error("the connection is closed", "websocket send failed: " + ec.message());
  }

  void record_peer_close() {
    const auto code = static_cast<std::uint16_t>(ws_.reason().code);
    // An empty close frame carries no code; 1005 is the conventional stand-in.
    peer_close_code_ = code == 0 ? std::uint16_t{1005} : code;
  }

  Stream ws_;
  boost::asio::any_io_executor executor_;
  boost::beast::flat_buffer buffer_;
  AsyncWriteLock write_lock_;
  std::optional<std::uint16_t> peer_close_code_;
  bool dropped_ = false;
  bool finished_ = false;
};

}  // namespace dbot::net::detail
