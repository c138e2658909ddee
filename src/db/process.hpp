#pragma once
// Runs a program to completion and captures its output. Blocking: only for
// start-up and shutdown work (initdb, pg_ctl), never on an event-loop path.

#include <string>
#include <vector>

namespace dbot::db {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string output;  // stdout and stderr interleaved
};

// argv[0] is looked up in PATH. Throws dbot::Error if it cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv);

}  // namespace dbot::db
