#pragma once
// Small text helpers shared by config validation ("did you mean") and the
// command framework (closest command, argument splitting).

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dbot::text {

// Levenshtein distance (insert/delete/substitute, each cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible
// typo: distance at most max(1, len/3). Ties go to the earlier candidate.
std::optional<std::string> closest_match(std::string_view word, std::span<const std::string> candidates);

std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);
bool starts_with_ci(std::string_view text, std::string_view prefix);

}  // namespace dbot::text
