// import_dictd black-box: databases made by the real dictfmt (and dictzip), imported into a
// real store; hand-made defective files; and GCIDE when the dict-gcide package is installed.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <coronet/handlers/dictd_import.hpp>
#include <coronet/handlers/dictionary_store.hpp>

#include "dictd_tools.hpp"
#include "support/test_support.hpp"

using coronet::handlers::dictd_error;
using coronet::handlers::dictd_import_result;
using coronet::handlers::dictionary_store;
using coronet::handlers::import_dictd;
using coronet::handlers::read_dictd_info;
namespace tools = coronet::testing::dictd;
namespace fs = std::filesystem;

namespace {

const std::string chinese = "\xe4\xbd\xa0\xe5\xa5\xbd";   // 你好

// dictfmt -c5 source: a headword with a space, Chinese, and "apple" twice.
const std::string sample_source = "_____\n\napple\nA round fruit.\n"
                                  "_____\n\nice cream\nA frozen dessert.\n"
                                  "_____\n\napple\nA technology company.\n"
                                  "_____\n\n" + chinese + "\nHello (Chinese: " + chinese + ", n\xc7\x90 h\xc7\x8eo).\n";

struct sample_database {
    coronet::testing::temp_directory dir;
    fs::path index = dir.path() / "sample.index";
    fs::path plain = dir.path() / "sample.dict";
    fs::path store_file = dir.path() / "store.db";

