#pragma once
// Typed reads of environment variables (.env layered under the process
// environment) that report what is wrong instead of throwing. Used for the
// instance-level variables here and by features for their own (API keys,
// service URLs).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/config/reporter.hpp"
#include "core/env.hpp"
#include "core/snowflake.hpp"

namespace dbot::config {

struct LoadOptions;

class EnvReader {
 public:
  EnvReader(const Env& env, const LoadOptions& options, Reporter& report)
      : env_(env), options_(options), report_(report) {}

  // Unset and empty both give nullopt. Lookup errors are reported.
  std::optional<std::string> optional(std::string_view name);
  // Like optional(), but a `your-` placeholder is an error unless the options
  // allow placeholders.
  std::optional<std::string> optional_secret(std::string_view name);
  std::optional<std::string> required(std::string_view name, bool secret);
  std::optional<Snowflake> required_id(std::string_view name);
  std::uint16_t port(std::string_view name, std::uint16_t fallback);
  // An API base the bot sends credentials to, without trailing '/': https://,
  // or plain http:// only to a loopback host (the simulator, test fakes, a
  // local proxy). `fallback` when unset or invalid.
  std::string http_base(std::string_view name, std::string fallback);
  std::string bind_address(std::string_view name, std::string fallback);

  const Env& env() const { return env_; }
  const LoadOptions& options() const { return options_; }
  Reporter& report() { return report_; }

 private:
  const Env& env_;
  const LoadOptions& options_;
  Reporter& report_;
};

// Leading and trailing blanks removed.
std::string trim_blanks(std::string_view text);

}  // namespace dbot::config
