#include "core/shutdown.hpp"

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

namespace dbot {

struct ShutdownCoordinator::Impl {
  boost::asio::io_context& io;
  std::chrono::milliseconds deadline;
  boost::asio::signal_set signals;
  std::vector<std::function<void()>> handlers;
  bool requested = false;
  // A watchdog thread, not a timer: a pending timer would itself keep
  // io.run() from returning once the real work has drained.
  std::mutex watchdog_mutex;
  std::condition_variable watchdog_cv;
  bool finished = false;
  std::thread watchdog;

  Impl(boost::asio::io_context& context, std::chrono::milliseconds limit)
      : io(context), deadline(limit), signals(context, SIGINT, SIGTERM) {}

  ~Impl() {
    {
      std::lock_guard lock(watchdog_mutex);
      finished = true;
    }
    watchdog_cv.notify_all();
    if (watchdog.joinable()) watchdog.join();
  }

  void begin(const char* reason) {
    if (requested) return;
    requested = true;
    spdlog::info("Shutdown requested ({}); stopping within {}ms", reason, deadline.count());
    signals.cancel();
    for (auto it = handlers.rbegin(); it != handlers.rend(); ++it) {
      try {
        (*it)();
      } catch (const std::exception& e) {
        spdlog::error("Shutdown step failed: {}", e.what());
      }
    }
    watchdog = std::thread([this] {
      std::unique_lock lock(watchdog_mutex);
      if (watchdog_cv.wait_for(lock, deadline, [this] { return finished; })) return;
      spdlog::warn("Shutdown deadline passed; stopping the remaining work forcibly");
      io.stop();
    });
  }
};

ShutdownCoordinator::ShutdownCoordinator(boost::asio::io_context& io, std::chrono::milliseconds deadline)
    : impl_(std::make_unique<Impl>(io, deadline)) {
  impl_->signals.async_wait([impl = impl_.get()](boost::system::error_code ec, int signal) {
    if (ec) return;
    impl->begin(signal == SIGTERM ? "SIGTERM" : "SIGINT");
  });
}

ShutdownCoordinator::~ShutdownCoordinator() = default;

void ShutdownCoordinator::on_shutdown(std::function<void()> handler) { impl_->handlers.push_back(std::move(handler)); }

void ShutdownCoordinator::request(const char* reason) {
  boost::asio::post(impl_->io, [impl = impl_.get(), reason] { impl->begin(reason); });
}

bool ShutdownCoordinator::requested() const { return impl_->requested; }

}  // namespace dbot
