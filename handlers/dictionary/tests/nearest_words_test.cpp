// "Did you mean": the edit distance, and the pruned walk over a sorted word list checked
// against a brute-force scan on random lists, including a 100k-word one.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "nearest_words.hpp"

using namespace coronet::handlers::dictionary_detail;

namespace {

// The definition, word by word: what nearest_words must equal.
std::vector<std::string> brute_force(const std::vector<std::string>& words, const std::string& query,
                                     std::size_t limit, std::size_t max_distance) {
    auto length = [](const std::string& s) {
        return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; });
    };
    std::vector<std::tuple<std::size_t, std::size_t, std::string>> found;
    for (const auto& w : words) {
        auto d = edit_distance(w, query);
        if (d <= max_distance) {
            auto gap = static_cast<std::size_t>(std::abs(length(w) - length(query)));
            found.emplace_back(d, gap, w);
        }
    }
    std::sort(found.begin(), found.end());
    if (found.size() > limit) found.resize(limit);
    std::vector<std::string> out;
    for (auto& f : found) out.push_back(std::get<2>(f));
    return out;
}

// Random words over a small alphabet (so near neighbours abound), some with CJK and capitals.
std::vector<std::string> random_words(std::size_t count, unsigned seed) {
    static const std::vector<std::string> letters = {"a", "b", "c", "d", "e", "n", "o", "s", "t", "A", "S", "词", "典"};
    std::mt19937 rng(seed);
    std::uniform_int_distribution<std::size_t> length(1, 9), letter(0, letters.size() - 1);
    std::set<std::string> unique;
    while (unique.size() < count) {
        std::string w;
        for (auto n = length(rng); n > 0; --n) w += letters[letter(rng)];
        unique.insert(w);
    }
    return {unique.begin(), unique.end()};
}

}  // namespace

BOOST_AUTO_TEST_CASE(edit_distance_counts_code_points_case_and_swaps) {
    BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
    BOOST_TEST(edit_distance("", "abc") == 3u);
    BOOST_TEST(edit_distance("abc", "") == 3u);
    BOOST_TEST(edit_distance("Hello", "hello") == 0u);      // ASCII case is ignored
    BOOST_TEST(edit_distance("teh", "the") == 1u);          // one adjacent swap
    BOOST_TEST(edit_distance("ca", "abc") == 3u);           // optimal string alignment, not full Damerau
    BOOST_TEST(edit_distance("词典", "词曲") == 1u);         // one code point, three bytes
    BOOST_TEST(edit_distance("café", "cafe") == 1u);
    BOOST_TEST(edit_distance("É", "é") == 1u);              // only ASCII folds
}

BOOST_AUTO_TEST_CASE(finds_typos_nearest_first) {
    std::vector<std::string> words = {"accept", "access", "except", "expect", "hello", "help", "helm", "hollow", "world"};
    BOOST_TEST(nearest_words(words, "helo", 5, 2) == (std::vector<std::string>{"helm", "help", "hello"}),
               boost::test_tools::per_element());
    BOOST_TEST(nearest_words(words, "helo", 2, 2) == (std::vector<std::string>{"helm", "help"}),
               boost::test_tools::per_element());
    BOOST_TEST(nearest_words(words, "excpet", 5, 2) == (std::vector<std::string>{"except", "expect"}),
               boost::test_tools::per_element());
    BOOST_TEST(nearest_words(words, "WORDL", 5, 1) == std::vector<std::string>{"world"}, boost::test_tools::per_element());
    BOOST_TEST(nearest_words(words, "zzzzzz", 5, 2).empty());
    BOOST_TEST(nearest_words(words, "hello", 0, 2).empty());
    BOOST_TEST(nearest_words(words, "\xff\xfe", 5, 2).empty());     // not UTF-8
    BOOST_TEST(nearest_words({}, "hello", 5, 2).empty());
}

BOOST_AUTO_TEST_CASE(typo_distance_grows_with_the_word) {
    BOOST_TEST(typo_distance(1) == 1u);
    BOOST_TEST(typo_distance(3) == 1u);
    BOOST_TEST(typo_distance(4) == 2u);
    BOOST_TEST(typo_distance(20) == 2u);
}

BOOST_AUTO_TEST_CASE(pruned_walk_equals_brute_force) {
    auto words = random_words(3000, 1);
    std::mt19937 rng(2);
    std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
    for (int round = 0; round < 150; ++round) {
        std::string query = words[pick(rng)];
        // Mutate: drop, duplicate or swap a byte at the front (keeps UTF-8 valid for ASCII).
        if (round % 3 == 1 && query.size() > 1 && static_cast<unsigned char>(query[0]) < 0x80) query.erase(0, 1);
        if (round % 3 == 2) query += "e";
        for (std::size_t max_distance : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
            // The brute force once, at the largest limit: the smaller limits take its head.
            auto expected = brute_force(words, query, 50, max_distance);
            for (std::size_t limit : {std::size_t{1}, std::size_t{5}, std::size_t{50}}) {
                std::vector<std::string> head(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(std::min(limit, expected.size())));
                BOOST_TEST(nearest_words(words, query, limit, max_distance) == head,
                           "query " << query << " max " << max_distance << " limit " << limit);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(hundred_thousand_words) {
    auto words = random_words(100000, 3);
    std::mt19937 rng(4);
    std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
    std::chrono::nanoseconds walk{}, scan{};
    constexpr int rounds = 6;
    for (int round = 0; round < rounds; ++round) {
        std::string query = words[pick(rng)] + "o";
        auto max_distance = typo_distance(query.size());
        auto t0 = std::chrono::steady_clock::now();
        auto fast = nearest_words(words, query, 5, max_distance);
        auto t1 = std::chrono::steady_clock::now();
        auto slow = brute_force(words, query, 5, max_distance);
        auto t2 = std::chrono::steady_clock::now();
        walk += t1 - t0;
        scan += t2 - t1;
        BOOST_TEST(fast == slow, "query " << query);
    }
    // Reported, not asserted: timings belong to benchmarks, not to pass/fail.
    BOOST_TEST_MESSAGE("100k words, " << rounds << " queries: pruned walk "
                       << std::chrono::duration_cast<std::chrono::microseconds>(walk).count() / rounds << " us/query, brute force "
                       << std::chrono::duration_cast<std::chrono::microseconds>(scan).count() / rounds << " us/query");
}
