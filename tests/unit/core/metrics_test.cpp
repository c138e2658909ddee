#include "core/metrics.hpp"

#include <thread>

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace dbot::metrics {
namespace {

TEST(Metrics, RendersASmallRegistryExactly) {
  Registry registry;
  registry.counter("dbot_events_total", "Gateway events received.", {{"type", "MESSAGE_CREATE"}}).inc(3);
  // Labels are sorted by name; values are escaped.
  registry.counter("dbot_events_total", "Gateway events received.", {{"type", "a\"b\\c\nd"}, {"shard", "0"}}).inc();
  registry.gauge("dbot_queue_size", "Items waiting.\nSecond line with \\.").set(2.5);
  auto& latency = registry.histogram("dbot_rest_seconds", "REST latency.", {0.25, 1}, {{"route", "messages"}});
  latency.observe(0.125);
  latency.observe(0.25);
  latency.observe(0.5);
  latency.observe(2);

  const std::string expected =
      "# HELP dbot_events_total Gateway events received.\n"
      "# TYPE dbot_events_total counter\n"
      "dbot_events_total{type=\"MESSAGE_CREATE\"} 3\n"
      "dbot_events_total{shard=\"0\",type=\"a\\\"b\\\\c\\nd\"} 1\n"
      "# HELP dbot_queue_size Items waiting.\\nSecond line with \\\\.\n"
      "# TYPE dbot_queue_size gauge\n"
      "dbot_queue_size 2.5\n"
      "# HELP dbot_rest_seconds REST latency.\n"
      "# TYPE dbot_rest_seconds histogram\n"
      "dbot_rest_seconds_bucket{route=\"messages\",le=\"0.25\"} 2\n"
      "dbot_rest_seconds_bucket{route=\"messages\",le=\"1\"} 3\n"
      "dbot_rest_seconds_bucket{route=\"messages\",le=\"+Inf\"} 4\n"
      "dbot_rest_seconds_sum{route=\"messages\"} 2.875\n"
      "dbot_rest_seconds_count{route=\"messages\"} 4\n";
  EXPECT_EQ(registry.render(), expected);
}

TEST(Metrics, SameNameAndLabelsGiveTheSameSeries) {
  Registry registry;
  auto& first = registry.counter("c_total", "help", {{"a", "1"}, {"b", "2"}});
  auto& again = registry.counter("c_total", "help", {{"b", "2"}, {"a", "1"}});
  auto& other = registry.counter("c_total", "help", {{"a", "2"}, {"b", "2"}});
  EXPECT_EQ(&first, &again);
  EXPECT_NE(&first, &other);
  first.inc(2);
  first.inc(-5);  // ignored: counters never go down
  EXPECT_EQ(again.value(), 2);
}

TEST(Metrics, RejectsInvalidNamesAndTypeClashes) {
  Registry registry;
  EXPECT_THROW(registry.counter("1bad", "h"), Error);
  EXPECT_THROW(registry.counter("ok_total", "h", {{"bad-label", "x"}}), Error);
  EXPECT_THROW(registry.histogram("h_seconds", "h", {1}, {{"le", "x"}}), Error);
  registry.counter("thing", "h");
  EXPECT_THROW(registry.gauge("thing", "h"), Error);
}

TEST(Metrics, ConcurrentIncrementsAreNotLost) {
  Registry registry;
  auto& counter = registry.counter("hits_total", "h");
  auto& histogram = registry.histogram("obs", "h", {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        counter.inc();
        histogram.observe(0.5);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter.value(), 40000);
  const auto snapshot = histogram.snapshot();
  EXPECT_EQ(snapshot.count, 40000u);
  EXPECT_EQ(snapshot.cumulative.front(), 40000u);
}

TEST(Metrics, EmptyFamilyStillHasHelpAndType) {
  Registry registry;
  registry.gauge("up", "Whether it is up.").set(1);
  EXPECT_EQ(registry.render(), "# HELP up Whether it is up.\n# TYPE up gauge\nup 1\n");
  EXPECT_EQ(escape_label_value("a\"b"), "a\\\"b");
}

}  // namespace
}  // namespace dbot::metrics
