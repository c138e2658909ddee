#include "db/result.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "db/connection.hpp"

namespace {

using dbot::db::Result;

Result sample() {
  return Result({"id", "name", "price", "active", "note"},
                {{"42", "O'Reilly", "12.5", "t", std::nullopt}, {"-9000000000", "b", "NaN", "f", "x"}}, 2);
}

TEST(Result, TypedAccessByColumnName) {
  auto r = sample();
  ASSERT_EQ(r.rows(), 2u);
  EXPECT_EQ(r.columns(), 5u);
  EXPECT_EQ(r.get<std::int64_t>(0, "id"), 42);
  EXPECT_EQ(r.get<int>(0, "id"), 42);
  EXPECT_EQ(r.get<std::int64_t>(1, "id"), -9000000000LL);
  EXPECT_EQ(r.get<std::string>(0, "name"), "O'Reilly");
  EXPECT_DOUBLE_EQ(r.get<double>(0, "price"), 12.5);
  EXPECT_TRUE(std::isnan(r.get<double>(1, "price")));
  EXPECT_TRUE(r.get<bool>(0, "active"));
  EXPECT_FALSE(r[1].get<bool>("active"));
  EXPECT_EQ(r.affected_rows(), 2);
  EXPECT_EQ(r.scalar<int>(), 42);
}

TEST(Result, NullsNeedOptional) {
  auto r = sample();
  EXPECT_EQ(r.get<std::optional<std::string>>(0, "note"), std::nullopt);
  EXPECT_EQ(r.get<std::optional<std::string>>(1, "note"), "x");
  EXPECT_TRUE(r[0].is_null("note"));
  EXPECT_FALSE(r[1].is_null("note"));
  EXPECT_THROW(r.get<std::string>(0, "note"), dbot::Error);
}

TEST(Result, BadAccessThrows) {
  auto r = sample();
  EXPECT_THROW(r.get<int>(0, "missing"), dbot::Error);
  EXPECT_THROW(r.get<int>(5, "id"), dbot::Error);
  EXPECT_THROW(r.at(2), dbot::Error);
  EXPECT_THROW(r.get<int>(0, "name"), dbot::Error);
  EXPECT_THROW(r.get<bool>(0, "name"), dbot::Error);
  EXPECT_THROW(r.get<double>(0, "name"), dbot::Error);
}

TEST(Params, ConvertToPostgresText) {
  using dbot::db::to_param;
  EXPECT_EQ(to_param(true), "true");
  EXPECT_EQ(to_param(false), "false");
  EXPECT_EQ(to_param(std::int64_t{-12}), "-12");
  EXPECT_EQ(to_param(7u), "7");
  EXPECT_EQ(to_param("x"), "x");
  EXPECT_EQ(to_param(std::nullopt), std::nullopt);
  EXPECT_EQ(to_param(std::optional<int>{}), std::nullopt);
  EXPECT_EQ(to_param(std::optional<int>{3}), "3");
  EXPECT_DOUBLE_EQ(std::stod(*to_param(0.1)), 0.1);
}

}  // namespace
