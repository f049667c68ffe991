#include "nearest_words.hpp"

#include <algorithm>
#include <cstdint>
#include <tuple>

#include <coronet/utf8.hpp>

namespace coronet::handlers::dictionary_detail {
namespace {

// The code point of valid UTF-8 starting at text[pos] (ASCII A-Z folded to lowercase);
// advances pos past it.
char32_t next_folded(std::string_view text, std::size_t& pos) {
    auto lead = static_cast<unsigned char>(text[pos]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    char32_t cp = length == 1 ? lead : lead & (0x7f >> length);
    for (std::size_t k = 1; k < length && pos + k < text.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(text[pos + k]) & 0x3f);
    pos = std::min(pos + length, text.size());
    return cp >= U'A' && cp <= U'Z' ? cp + (U'a' - U'A') : cp;
}

std::u32string folded_code_points(std::string_view text) {
    std::u32string out;
    for (std::size_t pos = 0; pos < text.size();) out.push_back(next_folded(text, pos));
    return out;
}

// Distance rows for a candidate read one code point at a time, as in a trie walk: row d holds
// the distances between the candidate's first d code points and each prefix of the query.
// Values are capped at `cap` (max distance + 1), and only the band of cells within the max
// distance of the diagonal is computed: a cell outside it is more than the max already.
class distance_rows {
public:
    distance_rows(std::u32string query, std::size_t max_distance)
        : query_(std::move(query)), width_(query_.size() + 1), max_(max_distance), cap_(max_distance + 1) {
        cells_.resize(width_);
        for (std::size_t j = 0; j < width_; ++j) cells_[j] = std::min(j, cap_);
        path_.push_back(0);
    }

    // Sets row `depth` (1-based) for candidate code point `c`; rows below it must be current.
    // Returns the row's minimum, a lower bound for every candidate with this prefix.
    std::size_t extend(std::size_t depth, char32_t c) {
        if (cells_.size() < (depth + 1) * width_) cells_.resize((depth + 1) * width_);
        if (path_.size() <= depth) path_.resize(depth + 1);
        path_[depth] = c;
        const char32_t before = path_[depth - 1];   // 0 at depth 1: matches no query code point
        std::uint32_t* row = &cells_[depth * width_];
        const std::uint32_t* up = row - width_;
        const std::uint32_t* up2 = depth >= 2 ? up - width_ : nullptr;
        const std::size_t low = depth > max_ ? depth - max_ : 0;
        const std::size_t high = std::min(width_ - 1, depth + max_);
        if (low > high) return cap_;   // the candidate is already longer than query + max
        // The next row reads one cell beyond each edge of this band: they are over the max.
        if (low > 0) row[low - 1] = static_cast<std::uint32_t>(cap_);
        if (high + 1 < width_) row[high + 1] = static_cast<std::uint32_t>(cap_);
        std::size_t minimum = cap_;
        for (std::size_t j = low; j <= high; ++j) {
            std::size_t best = depth;   // j == 0: delete the whole prefix
            if (j > 0) {
                best = std::min<std::size_t>({up[j] + 1u, row[j - 1] + 1u, up[j - 1] + (query_[j - 1] == c ? 0u : 1u)});
                if (up2 && j >= 2 && query_[j - 1] == before && query_[j - 2] == c)
                    best = std::min<std::size_t>(best, up2[j - 2] + 1u);
            }
            best = std::min(best, cap_);
            row[j] = static_cast<std::uint32_t>(best);
            minimum = std::min(minimum, best);
        }
        return minimum;
    }

    // The distance of the candidate of `depth` code points, or more than the max.
    std::size_t distance_at(std::size_t depth) const {
        std::size_t m = query_.size();
        if (m > depth + max_ || depth > m + max_) return cap_;   // outside the band: never computed
        return cells_[depth * width_ + m];
    }
    std::size_t query_length() const { return query_.size(); }
    // Rows only narrow: a smaller max keeps earlier rows valid (their cap is still above it).
    void narrow(std::size_t max_distance) { max_ = std::min(max_, max_distance); }
    std::size_t max_distance() const { return max_; }

private:
    std::u32string query_;
    std::size_t width_;
    std::size_t max_;
    std::size_t cap_;
    std::vector<std::uint32_t> cells_;
    std::u32string path_;   // path_[d]: the candidate's d-th code point, folded
};

struct candidate {
    std::size_t distance;
    std::size_t length_gap;
    const std::string* word;
    bool operator<(const candidate& o) const {
        return std::tie(distance, length_gap, *word) < std::tie(o.distance, o.length_gap, *o.word);
    }
};

// Index of the first word from `from` on that does not start with `p`. Galloping: the run of
// words under a pruned prefix is usually short, so probe 1, 2, 4, ... ahead, then bisect.
std::size_t skip_prefix(const std::vector<std::string>& sorted, std::size_t from, std::string_view p) {
    std::size_t step = 1, low = from;
    while (low + step <= sorted.size() && sorted[low + step - 1].starts_with(p)) {
        low += step;
        step *= 2;
    }
    auto high = std::min(low + step, sorted.size());
    auto it = std::partition_point(sorted.begin() + static_cast<std::ptrdiff_t>(low),
                                   sorted.begin() + static_cast<std::ptrdiff_t>(high),
                                   [p](const std::string& w) { return w.starts_with(p); });
    return static_cast<std::size_t>(it - sorted.begin());
}

std::size_t common_prefix_bytes(std::string_view a, std::string_view b) {
    auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    return static_cast<std::size_t>(ia - a.begin());
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    auto word = folded_code_points(a);
    auto longest = std::max(word.size(), folded_code_points(b).size());
    distance_rows rows(folded_code_points(b), longest);   // a cap no distance reaches
    for (std::size_t d = 1; d <= word.size(); ++d) rows.extend(d, word[d - 1]);
    return rows.distance_at(word.size());
}

namespace {

// One walk over the whole list with a fixed max distance.
std::vector<candidate> walk(const std::vector<std::string>& sorted, const std::u32string& query, std::size_t limit,
                            std::size_t max_distance) {
    distance_rows rows(query, max_distance);
    std::vector<candidate> best;             // kept sorted, at most `limit`
    std::string_view previous;               // the last word walked
    std::vector<std::size_t> prefix_end{0};  // prefix_end[d]: bytes of previous's first d code points
    std::size_t valid_rows = 0;              // rows 1..valid_rows belong to previous's prefixes

    for (std::size_t i = 0; i < sorted.size();) {
        std::string_view word = sorted[i];
        // Rows of the prefix shared with the previous word are reused, whole code points only.
        auto shared = common_prefix_bytes(word, previous);
        std::size_t depth = valid_rows;
        while (depth > 0 && prefix_end[depth] > shared) --depth;
        std::size_t pos = prefix_end[depth];
        bool pruned = false;
        while (pos < word.size()) {
            char32_t c = next_folded(word, pos);
            ++depth;
            if (prefix_end.size() <= depth) prefix_end.resize(depth + 1);
            prefix_end[depth] = pos;
            if (rows.extend(depth, c) > rows.max_distance()) {
                pruned = true;
                break;
            }
        }
        valid_rows = depth;
        previous = word;
        if (pruned) {
            // Every word under this prefix is at least as far: jump past them all.
            i = skip_prefix(sorted, i + 1, word.substr(0, pos));
            continue;
        }
        auto distance = rows.distance_at(depth);
        if (distance <= rows.max_distance()) {
            auto gap = depth > rows.query_length() ? depth - rows.query_length() : rows.query_length() - depth;
            candidate c{distance, gap, &sorted[i]};
            best.insert(std::upper_bound(best.begin(), best.end(), c), c);
            if (best.size() > limit) best.pop_back();
            // With `limit` found, only words as near as the farthest kept one can still enter.
            if (best.size() == limit) rows.narrow(best.back().distance);
        }
        ++i;
    }
    return best;
}

}  // namespace

std::vector<std::string> nearest_words(const std::vector<std::string>& sorted, std::string_view query,
                                       std::size_t limit, std::size_t max_distance) {
    if (limit == 0 || !is_valid_utf8(query)) return {};
    auto folded = folded_code_points(query);
    // Iterative deepening: a walk with a small max prunes early and is much cheaper, and when
    // it already finds `limit` words, no farther word could rank among them.
    std::vector<candidate> best;
    for (std::size_t d = std::min<std::size_t>(1, max_distance); d <= max_distance; ++d) {
        best = walk(sorted, folded, limit, d);
        if (best.size() >= limit) break;
    }
    std::vector<std::string> out;
    out.reserve(best.size());
    for (const auto& c : best) out.push_back(*c.word);
    return out;
}

std::size_t typo_distance(std::size_t code_points) { return code_points <= 3 ? 1 : 2; }

}  // namespace coronet::handlers::dictionary_detail
