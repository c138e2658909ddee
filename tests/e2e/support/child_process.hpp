#pragma once
// Runs a real binary as a child process for end-to-end tests: environment
// overrides, output captured to a file (shown when a test fails), SIGTERM
// then SIGKILL on destruction, and bounded waits.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace dbot::test {

class ChildProcess {
 public:
  // Starts `argv` with the current environment plus `env` (a value of
  // "<unset>" removes the variable). Output goes to `log_file`.
  ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env, std::filesystem::path log_file);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends SIGTERM and waits up to `timeout` for the exit code (SIGKILL after).
  int stop(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // The exit code once it has exited by itself within `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  std::string output() const;
  // Waits until `needle` shows up in the output.
  bool wait_for_output(const std::string& needle, std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path log_file_;
};

// Runs a command to completion and returns {exit code, output}.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult run_command(std::vector<std::string> argv, std::map<std::string, std::string> env = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds(120));

// A port that was free a moment ago on 127.0.0.1.
std::uint16_t free_port();

// A fresh directory under /tmp, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Polls `condition` every 50 ms until it holds or `timeout` passes.
template <class F>
bool eventually(F&& condition, std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

}  // namespace dbot::test
