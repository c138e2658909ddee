#pragma once
// Small, pure validators used by the config loader (and by `doctor`).

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dbot::config {

// "your-..." values shipped in .env.example.
bool is_placeholder(std::string_view value);

// Postgres schema names we accept: [a-z_][a-z0-9_]{0,62}.
bool is_valid_schema_name(std::string_view name);

// An http:// or https:// URL with a host (and optional port, path, query).
bool is_http_url(std::string_view url);

// postgres:// or postgresql:// (the host may be empty for a socket path in the query).
bool is_postgres_url(std::string_view url);

// True when `name` is "UTC" or names a TZif file under `zoneinfo_dir`.
// Absolute paths, "..", and characters outside [A-Za-z0-9_+-/] are rejected.
bool is_known_time_zone(std::string_view name, const std::filesystem::path& zoneinfo_dir = "/usr/share/zoneinfo");

// The closest candidate if it is close enough to be a likely typo (by
// text::edit_distance, case-insensitive; a looser bound than commands use,
// since config keys are longer).
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string_view> candidates);

// Port numbers 1-65535 in decimal.
std::optional<std::uint16_t> parse_port(std::string_view text);

}  // namespace dbot::config
