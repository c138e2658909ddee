#pragma once
// A small Prometheus registry: counters, gauges and fixed-bucket histograms
// with labels, rendered in the text exposition format 0.0.4. Updates are
// lock-free atomics; only registration and rendering take the registry lock,
// so hot paths look a metric up once and keep the reference (references stay
// valid for the registry's lifetime).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dbot::metrics {

// Label name/value pairs; the order given does not matter.
using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  // Negative amounts are ignored: counters only go up.
  void inc(double amount = 1.0) {
    if (amount > 0) value_.fetch_add(amount, std::memory_order_relaxed);
  }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Gauge {
 public:
  void set(double value) { value_.store(value, std::memory_order_relaxed); }
  void inc(double amount = 1.0) { value_.fetch_add(amount, std::memory_order_relaxed); }
  void dec(double amount = 1.0) { value_.fetch_sub(amount, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Histogram {
 public:
  // `upper_bounds` ascending; +Inf is implicit.
  explicit Histogram(std::vector<double> upper_bounds);
  void observe(double value);

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& upper_bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // per bucket, not cumulative
  std::atomic<double> sum_{0.0};
  std::atomic<std::uint64_t> count_{0};
};

// Latency buckets in seconds, from 0.5 ms to 10 s.
std::vector<double> default_latency_buckets();

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Returns the series for (name, labels), creating it on first use. Throws
  // dbot::Error for invalid names or when `name` is already another type.
  Counter& counter(std::string_view name, std::string_view help, Labels labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, Labels labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, std::vector<double> upper_bounds,
                       Labels labels = {});

  // Families sorted by name, series in creation order.
  std::string render() const;

 private:
  enum class Type { counter, gauge, histogram };
  struct Series {
    Labels labels;  // sorted by name
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  struct Family {
    Type type;
    std::string help;
    std::vector<double> upper_bounds;
    std::vector<Series> series;
  };

  struct Handles {
    Counter* counter = nullptr;
    Gauge* gauge = nullptr;
    Histogram* histogram = nullptr;
  };
  // Copies the pointers out under the lock: the series vector may grow later.
  Handles series_for(std::string_view name, std::string_view help, Type type, Labels labels,
                     const std::vector<double>* upper_bounds);

  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
};

// The process-wide registry that /metrics renders.
Registry& default_registry();

// Escapes a label value for the text format: backslash, double quote, newline.
std::string escape_label_value(std::string_view value);

}  // namespace dbot::metrics
