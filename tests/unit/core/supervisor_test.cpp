#include "core/supervisor.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

using namespace std::chrono_literals;

namespace {

TEST(Supervisor, AFailingIterationDoesNotStopTheLoop) {
  boost::asio::io_context io;
  dbot::Supervisor supervisor(io.get_executor());
  int calls = 0;
  supervisor.spawn({"flaky", 0ms, 1ms, [&]() -> boost::asio::awaitable<void> {
                      ++calls;
                      if (calls % 2 == 1) throw std::runtime_error("odd iteration fails");
                      if (calls >= 6) supervisor.stop();
                      co_return;
                    }});
  // Bounded: the loop stops itself after six calls; the run_for is a safety net.
  io.run_for(5s);
  EXPECT_EQ(calls, 6);
  const auto stats = supervisor.stats();
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].failures, 3u);
  EXPECT_EQ(stats[0].iterations, 6u);
}

TEST(Supervisor, StopEndsAWaitingLoopPromptly) {
  boost::asio::io_context io;
  dbot::Supervisor supervisor(io.get_executor());
  int calls = 0;
  supervisor.spawn({"slow", 1h, 1h, [&]() -> boost::asio::awaitable<void> {
                      ++calls;
                      co_return;
                    }});
  boost::asio::steady_timer stopper(io, 10ms);
  stopper.async_wait([&](auto) { supervisor.stop(); });
  io.run_for(5s);
  EXPECT_TRUE(io.stopped());  // ran out of work: the hour-long wait was cancelled
  EXPECT_EQ(calls, 0);
}

}  // namespace
