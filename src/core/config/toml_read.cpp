#include "core/config/toml_read.hpp"

#include "core/config/schema.hpp"

#include <algorithm>
#include <vector>

#include "core/config/checks.hpp"
#include "core/duration.hpp"

namespace dbot::config {

std::string join_key(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

void check_unknown_keys(const toml::table& table, std::string_view path, std::string_view schema_section,
                        const Schema& schema, Reporter& report) {
  const auto candidates = schema.known_keys(schema_section);
  for (const auto& [key, value] : table) {
    const std::string_view name = key.str();
    if (std::find(candidates.begin(), candidates.end(), name) != candidates.end()) continue;
    std::string message = value.is_table() ? "unknown section" : "unknown key";
    if (auto hint = closest_match(name, candidates)) message += "; did you mean '" + *hint + "'?";
    report.error(join_key(path, name), std::move(message));
  }
}

std::optional<std::string> get_string(const toml::table& table, std::string_view path, std::string_view key,
                                      bool required, Reporter& report) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (required) report.error(join_key(path, key), "is required but missing");
    return std::nullopt;
  }
  if (const auto* text = node->as_string()) return text->get();
  report.error(join_key(path, key), "must be a string (in double quotes)");
  return std::nullopt;
}

std::optional<bool> get_bool(const toml::table& table, std::string_view path, std::string_view key, Reporter& report) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (const auto* flag = node->as_boolean()) return flag->get();
  report.error(join_key(path, key), "must be true or false");
  return std::nullopt;
}

std::optional<std::int64_t> get_int(const toml::table& table, std::string_view path, std::string_view key,
                                    std::int64_t min, std::int64_t max, bool required, Reporter& report) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (required) report.error(join_key(path, key), "is required but missing");
    return std::nullopt;
  }
  const auto* number = node->as_integer();
  if (number == nullptr || number->get() < min || number->get() > max) {
    report.error(join_key(path, key),
                 "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return number->get();
}

std::optional<Snowflake> get_snowflake(const toml::table& table, std::string_view path, std::string_view key,
                                       bool required, Reporter& report) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    if (required) report.error(join_key(path, key), "is required but missing");
    return std::nullopt;
  }
  const auto* text = node->as_string();
  std::optional<Snowflake> id = text ? Snowflake::parse(text->get()) : std::nullopt;
  if (!id) report.error(join_key(path, key), "must be a Discord id in quotes, like \"123456789012345678\"");
  return id;
}

std::optional<std::chrono::seconds> get_duration(const toml::table& table, std::string_view path, std::string_view key,
                                                 bool allow_seconds_int, Reporter& report) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  if (allow_seconds_int) {
    if (const auto* number = node->as_integer()) {
      if (number->get() < 1 || number->get() > kMaxDuration.count()) {
        report.error(join_key(path, key), "must be at least 1 second and at most 365 days");
        return std::nullopt;
      }
      return std::chrono::seconds(number->get());
    }
  }
  const auto* text = node->as_string();
  if (text == nullptr) {
    report.error(join_key(path, key), "must be a duration string like \"30s\", \"5m\" or \"3d\"");
    return std::nullopt;
  }
  auto parsed = parse_duration(text->get());
  if (const auto* error = std::get_if<DurationError>(&parsed)) {
    report.error(join_key(path, key), error->message);
    return std::nullopt;
  }
  return std::get<std::chrono::seconds>(parsed);
}

const toml::table* get_table(const toml::table& table, std::string_view path, std::string_view key, Reporter& report) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return nullptr;
  if (const auto* sub = node->as_table()) return sub;
  report.error(join_key(path, key), "must be a table ([" + join_key(path, key) + "])");
  return nullptr;
}

}  // namespace dbot::config
