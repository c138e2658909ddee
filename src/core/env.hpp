#pragma once
// Environment variables for one bot instance.
//
// Each instance keeps its own Env: values from its `.env` file, overridden by
// a second layer (normally a snapshot of the process environment). Nothing
// here calls setenv, so several instances can live in one process.
//
// Every variable NAME may instead be given as NAME_FILE, naming a file whose
// contents (trailing newlines removed) are the value — the Docker/Kubernetes
// secrets convention. The layer that mentions NAME or NAME_FILE first (the
// override layer before the file layer) decides; setting both NAME and
// NAME_FILE in the same layer is an error.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbot {

using EnvMap = std::map<std::string, std::string, std::less<>>;

// One problem found while parsing a dotenv file. Messages never contain values.
struct DotenvProblem {
  int line = 0;
  std::string message;
};

struct DotenvParse {
  EnvMap vars;
  std::vector<DotenvProblem> problems;
};

// Parses dotenv text: `KEY=VALUE` lines, blank lines, `#` comments, an
// optional `export ` prefix, single quotes (literal), double quotes (with
// \n \t \" \\ escapes) and unquoted values (trimmed, ` #` starts a comment).
// A later assignment to the same key wins.
DotenvParse parse_dotenv(std::string_view text);

// Reads and parses `path`; nullopt when the file does not exist. An unreadable
// file is reported as a problem on line 0.
std::optional<DotenvParse> read_dotenv_file(const std::filesystem::path& path);

// A snapshot of the current process environment.
EnvMap process_environment();

// Where a looked-up value came from.
enum class EnvOrigin { unset, file, override_layer, secret_file };

struct EnvLookup {
  std::optional<std::string> value;  // nullopt when unset (or on error)
  EnvOrigin origin = EnvOrigin::unset;
  // Non-empty when NAME and NAME_FILE are both set, or NAME_FILE is
  // unreadable. Names the variable and the path, never the value.
  std::string error;
};

// NAME_FILE files larger than this are refused (a secret is far smaller).
inline constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

class Env {
 public:
  Env() = default;
  // `file_vars` come from a dotenv file; `overrides` (normally the process
  // environment) win over them. Relative NAME_FILE paths are resolved
  // against `base_dir`.
  Env(EnvMap file_vars, EnvMap overrides, std::filesystem::path base_dir = {});

  // A single-layer Env, for tests and embedders.
  static Env from_map(EnvMap vars, std::filesystem::path base_dir = {});

  // Resolves NAME (or NAME_FILE). Reads the secret file on every call.
  EnvLookup lookup(std::string_view name) const;

  // The value, or nullopt when unset or in error.
  std::optional<std::string> get(std::string_view name) const;

  // The value; `fallback` when unset, empty or in error.
  std::string get_or(std::string_view name, std::string_view fallback) const;

 private:
  EnvMap file_vars_;
  EnvMap overrides_;
  std::filesystem::path base_dir_;
};

}  // namespace dbot
