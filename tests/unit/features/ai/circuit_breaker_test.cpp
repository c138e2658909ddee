#include "features/ai/provider/circuit_breaker.hpp"

#include <gtest/gtest.h>

namespace dbot::features::ai {
namespace {

using namespace std::chrono_literals;
using State = CircuitBreaker::State;

struct FakeTime {
  CircuitBreaker::Clock::time_point now{};
  std::function<CircuitBreaker::Clock::time_point()> clock() {
    return [this] { return now; };
  }
};

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresOnly) {
  FakeTime time;
  CircuitBreaker breaker({.failure_threshold = 3, .cooldown = 10s}, time.clock());
  breaker.record_failure();
  breaker.record_failure();
  breaker.record_success();  // resets the run
  breaker.record_failure();
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), State::closed);
  EXPECT_TRUE(breaker.allow());
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), State::open);
  EXPECT_FALSE(breaker.allow());
}

TEST(CircuitBreaker, HalfOpenLetsOneProbeThroughAndClosesOnSuccess) {
  FakeTime time;
  CircuitBreaker breaker({.failure_threshold = 1, .cooldown = 10s}, time.clock());
  breaker.record_failure();
  time.now += 9s;
  EXPECT_FALSE(breaker.allow());
  time.now += 1s;
  EXPECT_TRUE(breaker.allow());  // the probe
  EXPECT_EQ(breaker.state(), State::half_open);
  EXPECT_FALSE(breaker.allow());  // only one at a time
  breaker.record_success();
  EXPECT_EQ(breaker.state(), State::closed);
  EXPECT_TRUE(breaker.allow());
  EXPECT_TRUE(breaker.allow());
}

TEST(CircuitBreaker, AFailedProbeReopensForAnotherCooldown) {
  FakeTime time;
  CircuitBreaker breaker({.failure_threshold = 2, .cooldown = 5s}, time.clock());
  breaker.record_failure();
  breaker.record_failure();
  time.now += 5s;
  ASSERT_TRUE(breaker.allow());
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), State::open);
  time.now += 4s;
  EXPECT_FALSE(breaker.allow());
  time.now += 1s;
  EXPECT_TRUE(breaker.allow());
}

}  // namespace
}  // namespace dbot::features::ai