    explicit sample_database(const std::vector<std::string>& options = {"--utf8", "--allchars"}) {
        std::vector<std::string> all = options;
        all.insert(all.end(), {"-s", "Sample dictionary", "-u", "http://example.org/sample"});
        tools::dictfmt(dir.path(), "sample", sample_source, all);
    }
};

template <class Action>
std::string error_of(Action action) {
    try {
        action();
    } catch (const dictd_error& e) {
        return e.what();
    }
    return "";
}

void check_sample_store(const dictionary_store& store, const dictd_import_result& result) {
    BOOST_TEST(result.headwords == 3u);
    BOOST_TEST(result.store.imported == 3u);
    BOOST_TEST(result.store.skipped.empty());
    BOOST_TEST(result.skipped.empty());
    BOOST_TEST(result.repaired_utf8.empty());
    BOOST_TEST(result.index_lines == result.database_entries + 4);
    BOOST_TEST(store.size() == 3u);

    auto apple = store.lookup("apple");
    BOOST_TEST_REQUIRE(apple.has_value());
    BOOST_TEST(apple->explanation == "apple\nA round fruit.\n\napple\nA technology company.");
    auto ice_cream = store.lookup("ice cream");
    BOOST_TEST_REQUIRE(ice_cream.has_value());
    BOOST_TEST(ice_cream->explanation == "ice cream\nA frozen dessert.");
    auto hello = store.lookup(chinese);
    BOOST_TEST_REQUIRE(hello.has_value());
    BOOST_TEST(hello->explanation == chinese + "\nHello (Chinese: " + chinese + ", n\xc7\x90 h\xc7\x8eo).");
    BOOST_TEST(!store.lookup("00-database-short").has_value());
    BOOST_TEST(store.prefix("0", 10).empty());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(made_by_dictfmt)

BOOST_AUTO_TEST_CASE(plain_and_dictzip_data_import_the_same) {
    if (!tools::have_dictfmt() || !tools::have_dictzip()) {
        BOOST_TEST_MESSAGE("dictfmt or dictzip missing: skipped");
        return;
    }
    sample_database db;
    auto dz = tools::dictzip(db.plain);
    for (const auto& data : {db.plain, dz}) {
        BOOST_TEST_CONTEXT(data.filename()) {
            fs::remove(db.store_file);
            dictionary_store store(db.store_file);
            std::vector<std::pair<std::size_t, std::size_t>> calls;
            auto result = import_dictd(store, db.index, data, [&](std::size_t done, std::size_t total) {
                calls.emplace_back(done, total);
            });
            check_sample_store(store, result);
            BOOST_TEST(result.info.short_description == "Sample dictionary");
            BOOST_TEST(result.info.url == "http://example.org/sample");
            BOOST_TEST(result.info.utf8);
            BOOST_TEST(result.info.info.find("This file was converted from the original database on:") == 0u,
                       result.info.info);
            BOOST_TEST_REQUIRE(!calls.empty());
            BOOST_TEST((calls.back() == std::pair{result.index_lines, result.index_lines}));
            for (std::size_t i = 1; i < calls.size(); ++i) BOOST_TEST(calls[i - 1].first <= calls[i].first);
        }
    }
}

BOOST_AUTO_TEST_CASE(database_entries_spelled_without_dashes) {
    if (!tools::have_dictfmt()) {
        BOOST_TEST_MESSAGE("dictfmt missing: skipped");
        return;
    }
    sample_database db({"--utf8"});   // without --allchars: "00databaseshort"
    BOOST_TEST(tools::read_file(db.index).find("00databaseshort\t") != std::string::npos);
    dictionary_store store(db.store_file);
    auto result = import_dictd(store, db.index, db.plain);
    check_sample_store(store, result);
    BOOST_TEST(result.info.short_description == "Sample dictionary");
    BOOST_TEST(result.info.url == "http://example.org/sample");
    BOOST_TEST(result.info.utf8);
}

BOOST_AUTO_TEST_CASE(info_alone) {
    if (!tools::have_dictfmt() || !tools::have_dictzip()) {
        BOOST_TEST_MESSAGE("dictfmt or dictzip missing: skipped");
        return;
    }
    sample_database db;
    auto info = read_dictd_info(db.index, tools::dictzip(db.plain));
    BOOST_TEST(info.short_description == "Sample dictionary");
    BOOST_TEST(info.url == "http://example.org/sample");
}

BOOST_AUTO_TEST_CASE(many_chunks_many_entries) {
    if (!tools::have_dictfmt() || !tools::have_dictzip()) {
        BOOST_TEST_MESSAGE("dictfmt or dictzip missing: skipped");
        return;
    }
    // 3000 words, ~700 KB: a dozen dictzip chunks, definitions crossing chunk boundaries.
    std::string source;
    for (int i = 0; i < 3000; ++i) {
        source += fmt::format("_____\n\nword{}\n", i);
        for (int line = 0; line < 1 + i % 7; ++line) source += fmt::format("  sense {} of word {}: {}\n", line, i, std::string(40 + i % 50, 'x'));
    }
    coronet::testing::temp_directory dir;
    tools::dictfmt(dir.path(), "many", source, {"--utf8", "--allchars", "-s", "Many"});
    auto dz = tools::dictzip(dir.path() / "many.dict");
    dictionary_store from_plain(dir.path() / "plain.db");
    dictionary_store from_dz(dir.path() / "dz.db");
    auto a = import_dictd(from_plain, dir.path() / "many.index", dir.path() / "many.dict");
    auto b = import_dictd(from_dz, dir.path() / "many.index", dz);
    BOOST_TEST(a.headwords == 3000u);
    BOOST_TEST(b.headwords == 3000u);
    BOOST_TEST(from_plain.prefix("", 5000) == from_dz.prefix("", 5000), boost::test_tools::per_element());
    auto w = from_dz.lookup("word2999");
    BOOST_TEST_REQUIRE(w.has_value());
    BOOST_TEST(w->explanation.starts_with("word2999\n  sense 0 of word 2999:"), w->explanation);   // dictfmt wraps long lines
}

BOOST_AUTO_TEST_CASE(a_reimport_replaces_and_keeps_other_words) {
    if (!tools::have_dictfmt()) {
        BOOST_TEST_MESSAGE("dictfmt missing: skipped");
        return;
    }
    sample_database db;
    dictionary_store store(db.store_file);
    store.put("apple", "old text");
    store.put("zebra", "a striped animal");
    import_dictd(store, db.index, db.plain);
    BOOST_TEST(store.lookup("apple")->explanation.starts_with("apple\nA round fruit."));
    BOOST_TEST(store.lookup("zebra")->explanation == "a striped animal");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(hand_made)

// A tiny database written by hand: "one two three\n" etc., offsets in dictd base64.
struct hand_made {
    coronet::testing::temp_directory dir;
    fs::path index = dir.path() / "hand.index";
    fs::path data = dir.path() / "hand.dict";
    fs::path store_file = dir.path() / "store.db";
    // data: "00-database-short\n  Hand made\n" (30 bytes: A..e), "one\nfirst\n" at 30 (e, K),
    // then "two\nsecond caf\xe9\n" at 40 (o, Q) with a Latin-1 byte.
    std::string text = std::string("00-database-short\n  Hand made\n") + "one\nfirst\n" + "two\nsecond caf\xe9\n";
    hand_made() { tools::write_file(data, text); }
    void write_index(std::string_view lines) { tools::write_file(index, lines); }
};

BOOST_FIXTURE_TEST_CASE(bytes_that_are_not_utf8_are_replaced_and_reported, hand_made) {
    // Line 6 repeats line 2: its definition is not repeated.
    write_index("00-database-short\tA\te\none\te\tK\ntwo\to\tQ\n\tA\tB\n\xff\xfe\tA\tB\none\te\tK\n00-hand-short\tA\te\n");
    dictionary_store store(store_file);
    auto result = import_dictd(store, index, data);
    BOOST_TEST(result.info.short_description == "Hand made");
    BOOST_TEST(!result.info.utf8);
    BOOST_TEST(result.headwords == 2u);
    BOOST_TEST(result.database_entries == 2u);
    BOOST_TEST(result.repaired_utf8 == std::vector<std::size_t>{3}, boost::test_tools::per_element());
    BOOST_TEST(result.skipped ==
                   (std::vector<dictionary_store::skipped_line>{{4, dictionary_store::skip_reason::empty_word},
                                                                {5, dictionary_store::skip_reason::invalid_utf8}}),
               boost::test_tools::per_element());
    BOOST_TEST(store.lookup("two")->explanation == "two\nsecond caf\xef\xbf\xbd");
    BOOST_TEST(store.lookup("one")->explanation == "one\nfirst");
    BOOST_TEST(!store.lookup("00-hand-short").has_value());
}

BOOST_FIXTURE_TEST_CASE(an_index_without_a_final_newline, hand_made) {
    write_index("one\te\tK\ntwo\to\tQ");
    dictionary_store store(store_file);
    BOOST_TEST(import_dictd(store, index, data).headwords == 2u);
}

BOOST_FIXTURE_TEST_CASE(defects_name_the_file_and_line_and_leave_the_store_alone, hand_made) {
    dictionary_store store(store_file);
    store.put("kept", "before the failed imports");
    struct row {
        std::string index_text;
        std::string message;   // a part of it, after the index file's path
    };
    for (const auto& r : {row{"one\te\tK\ntwo\to\tQ=\n", ":2: length 'Q=' is not a dictd base64 number"},
                          row{"one\te\tK\ntwo\to\n", ":2: expected headword, offset and length"},
                          row{"one\te\tK\n\ntwo\to\tQ\n", ":2: expected headword"},
                          row{"one\te\tK\ntwo\to\tR\n", ":2: definition at offset 40, length 17 goes beyond the end of"},
                          row{"one\tBAAA\tB\n", ":1: definition at offset 262144, length 1 goes beyond"},
                          row{"one\tP//////////\tB\n", ":1: definition at offset 18446744073709551615, length 1"}}) {
        BOOST_TEST_CONTEXT(r.index_text) {
            write_index(r.index_text);
            auto message = error_of([&] { import_dictd(store, index, data); });
            BOOST_TEST(message.find(index.string() + r.message) == 0u, message);
        }
    }
    BOOST_TEST(store.size() == 1u);
    BOOST_TEST(store.lookup("kept").has_value());
}

BOOST_FIXTURE_TEST_CASE(missing_files, hand_made) {
    write_index("one\te\tK\n");
    dictionary_store store(store_file);
    BOOST_TEST(error_of([&] { import_dictd(store, index, dir.path() / "none.dict"); }).find("none.dict: cannot open") !=
               std::string::npos);
    BOOST_TEST(error_of([&] { import_dictd(store, dir.path() / "none.index", data); }).find("none.index: cannot open") !=
               std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(corrupt_compressed_data, hand_made) {
    if (!tools::have_dictzip()) {
        BOOST_TEST_MESSAGE("dictzip missing: skipped");
        return;
    }
    write_index("one\te\tK\ntwo\to\tQ\n");
    auto dz = tools::dictzip(data);
    auto bytes = tools::read_file(dz);
    dictionary_store store(store_file);

    auto bad_header = bytes;
    bad_header[3] = static_cast<char>(0xe4);   // reserved flag bits
    tools::write_file(dz, bad_header);
    BOOST_TEST(error_of([&] { import_dictd(store, index, dz); }) ==
               dz.string() + ": gzip header has reserved flag bits set (0xe4)");

    tools::write_file(dz, bytes.substr(0, bytes.size() - 12));
    BOOST_TEST(error_of([&] { import_dictd(store, index, dz); }).find("truncated") != std::string::npos);

    auto garbage = bytes;
    garbage.replace(garbage.size() - 8 - 20, 8, std::string(8, '\xff'));   // inside the only chunk
    tools::write_file(dz, garbage);
    BOOST_TEST(error_of([&] { import_dictd(store, index, dz); }).find("dictzip chunk 0") != std::string::npos);
    BOOST_TEST(store.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

// GCIDE, when the Debian package dict-gcide is installed: about 177,000 headwords.
BOOST_AUTO_TEST_CASE(gcide) {
    const fs::path index = "/usr/share/dictd/gcide.index", data = "/usr/share/dictd/gcide.dict.dz";
    if (!fs::exists(index) || !fs::exists(data)) {
        BOOST_TEST_MESSAGE("dict-gcide not installed: skipped");
        return;
    }
    coronet::testing::temp_directory dir;
    dictionary_store store(dir.path() / "gcide.db");
    // The first progress report comes once every definition is read, before the store's work.
    std::size_t reports = 0;
    auto start = std::chrono::steady_clock::now();
    auto first_report = start;
    auto result = import_dictd(store, index, data, [&](std::size_t, std::size_t) {
        if (reports++ == 0) first_report = std::chrono::steady_clock::now();
    });
    auto end = std::chrono::steady_clock::now();
    auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
    BOOST_TEST_MESSAGE(fmt::format("GCIDE: {} index lines, {} headwords imported in {:.2f} s (files read in {:.2f} s, "
                                   "{} progress calls), {} index lines with non-UTF-8 bytes, store {:.1f} MB",
                                   result.index_lines, result.headwords, seconds(end - start),
                                   seconds(first_report - start), reports, result.repaired_utf8.size(),
                                   static_cast<double>(fs::file_size(dir.path() / "gcide.db")) / 1e6));
    BOOST_TEST(result.headwords > 170000u);
    BOOST_TEST(result.headwords < 185000u);
    BOOST_TEST(store.size() == result.headwords);
    BOOST_TEST(result.info.short_description.find("Collaborative International Dictionary of English") != std::string::npos);
    BOOST_TEST(result.info.url.find("gcide") != std::string::npos);
    BOOST_TEST(!result.info.info.empty());
    auto apple = store.lookup("apple");   // spelled "Apple" in GCIDE
    BOOST_TEST_REQUIRE(apple.has_value());
    BOOST_TEST(apple->word == "Apple");
    BOOST_TEST(apple->explanation.find("fruit") != std::string::npos);
    auto a = store.lookup("A");
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->explanation.find("\n\nA \\A\\") != std::string::npos);   // several entries joined
    BOOST_TEST(store.lookup("dictionary").has_value());
    BOOST_TEST(store.lookup("1-naphthoic acid").has_value());
    BOOST_TEST(!store.lookup("00-database-info").has_value());
    BOOST_TEST(!store.lookup("00-gcide-short").has_value());
}
