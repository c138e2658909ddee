#include "features/stocks/money.hpp"

#include <cmath>
#include <cstdio>

namespace dbot::features::stocks {
namespace {

// 128-bit intermediates: a product of two NUMERIC(18,4) values needs them.
__extension__ typedef __int128 Wide;

// NUMERIC(18,4) holds up to 14 digits before the point.
constexpr std::int64_t kMaxUnits = 999'999'999'999'999'999;

// Rounds numerator/denominator half away from zero.
Wide divide_rounded(Wide numerator, Wide denominator) {
  const bool negative = (numerator < 0) != (denominator < 0);
  Wide n = numerator < 0 ? -numerator : numerator;
  const Wide d = denominator < 0 ? -denominator : denominator;
  Wide q = n / d;
  if ((n % d) * 2 >= d) ++q;
  return negative ? -q : q;
}

std::int64_t clamp_units(Wide value) {
  if (value > kMaxUnits) return kMaxUnits;
  if (value < -kMaxUnits) return -kMaxUnits;
  return static_cast<std::int64_t>(value);
}

}  // namespace

std::optional<Fixed4> Fixed4::from_double(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  const double scaled = std::round(value * kScale);
  if (std::fabs(scaled) > 9.0e17) return std::nullopt;
  return Fixed4(static_cast<std::int64_t>(scaled));
}

std::optional<Fixed4> Fixed4::parse(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  Wide whole = 0;
  Wide fraction = 0;
  int fraction_digits = 0;
  bool seen_point = false;
  bool seen_digit = false;
  int extra_digit = -1;  // the fifth decimal, for rounding
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ',' && !seen_point && seen_digit) continue;  // 1,000
    if (c == '.') {
      if (seen_point) return std::nullopt;
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    seen_digit = true;
    const int digit = c - '0';
    if (!seen_point) {
      whole = whole * 10 + digit;
      if (whole > kMaxUnits / kScale) return std::nullopt;
    } else if (fraction_digits < 4) {
      fraction = fraction * 10 + digit;
      ++fraction_digits;
    } else if (extra_digit < 0) {
      extra_digit = digit;
    }
  }
  if (!seen_digit) return std::nullopt;
  while (fraction_digits < 4) {
    fraction *= 10;
    ++fraction_digits;
  }
  Wide units = whole * kScale + fraction;
  if (extra_digit >= 5) ++units;
  return Fixed4(static_cast<std::int64_t>(negative ? -units : units));
}

std::string Fixed4::str() const {
  const bool neg = units_ < 0;
  const std::uint64_t magnitude = neg ? static_cast<std::uint64_t>(-units_) : static_cast<std::uint64_t>(units_);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s%llu.%04llu", neg ? "-" : "",
                static_cast<unsigned long long>(magnitude / kScale),
                static_cast<unsigned long long>(magnitude % kScale));
  return buffer;
}

std::string Fixed4::fixed2() const {
  const auto cents = static_cast<std::int64_t>(divide_rounded(units_, 100));
  const bool neg = cents < 0;
  const std::uint64_t magnitude = neg ? static_cast<std::uint64_t>(-cents) : static_cast<std::uint64_t>(cents);
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s%llu.%02llu", neg ? "-" : "",
                static_cast<unsigned long long>(magnitude / 100), static_cast<unsigned long long>(magnitude % 100));
  return buffer;
}

Fixed4 multiply(Fixed4 a, Fixed4 b) {
  return Fixed4::from_units(clamp_units(divide_rounded(static_cast<Wide>(a.units()) * b.units(), Fixed4::kScale)));
}

Fixed4 divide(Fixed4 a, Fixed4 b) {
  return Fixed4::from_units(clamp_units(divide_rounded(static_cast<Wide>(a.units()) * Fixed4::kScale, b.units())));
}

Fixed4 divide_down(Fixed4 a, Fixed4 b) {
  return Fixed4::from_units(clamp_units(static_cast<Wide>(a.units()) * Fixed4::kScale / b.units()));
}

Fixed4 weighted_average(Fixed4 avg, Fixed4 held, Fixed4 price, Fixed4 bought) {
  const Fixed4 total_quantity = held + bought;
  if (total_quantity.units() <= 0) return price;
  // Both products exactly (eight places), then one rounding in the division.
  const Wide numerator =
      static_cast<Wide>(avg.units()) * held.units() + static_cast<Wide>(price.units()) * bought.units();
  return Fixed4::from_units(clamp_units(divide_rounded(numerator, total_quantity.units())));
}

std::string dollars(Fixed4 amount) {
  if (amount.negative()) return "-$" + (Fixed4::whole(0) - amount).fixed2();
  return "$" + amount.fixed2();
}

std::string signed_dollars(Fixed4 amount) { return amount.negative() ? dollars(amount) : "+" + dollars(amount); }

std::string shares(Fixed4 quantity) { return quantity.str(); }

std::string signed_percent(double percent) {
  if (!std::isfinite(percent)) percent = 0;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%s%.2f%%", percent >= 0 ? "+" : "", percent);
  return buffer;
}

}  // namespace dbot::features::stocks
