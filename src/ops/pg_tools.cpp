#include "ops/pg_tools.hpp"

#include <libpq-fe.h>

#include <fmt/format.h>

#include "core/error.hpp"
#include "db/process.hpp"

namespace dbot::ops {

ChildEnv libpq_environment(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (options == nullptr) {
    // libpq's message may quote part of the string; do not repeat it.
    if (error != nullptr) PQfreemem(error);
    throw Error(kInternalErrorMessage, "DATABASE_URL cannot be parsed by libpq");
  }
  ChildEnv env;
  for (auto* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr || option->val[0] == '\0') continue;
    if (option->envvar == nullptr) {
      PQconninfoFree(options);
      throw Error(kInternalErrorMessage,
                  fmt::format("DATABASE_URL sets '{}', which the Postgres tools cannot take from the environment",
                              option->keyword));
    }
    env[option->envvar] = option->val;
  }
  PQconninfoFree(options);
  return env;
}

std::string client_program(const std::string& name) {
  const std::filesystem::path preferred = std::filesystem::path("/usr/lib/postgresql/15/bin") / name;
  std::error_code ec;
  if (std::filesystem::exists(preferred, ec)) return preferred.string();
  return name;
}

std::string run_client(const std::vector<std::string>& argv, const ChildEnv& env, const std::string& what) {
  const auto result = db::run_process(argv, env);
  if (result.exit_code != 0) {
    std::string output = result.output;
    if (output.size() > 2000) output = "..." + output.substr(output.size() - 2000);
    while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
    throw Error(kInternalErrorMessage, fmt::format("{} failed (exit code {}): {}", what, result.exit_code,
                                                   output.empty() ? "no output" : output));
  }
  return result.output;
}

}  // namespace dbot::ops
