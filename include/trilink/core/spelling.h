// "Did you mean ...?" for misspelt names in input files and flags.
//
// Usage:
//   std::string_view nearest = NearestName("covarince", {"covariance", "time"});
//   if (!nearest.empty()) message += " (did you mean " + std::string(nearest) + "?)";
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string_view>

namespace trilink {

// Levenshtein distance: the fewest insertions, deletions and substitutions
// of single characters that turn `a` into `b`.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name` within `max_distance` edits (the first of
// equally close ones), or an empty view when none is that close.
std::string_view NearestName(std::string_view name, std::span<const std::string_view> candidates,
                             std::size_t max_distance = 2);

}  // namespace trilink
