#pragma once
// The parts of a docker-compose.yml that `doctor` checks, read with yaml-cpp
// after Compose's own `${VAR}` interpolation (from the process environment
// and the `.env` beside the file) and `<<` merge keys, so what is checked is
// what `docker compose` would run.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/env.hpp"

namespace dbot::ops {

struct PortPublish {
  std::string host_ip;  // empty: every interface
  std::string host_port;
  std::string container_port;
  bool loopback() const;
};

struct VolumeMount {
  std::string source;  // a host path or a named volume
  std::string target;
  bool read_only = false;
};

struct ComposeService {
  std::string name;
  std::optional<std::string> image;
  bool builds = false;
  std::optional<std::string> restart;
  EnvMap environment;                  // `environment:`, interpolated
  std::vector<std::string> env_files;  // as written, relative to the compose file
  std::vector<PortPublish> ports;
  std::vector<VolumeMount> volumes;
  std::vector<std::string> tmpfs;
  bool read_only = false;
  bool healthcheck = false;                   // present and not disabled
  std::vector<std::string> healthcheck_test;  // `healthcheck.test` as written (CMD form or one string)
  bool init = false;                          // `init: true`: an init reaps children and forwards signals
  // `stop_grace_period` as Compose reads it ("30s", "1m30s"); unset: Compose's 10 s.
  std::optional<std::chrono::milliseconds> stop_grace_period;
  std::optional<std::string> logging_driver;
  std::map<std::string, std::string> logging_options;
  bool memory_limit = false;
  std::vector<std::string> entrypoint;
  std::vector<std::string> command;

  // The host directory mounted at /config (a bot instance), if any.
  std::optional<std::string> config_mount() const;
  bool is_postgres() const;
  bool is_gateway() const;
};

struct ComposeProject {
  std::filesystem::path file;
  std::filesystem::path dir;
  EnvMap variables;                      // what ${...} was resolved from
  std::vector<ComposeService> services;  // in file order
  std::vector<std::string> problems;     // unset required variables, parse errors

  const ComposeService* service(const std::string& name) const;
};

// Expands ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message},
// ${VAR?message}, $VAR and $$. Unset required variables are added to `problems`.
std::string interpolate(const std::string& text, const EnvMap& variables, std::vector<std::string>& problems);

// Reads and interpolates `file`. `environment` wins over the `.env` beside the
// file (as in Compose). Throws dbot::Error when the file is missing or not YAML.
ComposeProject load_compose(const std::filesystem::path& file, const EnvMap& environment);

// Parses a Compose duration ("30s", "1m30s", "1500ms", "2h"); nullopt when malformed.
std::optional<std::chrono::milliseconds> parse_compose_duration(std::string_view text);

// Parses `name=url,...` (the gateway's INSTANCES). Malformed entries are skipped.
std::vector<std::pair<std::string, std::string>> parse_instance_list(const std::string& text);

}  // namespace dbot::ops
