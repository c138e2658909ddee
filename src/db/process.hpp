#pragma once
// Runs a program to completion and captures its output. Blocking: only for
// start-up and shutdown work (initdb, pg_ctl), never on an event-loop path.

#include <map>
#include <string>
#include <vector>

namespace dbot::db {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string output;  // stdout and stderr interleaved
};

// argv[0] is looked up in PATH. Throws dbot::Error if it cannot be started.
ProcessResult run_process(const std::vector<std::string>& argv);

// The same with `extra_env` set in the child's environment (replacing any
// inherited value of the same name). For secrets such as PGPASSWORD: they
// never appear on a command line another user could read in /proc.
ProcessResult run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& extra_env);

}  // namespace dbot::db
