#include "ops/report.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <boost/json.hpp>

namespace dbot::ops {

std::string_view status_name(Status status) {
  switch (status) {
    case Status::pass: return "PASS";
    case Status::warn: return "WARN";
    case Status::fail: return "FAIL";
    case Status::skip: return "SKIP";
  }
  return "?";
}

void Report::add(Finding finding) { findings_.push_back(std::move(finding)); }

void Report::pass(std::string check, std::string subject, std::string message) {
  add({std::move(check), Status::pass, std::move(subject), std::move(message), {}});
}

void Report::warn(std::string check, std::string subject, std::string message, std::string advice) {
  add({std::move(check), Status::warn, std::move(subject), std::move(message), std::move(advice)});
}

void Report::fail(std::string check, std::string subject, std::string message, std::string advice) {
  add({std::move(check), Status::fail, std::move(subject), std::move(message), std::move(advice)});
}

void Report::skip(std::string check, std::string subject, std::string message, std::string advice) {
  add({std::move(check), Status::skip, std::move(subject), std::move(message), std::move(advice)});
}

std::size_t Report::count(Status status) const {
  return static_cast<std::size_t>(
      std::count_if(findings_.begin(), findings_.end(), [&](const Finding& f) { return f.status == status; }));
}

std::string Report::to_text() const {
  std::string out;
  for (const auto& f : findings_) {
    out += fmt::format("{}  {:<30} {}: {}\n", status_name(f.status), f.check, f.subject, f.message);
    if (!f.advice.empty()) out += fmt::format("      -> {}\n", f.advice);
  }
  out += fmt::format("\n{} passed, {} warnings, {} failed, {} skipped\n", count(Status::pass), count(Status::warn),
                     count(Status::fail), count(Status::skip));
  return out;
}

std::string Report::to_json() const {
  boost::json::array checks;
  for (const auto& f : findings_) {
    checks.push_back(boost::json::object{{"check", f.check},
                                         {"status", status_name(f.status)},
                                         {"subject", f.subject},
                                         {"message", f.message},
                                         {"advice", f.advice}});
  }
  boost::json::object summary{{"pass", count(Status::pass)},
                              {"warn", count(Status::warn)},
                              {"fail", count(Status::fail)},
                              {"skip", count(Status::skip)}};
  boost::json::object root{{"summary", summary}, {"checks", checks}, {"exit_code", exit_code()}};
  return boost::json::serialize(root) + "\n";
}

}  // namespace dbot::ops
