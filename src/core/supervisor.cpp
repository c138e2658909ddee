#include "core/supervisor.hpp"
#include "core/spawn.hpp"

#include <list>
#include <mutex>

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace dbot {
namespace asio = boost::asio;

struct Supervisor::State {
  struct Entry {
    PeriodicTask task;
    std::unique_ptr<asio::steady_timer> timer;
    std::atomic<std::uint64_t> iterations{0};
    std::atomic<std::uint64_t> failures{0};
  };
  std::mutex mutex;
  std::list<Entry> entries;  // std::list: entries never move once spawned
  std::atomic<bool> stopped{false};
};

namespace {

asio::awaitable<void> run_loop(std::shared_ptr<Supervisor::State> state, Supervisor::State::Entry* entry) {
  auto delay = entry->task.initial_delay;
  while (!state->stopped) {
    boost::system::error_code ec;
    entry->timer->expires_after(delay);
    co_await entry->timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (state->stopped) break;
    delay = entry->task.interval;
    try {
      co_await entry->task.body();
      ++entry->iterations;
    } catch (const std::exception& e) {
      ++entry->iterations;
      ++entry->failures;
      spdlog::error("Background task '{}' iteration failed; the loop continues: {}", entry->task.name, e.what());
    }
  }
  spdlog::debug("Background task '{}' stopped", entry->task.name);
}

}  // namespace

Supervisor::Supervisor(asio::any_io_executor executor)
    : executor_(std::move(executor)), state_(std::make_shared<State>()) {}

Supervisor::~Supervisor() { stop(); }

void Supervisor::spawn(PeriodicTask task) {
  State::Entry* entry = nullptr;
  {
    std::lock_guard lock(state_->mutex);
    auto& added = state_->entries.emplace_back();
    added.task = std::move(task);
    added.timer = std::make_unique<asio::steady_timer>(executor_);
    entry = &added;
  }
  spdlog::info("Background task '{}' started ({}ms interval)", entry->task.name, entry->task.interval.count());
  dbot::spawn(executor_, run_loop(state_, entry), "Background task '" + entry->task.name + "'");
}

void Supervisor::stop() {
  if (state_->stopped.exchange(true)) return;
  std::lock_guard lock(state_->mutex);
  for (auto& entry : state_->entries) {
    // Cancelling from another thread is safe only on the timer's executor.
    asio::post(entry.timer->get_executor(), [timer = entry.timer.get()] { timer->cancel(); });
  }
}

std::vector<Supervisor::Stats> Supervisor::stats() const {
  std::lock_guard lock(state_->mutex);
  std::vector<Stats> out;
  for (const auto& entry : state_->entries) {
    out.push_back({entry.task.name, entry.iterations.load(), entry.failures.load()});
  }
  return out;
}

}  // namespace dbot
