#pragma once
// Exact decimal amounts with four places, the scale of the NUMERIC(18,4)
// columns: money, share counts and prices are whole numbers of 1/10000.
// No floating point touches a balance; products and quotients are rounded
// half away from zero to four places, the way Postgres rounds a NUMERIC.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dbot::features::stocks {

class Fixed4 {
 public:
  static constexpr std::int64_t kScale = 10000;

  constexpr Fixed4() = default;
  static constexpr Fixed4 from_units(std::int64_t units) { return Fixed4(units); }
  static constexpr Fixed4 whole(std::int64_t value) { return Fixed4(value * kScale); }
  // A quote as Finnhub sends it (a JSON double), rounded to four places.
  // nullopt for NaN, infinities and values NUMERIC(18,4) cannot hold.
  static std::optional<Fixed4> from_double(double value);
  // "12", "12.5", "-0.0001", "1,000.25". More than four decimals are rounded;
  // nullopt for anything else (signs only in front, no exponents).
  static std::optional<Fixed4> parse(std::string_view text);

  constexpr std::int64_t units() const { return units_; }
  double to_double() const { return static_cast<double>(units_) / kScale; }
  bool is_zero() const { return units_ == 0; }
  bool negative() const { return units_ < 0; }

  // "1234.5000": what Postgres accepts for a NUMERIC parameter.
  std::string str() const;
  // Two places, rounded half away from zero, no sign handling: "1234.50".
  std::string fixed2() const;

  friend constexpr Fixed4 operator+(Fixed4 a, Fixed4 b) { return Fixed4(a.units_ + b.units_); }
  friend constexpr Fixed4 operator-(Fixed4 a, Fixed4 b) { return Fixed4(a.units_ - b.units_); }
  Fixed4& operator+=(Fixed4 other) {
    units_ += other.units_;
    return *this;
  }
  Fixed4& operator-=(Fixed4 other) {
    units_ -= other.units_;
    return *this;
  }
  friend constexpr auto operator<=>(Fixed4, Fixed4) = default;

 private:
  constexpr explicit Fixed4(std::int64_t units) : units_(units) {}
  std::int64_t units_ = 0;
};

// a × b rounded to four places.
Fixed4 multiply(Fixed4 a, Fixed4 b);
// a ÷ b rounded to four places; b must not be zero.
Fixed4 divide(Fixed4 a, Fixed4 b);
// (avg × held + price × bought) ÷ (held + bought), rounded to four places.
Fixed4 weighted_average(Fixed4 avg, Fixed4 held, Fixed4 price, Fixed4 bought);
// a ÷ b rounded towards zero: the most shares a dollar amount pays for.
Fixed4 divide_down(Fixed4 a, Fixed4 b);

// The seed's display form: two places, "$1234.50", and "-$1.23" with the
// sign in front of the dollar.
std::string dollars(Fixed4 amount);
// "+$12.00" / "-$3.10": profit and loss with an explicit sign.
std::string signed_dollars(Fixed4 amount);
// Shares with four places: "2.0000".
std::string shares(Fixed4 quantity);
// "+12.34%" / "-0.50%" from a ratio computed in doubles (display only).
std::string signed_percent(double percent);

}  // namespace dbot::features::stocks
