#pragma once
// A query result copied out of libpq: column names, text values (or NULL) and
// the affected-row count. Values are converted on access with get<T>().

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace dbot::db {

class Result;

namespace detail {
// Conversions from Postgres' text format; throw dbot::Error on a bad value.
std::int64_t parse_int64(std::string_view text, std::string_view column);
double parse_double(std::string_view text, std::string_view column);
bool parse_bool(std::string_view text, std::string_view column);
[[noreturn]] void throw_null(std::string_view column);

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
T convert(std::string_view text, std::string_view column) {
  if constexpr (std::is_same_v<T, std::string>) {
    return std::string(text);
  } else if constexpr (std::is_same_v<T, bool>) {
    return parse_bool(text, column);
  } else if constexpr (std::is_integral_v<T>) {
    static_assert(std::is_same_v<T, std::int64_t> || std::is_same_v<T, int>,
                  "use std::int64_t or int for integer columns");
    return static_cast<T>(parse_int64(text, column));
  } else if constexpr (std::is_same_v<T, double>) {
    return parse_double(text, column);
  } else {
    static_assert(!sizeof(T), "unsupported column type: use string, int64_t, int, double, bool or optional<...>");
  }
}
}  // namespace detail

// One row of a Result; valid while the Result lives.
class Row {
 public:
  Row(const Result& result, std::size_t index) : result_(&result), index_(index) {}

  template <class T>
  T get(std::string_view column) const;
  bool is_null(std::string_view column) const;
  std::size_t index() const noexcept { return index_; }

 private:
  const Result* result_;
  std::size_t index_;
};

class Result {
 public:
  Result() = default;
  Result(std::vector<std::string> columns, std::vector<std::vector<std::optional<std::string>>> rows,
         std::int64_t affected_rows);

  std::size_t rows() const noexcept { return rows_.size(); }
  bool empty() const noexcept { return rows_.empty(); }
  std::size_t columns() const noexcept { return columns_.size(); }
  const std::string& column_name(std::size_t index) const { return columns_.at(index); }
  // Index of a column by name; throws dbot::Error if there is none.
  std::size_t column_index(std::string_view name) const;
  // Rows changed by INSERT/UPDATE/DELETE (or returned by SELECT); 0 when unknown.
  std::int64_t affected_rows() const noexcept { return affected_rows_; }

  Row operator[](std::size_t row) const { return Row(*this, row); }
  Row at(std::size_t row) const;

  // Raw text of a value, nullopt for SQL NULL. Throws on a bad row or column.
  std::optional<std::string_view> raw(std::size_t row, std::string_view column) const;

  // Typed access: std::string, std::int64_t, int, double, bool, or
  // std::optional of those (NULL -> nullopt; NULL into a non-optional throws).
  template <class T>
  T get(std::size_t row, std::string_view column) const {
    auto value = raw(row, column);
    if constexpr (detail::is_optional<T>::value) {
      if (!value) return std::nullopt;
      return detail::convert<typename T::value_type>(*value, column);
    } else {
      if (!value) detail::throw_null(column);
      return detail::convert<T>(*value, column);
    }
  }

  // Convenience for single-value queries: first column of the first row.
  template <class T>
  T scalar() const {
    return get<T>(0, column_name(0));
  }

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<std::optional<std::string>>> rows_;
  std::int64_t affected_rows_ = 0;
};

template <class T>
T Row::get(std::string_view column) const {
  return result_->get<T>(index_, column);
}

inline bool Row::is_null(std::string_view column) const { return !result_->raw(index_, column).has_value(); }

}  // namespace dbot::db
