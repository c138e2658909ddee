#pragma once
// What `doctor` found: one line per checked item with PASS / WARN / FAIL
// (or SKIP when it could not be checked from here) and one line of advice.

#include <cstddef>
#include <string>
#include <vector>

namespace dbot::ops {

enum class Status { pass, warn, fail, skip };

std::string_view status_name(Status status);  // "PASS", "WARN", "FAIL", "SKIP"

struct Finding {
  std::string check;  // stable id, e.g. "instance.placeholders"
  Status status = Status::pass;
  std::string subject;  // what was checked: an instance directory, a service, a schema
  std::string message;  // what was found; never a secret value
  std::string advice;   // one line on how to fix it (empty on PASS)
};

class Report {
 public:
  void add(Finding finding);
  void pass(std::string check, std::string subject, std::string message);
  void warn(std::string check, std::string subject, std::string message, std::string advice);
  void fail(std::string check, std::string subject, std::string message, std::string advice);
  void skip(std::string check, std::string subject, std::string message, std::string advice = {});

  const std::vector<Finding>& findings() const { return findings_; }
  std::size_t count(Status status) const;
  // 1 when anything FAILed, else 0.
  int exit_code() const { return count(Status::fail) > 0 ? 1 : 0; }

  std::string to_text() const;
  std::string to_json() const;

 private:
  std::vector<Finding> findings_;
};

}  // namespace dbot::ops
