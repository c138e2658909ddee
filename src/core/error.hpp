#pragma once
// Errors carry two messages: one safe to show a Discord user or an MCP client,
// and one with the operator detail that only goes to the logs.

#include <stdexcept>
#include <string>

namespace dbot {

class Error : public std::runtime_error {
 public:
  // `operator_detail` goes to logs; `user_message` may be shown to anyone.
  Error(std::string user_message, std::string operator_detail)
      : std::runtime_error(std::move(operator_detail)), user_message_(std::move(user_message)) {}

  explicit Error(const std::string& message) : Error(message, message) {}

  const std::string& user_message() const noexcept { return user_message_; }
  const char* operator_detail() const noexcept { return what(); }

 private:
  std::string user_message_;
};

// The sentence users see when something failed that they cannot fix.
inline constexpr const char* kInternalErrorMessage =
    "Something went wrong on my side. The operator has the details in the logs.";

}  // namespace dbot
