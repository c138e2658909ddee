#pragma once
// Supervised background tasks: a periodic body whose failing iteration is
// logged and counted while the loop goes on with the next one. stop() ends
// every loop promptly (between iterations, or during a wait).

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

namespace dbot {

struct PeriodicTask {
  std::string name;
  std::chrono::milliseconds initial_delay{0};
  std::chrono::milliseconds interval{std::chrono::seconds(60)};
  std::function<boost::asio::awaitable<void>()> body;
};

class Supervisor {
 public:
  explicit Supervisor(boost::asio::any_io_executor executor);
  ~Supervisor();
  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

  void spawn(PeriodicTask task);
  void stop();

  struct Stats {
    std::string name;
    std::uint64_t iterations = 0;
    std::uint64_t failures = 0;
  };
  std::vector<Stats> stats() const;

  struct State;  // shared with the running loops; defined in the .cpp

 private:
  boost::asio::any_io_executor executor_;
  std::shared_ptr<State> state_;
};

}  // namespace dbot
