#include "db/result.hpp"

#include <cerrno>
#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "core/error.hpp"

namespace dbot::db {

namespace {
constexpr const char* kDatabaseUserMessage = "Something went wrong talking to the database. Please try again later.";
}

namespace detail {

std::int64_t parse_int64(std::string_view text, std::string_view column) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw Error(kDatabaseUserMessage, fmt::format("column '{}': '{}' is not a 64-bit integer", column, text));
  }
  return value;
}

double parse_double(std::string_view text, std::string_view column) {
  // strtod accepts Postgres' spellings (NaN, Infinity, -Infinity, 1e+300).
  std::string copy(text);
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size()) {
    throw Error(kDatabaseUserMessage, fmt::format("column '{}': '{}' is not a number", column, text));
  }
  return value;
}

bool parse_bool(std::string_view text, std::string_view column) {
  if (text == "t" || text == "true") return true;
  if (text == "f" || text == "false") return false;
  throw Error(kDatabaseUserMessage, fmt::format("column '{}': '{}' is not a boolean", column, text));
}

void throw_null(std::string_view column) {
  throw Error(kDatabaseUserMessage, fmt::format("column '{}' is NULL but a value was expected", column));
}

}  // namespace detail

Result::Result(std::vector<std::string> columns, std::vector<std::vector<std::optional<std::string>>> rows,
               std::int64_t affected_rows)
    : columns_(std::move(columns)), rows_(std::move(rows)), affected_rows_(affected_rows) {}

std::size_t Result::column_index(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == name) return i;
  }
  throw Error(kDatabaseUserMessage, fmt::format("result has no column '{}'", name));
}

Row Result::at(std::size_t row) const {
  if (row >= rows_.size()) {
    throw Error(kDatabaseUserMessage, fmt::format("row {} out of range ({} rows)", row, rows_.size()));
  }
  return Row(*this, row);
}

std::optional<std::string_view> Result::raw(std::size_t row, std::string_view column) const {
  if (row >= rows_.size()) {
    throw Error(kDatabaseUserMessage, fmt::format("row {} out of range ({} rows)", row, rows_.size()));
  }
  const auto& cell = rows_[row][column_index(column)];
  if (!cell) return std::nullopt;
  return std::string_view(*cell);
}

}  // namespace dbot::db
