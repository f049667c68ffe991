// "Did you mean": the words of a sorted list nearest to a query by edit distance.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace coronet::handlers::dictionary_detail {

// Edit distance counted in code points, ASCII letters compared case-insensitively; an
// insertion, a deletion, a substitution or a swap of two adjacent code points costs 1
// (optimal string alignment). Both arguments must be valid UTF-8.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The words of `sorted` (bytewise ascending, valid UTF-8) within `max_distance` of `query`,
// nearest first; among equally near ones, those closest in length, then bytewise order.
// At most `limit` words. Invalid UTF-8 in `query` gives none.
//
// Fast on large lists without an extra index: sorted words share prefixes, so the walk reuses
// the distance rows of the common prefix (a trie walk over the sorted array) and skips every
// word under a prefix that is already too far (a binary search).
std::vector<std::string> nearest_words(const std::vector<std::string>& sorted, std::string_view query,
                                       std::size_t limit, std::size_t max_distance);

// The distance a query of this many code points may be off by and still be a plausible typo:
// 1 up to 3 code points, then 2 (3 would triple the search time and mostly add noise).
std::size_t typo_distance(std::size_t code_points);

}  // namespace coronet::handlers::dictionary_detail
