// The module's private pieces: reply text (quoting, dot-stuffing) and the MATCH strategies over
// a real store in a temporary directory.
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <coronet/handlers/dictionary_store.hpp>

#include "dict_strategies.hpp"
#include "dict_text.hpp"
#include "support/test_support.hpp"

namespace dd = coronet::handlers::dict_detail;
using strings = std::vector<std::string>;

namespace {

std::string quoted(std::string_view word) {
    std::string out;
    dd::append_quoted(out, word);
    return out;
}

std::string text(std::string_view body) {
    std::string out;
    dd::append_text(out, body);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(words_are_quoted_and_escaped) {
    BOOST_TEST(quoted("apple") == "\"apple\"");
    BOOST_TEST(quoted("new york") == "\"new york\"");
    BOOST_TEST(quoted("say \"hi\"") == "\"say \\\"hi\\\"\"");
    BOOST_TEST(quoted("a\\b") == "\"a\\\\b\"");
}

BOOST_AUTO_TEST_CASE(text_lines_end_in_crlf_and_dots_are_stuffed) {
    BOOST_TEST(text("one line") == "one line\r\n.\r\n");
    BOOST_TEST(text("one\ntwo\n") == "one\r\ntwo\r\n.\r\n");
    BOOST_TEST(text(".hidden\n..two\nmid . dot\n.") == "..hidden\r\n...two\r\nmid . dot\r\n..\r\n.\r\n");
    BOOST_TEST(text("crlf\r\nlone\rcr") == "crlf\r\nlonecr\r\n.\r\n");
    BOOST_TEST(text("a\n\nb") == "a\r\n\r\nb\r\n.\r\n");
    BOOST_TEST(text("") == ".\r\n");
    // Found by fuzz/dict_command_fuzz.cpp: a line that starts with a '.' once its CRs are dropped
    // is stuffed too; "\r." once ended the text early, and the rest read as status lines.
    BOOST_TEST(text("a\n\r.\n250 ok") == "a\r\n..\r\n250 ok\r\n.\r\n");
    BOOST_TEST(text("\r\r.x") == "..x\r\n.\r\n");
}

BOOST_AUTO_TEST_CASE(soundex_codes) {
    BOOST_TEST(dd::soundex("Robert") == "R163");
    BOOST_TEST(dd::soundex("rupert") == "R163");
    BOOST_TEST(dd::soundex("Ashcraft") == "A261");
    BOOST_TEST(dd::soundex("Tymczak") == "T522");
    BOOST_TEST(dd::soundex("Pfister") == "P236");
    BOOST_TEST(dd::soundex("Lee") == "L000");
    BOOST_TEST(dd::soundex("123") == "");
    BOOST_TEST(dd::soundex("\xe4\xbd\xa0\xe5\xa5\xbd") == "");
}

BOOST_AUTO_TEST_CASE(strategies_are_named_and_dot_is_lev) {
    BOOST_TEST((dd::strategy_named(".") == dd::strategy::lev));
    BOOST_TEST((dd::strategy_named("PREFIX") == dd::strategy::prefix));
    BOOST_TEST(!dd::strategy_named("re").has_value());
    BOOST_TEST(dd::strategies().size() == 6u);
}

BOOST_AUTO_TEST_CASE(strategies_match_ignoring_ascii_case) {
    coronet::testing::temp_directory dir;
    coronet::handlers::dictionary_store store(dir.path() / "words.db");
    std::istringstream book(
        "Abacus\ta counting frame\n"
        "abandon\tto leave\n"
        "able\tcan\n"
        "apple\ta fruit\n"
        "maple\ta tree\n"
        "Robert\ta name\n"
        "\xe4\xbd\xa0\xe5\xa5\xbd\tnihao\n"
        "\xe4\xbd\xa0\xe4\xbb\xac\tnimen\n");
    store.import_wordbook(book);
    auto match = [&](dd::strategy how, std::string_view word, std::size_t limit = 100) {
        return dd::match_words(store, how, word, limit);
    };
    BOOST_TEST(match(dd::strategy::exact, "APPLE") == strings{"apple"});
    BOOST_TEST(match(dd::strategy::exact, "appl").empty());
    BOOST_TEST(match(dd::strategy::prefix, "ab") == (strings{"Abacus", "abandon", "able"}));
    BOOST_TEST(match(dd::strategy::prefix, "AB", 2) == (strings{"Abacus", "abandon"}));
    BOOST_TEST(match(dd::strategy::prefix, "\xe4\xbd\xa0") ==
               (strings{"\xe4\xbd\xa0\xe4\xbb\xac", "\xe4\xbd\xa0\xe5\xa5\xbd"}));
    BOOST_TEST(match(dd::strategy::substring, "PL") == (strings{"apple", "maple"}));
    BOOST_TEST(match(dd::strategy::suffix, "LE") == (strings{"able", "apple", "maple"}));
    BOOST_TEST(match(dd::strategy::soundex, "rupert") == strings{"Robert"});
    BOOST_TEST(match(dd::strategy::lev, "aple") == (strings{"able", "apple", "maple"}), "nearest first, then by length");
    BOOST_TEST(match(dd::strategy::lev, "").empty());
    BOOST_TEST(match(dd::strategy::exact, "").empty());
}
