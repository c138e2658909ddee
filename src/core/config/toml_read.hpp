#pragma once
// Typed getters over a config.toml table that report missing keys, wrong
// types and unknown keys as diagnostics. Includes toml++: include it from
// config .cpp files only (core/config and features/<name>/config.cpp).

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "core/config/reporter.hpp"
#include "core/config/schema.hpp"
#include "core/snowflake.hpp"

namespace dbot::config {

// "a.b" for nested keys; just "b" at the top level.
std::string join_key(std::string_view path, std::string_view key);

// Errors for keys of `table` (at `path`) that the schema's `schema_section`
// doesn't list, with a did-you-mean hint.
void check_unknown_keys(const toml::table& table, std::string_view path, std::string_view schema_section,
                        const Schema& schema, Reporter& report);

std::optional<std::string> get_string(const toml::table& table, std::string_view path, std::string_view key,
                                      bool required, Reporter& report);
std::optional<bool> get_bool(const toml::table& table, std::string_view path, std::string_view key, Reporter& report);
// An integer in [min, max].
std::optional<std::int64_t> get_int(const toml::table& table, std::string_view path, std::string_view key,
                                    std::int64_t min, std::int64_t max, bool required, Reporter& report);
// A snowflake written as a string of digits.
std::optional<Snowflake> get_snowflake(const toml::table& table, std::string_view path, std::string_view key,
                                       bool required, Reporter& report);
// A duration string like "30s" (parse_duration); `allow_seconds_int` also takes a bare integer of seconds.
std::optional<std::chrono::seconds> get_duration(const toml::table& table, std::string_view path, std::string_view key,
                                                 bool allow_seconds_int, Reporter& report);
// A sub-table; reports a non-table value.
const toml::table* get_table(const toml::table& table, std::string_view path, std::string_view key, Reporter& report);

}  // namespace dbot::config
