// dictionary_store over a real SQLite file in a temporary directory: word book import with
// bad lines, lookups, prefix paging, put/erase, reopening, and readers racing a writer.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include <coronet/handlers/dictionary_store.hpp>

#include "support/test_support.hpp"

using coronet::handlers::dictionary_store;
using coronet::testing::wait_until;
using namespace std::chrono_literals;
using entry = dictionary_store::entry;
using reason = dictionary_store::skip_reason;
namespace fs = std::filesystem;

namespace {

// A temporary directory holding the store's file.
class temp_dir : public coronet::testing::temp_directory {
public:
    fs::path db() const { return path() / "words.db"; }
};

dictionary_store::import_result import_text(dictionary_store& store, const std::string& text) {
    std::istringstream book(text);
    return store.import_wordbook(book);
}

const std::string hello_zh = "\xe4\xbd\xa0\xe5\xa5\xbd\xef\xbc\x9b\xe9\x97\xae\xe5\x80\x99";  // 你好；问候

}  // namespace

BOOST_AUTO_TEST_CASE(import_reports_good_and_bad_lines) {
    temp_dir dir;
    dictionary_store store(dir.db());
    auto result = import_text(store,
                              "\xef\xbb\xbf" "apple\tan edible fruit\n"   // 1, BOM ignored
                              "hello   " + hello_zh + "  \r\n"           // 2, CRLF, Chinese
                              "\n"                                       // 3, blank: ignored
                              "   leading whitespace means no word\n"    // 4
                              "lonely\n"                                 // 5
                              "lonely2   \t \n"                          // 6
                              "bad\xff\xfe explanation\n"                // 7
                              "apple a company too\n"                    // 8: replaces line 1
                              "zebra \xc3\xa9quid\xc3\xa9 stripes");     // 9: no final newline
    BOOST_TEST(result.lines_read == 9u);
    BOOST_TEST(result.imported == 4u);
    std::vector<dictionary_store::skipped_line> expected{
        {4, reason::empty_word},
        {5, reason::missing_explanation},
        {6, reason::missing_explanation},
        {7, reason::invalid_utf8},
    };
    BOOST_TEST(result.skipped == expected, boost::test_tools::per_element());
    BOOST_TEST(store.size() == 3u);
    BOOST_TEST(store.lookup("apple")->explanation == "a company too");
    BOOST_TEST(store.lookup("hello")->explanation == hello_zh);  // byte-exact, trailing blanks gone
    BOOST_TEST(store.lookup("zebra")->explanation == "\xc3\xa9quid\xc3\xa9 stripes");
    BOOST_TEST(to_string(reason::invalid_utf8) == "invalid UTF-8");
}

