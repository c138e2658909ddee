#pragma once
// Running the Postgres client programs (pg_dump, pg_restore, psql) for an
// instance's database. The connection is handed over in libpq's environment
// variables, never on the command line: DATABASE_URL may hold a password, and
// a command line is readable by every user on the machine (/proc/PID/cmdline).

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dbot::ops {

using ChildEnv = std::map<std::string, std::string>;

// The PG* variables equivalent to `url` (a postgres:// URL or key=value
// conninfo), e.g. PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE.
// Throws dbot::Error (without the URL) when libpq cannot parse it.
ChildEnv libpq_environment(const std::string& url);

// The path of a client program of the Postgres major we ship for (15), so
// the dump format matches the server: /usr/lib/postgresql/15/bin/NAME when
// present, otherwise NAME looked up in PATH.
std::string client_program(const std::string& name);

// Runs `argv` with `env` added to the environment. Throws dbot::Error with the
// program's output when it exits non-zero; `what` starts the message.
std::string run_client(const std::vector<std::string>& argv, const ChildEnv& env, const std::string& what);

}  // namespace dbot::ops
