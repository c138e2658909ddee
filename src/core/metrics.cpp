#include "core/metrics.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"

namespace dbot::metrics {
namespace {

bool valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

bool valid_label_name(std::string_view name) {
  if (name.empty() || name.find(':') != std::string_view::npos) return false;
  if (name.size() >= 2 && name.substr(0, 2) == "__") return false;  // reserved for Prometheus
  return valid_metric_name(name);
}

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// `{a="x",b="y"}` with an optional extra pair (the histogram's `le`).
void append_labels(std::string& out, const Labels& labels, std::string_view extra_name = {},
                   std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return;
  out.push_back('{');
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out.push_back(',');
    first = false;
    fmt::format_to(std::back_inserter(out), "{}=\"{}\"", name, escape_label_value(value));
  }
  if (!extra_name.empty()) {
    if (!first) out.push_back(',');
    fmt::format_to(std::back_inserter(out), "{}=\"{}\"", extra_name, extra_value);
  }
  out.push_back('}');
}

const char* type_name(int type) {
  switch (type) {
    case 0: return "counter";
    case 1: return "gauge";
    default: return "histogram";
  }
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

Histogram::Histogram(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
  std::erase_if(bounds_, [](double bound) { return std::isnan(bound) || std::isinf(bound); });
  std::sort(bounds_.begin(), bounds_.end());
  bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());
  counts_ = std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1);
  for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value) {
  // Buckets are "less than or equal": the first bound >= value.
  const auto bucket =
      static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot snapshot;
  snapshot.cumulative.reserve(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(running);
  }
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  // Consistent with the buckets even while observations race the scrape.
  snapshot.count = running;
  return snapshot;
}

std::vector<double> default_latency_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Registry::Handles Registry::series_for(std::string_view name, std::string_view help, Type type, Labels labels,
                                       const std::vector<double>* upper_bounds) {
  if (!valid_metric_name(name)) throw Error(fmt::format("invalid metric name '{}'", name));
  for (const auto& label : labels) {
    if (!valid_label_name(label.first) || (type == Type::histogram && label.first == "le")) {
      throw Error(fmt::format("invalid label name '{}' on metric {}", label.first, name));
    }
  }
  std::sort(labels.begin(), labels.end());
  std::lock_guard lock(mutex_);
  auto found = families_.find(name);
  if (found == families_.end()) {
    Family family{type, std::string(help), {}, {}};
    if (upper_bounds) family.upper_bounds = Histogram(*upper_bounds).upper_bounds();
    found = families_.emplace(std::string(name), std::move(family)).first;
  } else if (found->second.type != type) {
    throw Error(
        fmt::format("metric {} is already registered as a {}", name, type_name(static_cast<int>(found->second.type))));
  }
  auto& family = found->second;
  for (auto& series : family.series) {
    if (series.labels == labels) return {series.counter.get(), series.gauge.get(), series.histogram.get()};
  }
  Series series;
  series.labels = std::move(labels);
  switch (type) {
    case Type::counter: series.counter = std::make_unique<Counter>(); break;
    case Type::gauge: series.gauge = std::make_unique<Gauge>(); break;
    case Type::histogram: series.histogram = std::make_unique<Histogram>(family.upper_bounds); break;
  }
  Handles handles{series.counter.get(), series.gauge.get(), series.histogram.get()};
  family.series.push_back(std::move(series));
  return handles;
}

Counter& Registry::counter(std::string_view name, std::string_view help, Labels labels) {
  return *series_for(name, help, Type::counter, std::move(labels), nullptr).counter;
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, Labels labels) {
  return *series_for(name, help, Type::gauge, std::move(labels), nullptr).gauge;
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, std::vector<double> upper_bounds,
                               Labels labels) {
  return *series_for(name, help, Type::histogram, std::move(labels), &upper_bounds).histogram;
}

std::string Registry::render() const {
  std::string out;
  std::lock_guard lock(mutex_);
  for (const auto& [name, family] : families_) {
    fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, escape_help(family.help), name,
                   type_name(static_cast<int>(family.type)));
    for (const auto& series : family.series) {
      if (series.histogram) {
        const auto snapshot = series.histogram->snapshot();
        const auto& bounds = series.histogram->upper_bounds();
        for (std::size_t i = 0; i <= bounds.size(); ++i) {
          out += name;
          out += "_bucket";
          append_labels(out, series.labels, "le", i < bounds.size() ? format_value(bounds[i]) : "+Inf");
          fmt::format_to(std::back_inserter(out), " {}\n", snapshot.cumulative[i]);
        }
        out += name;
        out += "_sum";
        append_labels(out, series.labels);
        fmt::format_to(std::back_inserter(out), " {}\n", format_value(snapshot.sum));
        out += name;
        out += "_count";
        append_labels(out, series.labels);
        fmt::format_to(std::back_inserter(out), " {}\n", snapshot.count);
      } else {
        out += name;
        append_labels(out, series.labels);
        const double value = series.counter ? series.counter->value() : series.gauge->value();
        fmt::format_to(std::back_inserter(out), " {}\n", format_value(value));
      }
    }
  }
  return out;
}

Registry& default_registry() {
  static Registry registry;
  return registry;
}

}  // namespace dbot::metrics