BOOST_AUTO_TEST_CASE(chinese_words_and_explanations_round_trip) {
    temp_dir dir;
    dictionary_store store(dir.db());
    const std::string word = "\xe8\xaf\x8d\xe5\x85\xb8";  // 词典
    BOOST_TEST(store.put(word, hello_zh));
    BOOST_TEST(store.lookup(word).value_or(entry{}) == (entry{word, hello_zh}));
    BOOST_TEST(store.prefix("\xe8\xaf\x8d", 10, 0) == (std::vector<entry>{{word, hello_zh}}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(lookup_prefers_exact_case_then_ignores_ascii_case) {
    temp_dir dir;
    dictionary_store store(dir.db());
    store.put("Polish", "of Poland");
    store.put("polish", "to make shiny");
    store.put("NASA", "a space agency");
    BOOST_TEST(store.lookup("Polish")->explanation == "of Poland");
    BOOST_TEST(store.lookup("polish")->explanation == "to make shiny");
    // No exact spelling: the bytewise smallest case-insensitive match, so always the same one.
    BOOST_TEST(store.lookup("POLISH")->word == "Polish");
    BOOST_TEST(store.lookup("nasa")->word == "NASA");
    BOOST_TEST(!store.lookup("nas").has_value());
    BOOST_TEST(!store.lookup("").has_value());
}

BOOST_AUTO_TEST_CASE(prefix_is_sorted_and_paged) {
    temp_dir dir;
    dictionary_store store(dir.db());
    for (auto word : {"abd", "ab", "abc", "b", "aa", "abz", "Ab", "ab\xc3\xa9"}) store.put(word, "x");
    auto words = [](const std::vector<entry>& entries) {
        std::vector<std::string> out;
        for (const auto& e : entries) out.push_back(e.word);
        return out;
    };
    using list = std::vector<std::string>;
    BOOST_TEST(words(store.prefix("ab", 100, 0)) == (list{"ab", "abc", "abd", "abz", "ab\xc3\xa9"}),
               boost::test_tools::per_element());
    BOOST_TEST(words(store.prefix("ab", 2, 0)) == (list{"ab", "abc"}), boost::test_tools::per_element());
    BOOST_TEST(words(store.prefix("ab", 2, 2)) == (list{"abd", "abz"}), boost::test_tools::per_element());
    BOOST_TEST(words(store.prefix("ab", 2, 4)) == (list{"ab\xc3\xa9"}), boost::test_tools::per_element());
    BOOST_TEST(store.prefix("ab", 2, 6).empty());
    BOOST_TEST(store.prefix("ab", 0, 0).empty());
    BOOST_TEST(store.prefix("abd", 10, 0).size() == 1u);
    BOOST_TEST(store.prefix("q", 10, 0).empty());
    BOOST_TEST(words(store.prefix("", 3, 0)) == (list{"Ab", "aa", "ab"}), boost::test_tools::per_element());
    BOOST_TEST(store.prefix("\xff", 10, 0).empty());  // no upper bound: still a valid query
}

// A prefix search reads its range of words and no further: as cheap as a lookup however many
// words sort after the prefix. (It was a scan to the end of the table whenever the prefix had
// fewer words than the page: 0.3 ms a search on GCIDE in bench/soak.sh, 12 ms here.)
BOOST_AUTO_TEST_CASE(a_prefix_search_reads_only_its_range) {
    temp_dir dir;
    dictionary_store store(dir.db());
    std::string book = "aardvark an animal\n";
    for (int i = 0; i < 100'000; ++i) book.append(fmt::format("w{:06} word number {}\n", i, i));
    BOOST_REQUIRE(import_text(store, book).imported == 100'001u);
    // Medians of interleaved calls: a preemption (a busy machine) spoils a few, not the median.
    using clock = std::chrono::steady_clock;
    std::vector<clock::duration> searching, looking_up;
    bool all_found = true;
    for (int i = 0; i < 201; ++i) {
        auto t0 = clock::now();
        all_found &= store.prefix("aa", 10, 0).size() == 1;
        auto t1 = clock::now();
        all_found &= store.lookup("aardvark").has_value();
        auto t2 = clock::now();
        searching.push_back(t1 - t0);
        looking_up.push_back(t2 - t1);
    }
    auto median_us = [](std::vector<clock::duration>& v) {
        std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
        return std::chrono::duration<double, std::micro>(v[v.size() / 2]).count();
    };
    BOOST_TEST(all_found);
    double search_us = median_us(searching), lookup_us = median_us(looking_up);
    BOOST_TEST(search_us < 10 * lookup_us, "a search took " << search_us << " us, a lookup " << lookup_us << " us");
}

BOOST_AUTO_TEST_CASE(put_creates_then_replaces_and_erase_removes) {
    temp_dir dir;
    dictionary_store store(dir.db());
    BOOST_TEST(store.put("word", "first"));
    BOOST_TEST(!store.put("word", "second"));
    BOOST_TEST(store.lookup("word")->explanation == "second");
    BOOST_TEST(store.put("empty", ""));  // an empty explanation is allowed through put
    BOOST_TEST(store.lookup("empty")->explanation == "");
    BOOST_TEST(store.size() == 2u);
    BOOST_TEST(store.erase("word"));
    BOOST_TEST(!store.erase("word"));
    BOOST_TEST(!store.lookup("word").has_value());
    BOOST_TEST(store.size() == 1u);
    BOOST_CHECK_THROW(store.put("", "x"), std::invalid_argument);
    BOOST_CHECK_THROW(store.put("bad\xc0\xaf", "x"), std::invalid_argument);
    BOOST_CHECK_THROW(store.put("ok", "bad\xed\xa0\x80"), std::invalid_argument);
    BOOST_TEST(store.size() == 1u);
}

BOOST_AUTO_TEST_CASE(suggestions_follow_the_stores_writes) {
    using words = std::vector<std::string>;
    temp_dir dir;
    dictionary_store store(dir.db());
    BOOST_TEST(store.empty());
    import_text(store, "hello greeting\nhelp aid\nworld earth\n词典 dictionary\n");
    BOOST_TEST(!store.empty());
    BOOST_TEST(store.suggest("helo") == (words{"help", "hello"}), boost::test_tools::per_element());
    BOOST_TEST(store.suggest("helo", 1) == words{"help"}, boost::test_tools::per_element());
    BOOST_TEST(store.suggest("词曲") == words{"词典"}, boost::test_tools::per_element());
    BOOST_TEST(store.suggest("zzzzzz").empty());
    BOOST_TEST(store.suggest("\xff").empty());

    // Writes after the list was loaded show at once.
    store.put("helm", "steering");
    BOOST_TEST(store.suggest("helo") == (words{"helm", "help", "hello"}), boost::test_tools::per_element());
    store.erase("help");
    BOOST_TEST(store.suggest("helo") == (words{"helm", "hello"}), boost::test_tools::per_element());
    // An import replaces the list.
    import_text(store, "halo ring\n");
    BOOST_TEST(store.suggest("helo") == (words{"halo", "helm", "hello"}), boost::test_tools::per_element());

    // Another store object on the same file loads what is there.
    dictionary_store other(dir.db());
    BOOST_TEST(other.suggest("wrld") == words{"world"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(import_entries_from_any_source) {
    temp_dir dir;
    dictionary_store store(dir.db());
    std::vector<entry> source = {{"ice cream", "frozen"}, {"", "no word"}, {"bad", "\xc0\xaf"}, {"词典", "dictionary"},
                                 {"ice cream", "replaced"}};
    std::size_t i = 0;
    std::vector<std::size_t> reported;
    auto result = store.import_entries(
        [&]() -> std::optional<entry> { return i < source.size() ? std::optional(source[i++]) : std::nullopt; },
        [&](std::size_t n) { reported.push_back(n); });
    BOOST_TEST(result.lines_read == 5u);
    BOOST_TEST(result.imported == 3u);
    BOOST_TEST(result.skipped == (std::vector<dictionary_store::skipped_line>{{2, reason::empty_word}, {3, reason::invalid_utf8}}),
               boost::test_tools::per_element());
    BOOST_TEST(reported.empty());   // fewer than 10,000 entries
    BOOST_TEST(store.lookup("ice cream")->explanation == "replaced");
    BOOST_TEST(store.size() == 2u);

    std::size_t n = 0;
    store.import_entries([&]() -> std::optional<entry> {
        if (n == 25000) return std::nullopt;
        ++n;
        return entry{fmt::format("w{}", n), "x"};
    }, [&](std::size_t count) { reported.push_back(count); });
    BOOST_TEST(reported == (std::vector<std::size_t>{10000, 20000}), boost::test_tools::per_element());
    BOOST_TEST(store.size() == 25002u);
}

BOOST_AUTO_TEST_CASE(near_and_find_words_search_the_word_list) {
    using words = std::vector<std::string>;
    temp_dir dir;
    dictionary_store store(dir.db());
    import_text(store, "cat a\ncart b\ncast c\nchart d\ndog e\nCat f\n");
    BOOST_TEST(store.near("cat", 1, 10) == (words{"Cat", "cat", "cart", "cast"}), boost::test_tools::per_element());
    BOOST_TEST(store.near("cat", 0, 10) == (words{"Cat", "cat"}), boost::test_tools::per_element());
    BOOST_TEST(store.near("cat", 2, 2).size() == 2u);
    auto ends_in_t = [](std::string_view w) { return w.ends_with("t"); };
    BOOST_TEST(store.find_words(ends_in_t, 10) == (words{"Cat", "cart", "cast", "cat", "chart"}), boost::test_tools::per_element());
    BOOST_TEST(store.find_words(ends_in_t, 2) == (words{"Cat", "cart"}), boost::test_tools::per_element());
    store.put("boat", "g");
    BOOST_TEST(store.find_words(ends_in_t, 1) == words{"Cat"}, boost::test_tools::per_element());
    BOOST_TEST(store.find_words([](std::string_view w) { return w == "boat"; }, 5) == words{"boat"}, boost::test_tools::per_element());
}

// Searches of the word list run while words come and go: no search waits for a writer or sees
// a half-edited list, and at the end the list is what the store holds.
BOOST_AUTO_TEST_CASE(suggestions_while_writing) {
    temp_dir dir;
    dictionary_store store(dir.db());
    import_text(store, "hello a\nhelp b\nworld c\n");
    std::atomic<bool> done{false};
    std::atomic<int> searches{0}, bad{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 3; ++r) {
        readers.emplace_back([&] {
            while (!done) {
                auto near = store.suggest("helo", 50);
                // "hello" and "help" are never written: always there, whatever else changes.
                if (std::find(near.begin(), near.end(), "hello") == near.end()) ++bad;
                auto all = store.find_words([](std::string_view) { return true; }, 1000);
                if (!std::is_sorted(all.begin(), all.end())) ++bad;
                ++searches;
            }
        });
    }
    for (int i = 0; i < 200; ++i) {
        store.put(fmt::format("hel{}", i), "x");
        if (i % 2) store.erase(fmt::format("hel{}", i - 1));
    }
    BOOST_TEST(wait_until([&] { return searches > 20; }, 10s));
    done = true;
    for (auto& t : readers) t.join();
    BOOST_TEST(bad == 0);
    auto all = store.find_words([](std::string_view) { return true; }, 1000);
    BOOST_TEST(all.size() == store.size());
}

BOOST_AUTO_TEST_CASE(reopening_keeps_the_data) {
    temp_dir dir;
    {
        dictionary_store store(dir.db());
        BOOST_TEST(!store.property("source").has_value());
        store.set_property("source", "first");
        store.set_property("source", "词典 second");
        import_text(store, "one 1\ntwo 2\n");
        store.put("three", hello_zh);
        store.erase("two");
        // WAL mode is on: SQLite keeps the write-ahead log beside the file while it is open.
        BOOST_TEST(fs::exists(dir.db().string() + "-wal"));
    }
    dictionary_store again(dir.db());
    BOOST_TEST(again.property("source").value_or("") == "词典 second");
    BOOST_TEST(again.size() == 2u);
    BOOST_TEST(again.lookup("one")->explanation == "1");
    BOOST_TEST(again.lookup("three")->explanation == hello_zh);
    BOOST_TEST(!again.lookup("two").has_value());
}

BOOST_AUTO_TEST_CASE(concurrent_lookups_while_writing) {
    temp_dir dir;
    dictionary_store store(dir.db());
    constexpr int base_words = 200, written = 300, readers = 4, lookups_per_reader = 3000;
    std::string book;
    for (int i = 0; i < base_words; ++i) book += fmt::format("base{} explanation {}\n", i, i);
    BOOST_TEST(import_text(store, book).imported == std::size_t(base_words));

    // The writer publishes how many puts have returned; a reader that sees n must find
    // word n-1 (an acknowledged write is visible to every later read, on any thread).
    std::atomic<int> acknowledged{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    threads.emplace_back([&] {
        try {
            for (int i = 0; i < written; ++i) {
                store.put(fmt::format("new{}", i), fmt::format("written {}", i));
                acknowledged.store(i + 1, std::memory_order_release);
            }
        } catch (...) {
            ++failures;
        }
    });
    for (int r = 0; r < readers; ++r) {
        threads.emplace_back([&, r] {
            try {
                for (int i = 0; i < lookups_per_reader; ++i) {
                    int k = (i * 7 + r) % base_words;
                    auto base = store.lookup(fmt::format("base{}", k));
                    if (!base || base->explanation != fmt::format("explanation {}", k)) ++failures;
                    int n = acknowledged.load(std::memory_order_acquire);
                    if (n > 0 && !store.lookup(fmt::format("new{}", n - 1))) ++failures;
                }
            } catch (...) {
                ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST(failures.load() == 0);
    BOOST_TEST(store.size() == std::size_t(base_words + written));
    BOOST_TEST(store.prefix("new", 1000, 0).size() == std::size_t(written));
}
