// One .index line: a table of good lines and bad ones, each bad one with its reason.
#include <boost/test/unit_test.hpp>

#include <iterator>
#include <random>
#include <string>
#include <variant>

#include "index_line.hpp"

using namespace coronet::handlers::dictd_import_detail;

BOOST_AUTO_TEST_CASE(good_lines) {
    struct row {
        std::string line;
        std::string headword;
        std::uint64_t offset, length;
    };
    for (const auto& r : {row{"apple\tIf\tj", "apple", 543, 35},
                          row{"ice cream\tH1\tc", "ice cream", 501, 28},
                          row{"\xe4\xbd\xa0\xe5\xa5\xbd\tJC\tx", "\xe4\xbd\xa0\xe5\xa5\xbd", 578, 49},
                          row{"00-database-short\ty\tBS", "00-database-short", 50, 82},
                          row{"CRLF\tB\tC\r", "CRLF", 1, 2},
                          row{"zero\tA\tA", "zero", 0, 0},
                          // dictfmt --index-keep-orig: the fourth field is the headword as written.
                          row{"ice cream\tB\tC\tIce-Cream", "Ice-Cream", 1, 2},
                          row{"plain\tB\tC\t", "plain", 1, 2},
                          // An empty headword parses; the importer skips and reports it.
                          row{"\tB\tC", "", 1, 2}}) {
        BOOST_TEST_CONTEXT(r.line) {
            auto parsed = parse_index_line(r.line);
            BOOST_TEST_REQUIRE(std::holds_alternative<index_entry>(parsed));
            const auto& e = std::get<index_entry>(parsed);
            BOOST_TEST(e.headword == r.headword);
            BOOST_TEST(e.offset == r.offset);
            BOOST_TEST(e.length == r.length);
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_lines_say_why) {
    struct row {
        std::string line;
        std::string reason;   // a part of the message
    };
    for (const auto& r : {row{"", "found 1 field"},
                          row{"apple", "found 1 field"},
                          row{"apple\tIf", "found 2 fields"},
                          row{"apple If j", "found 1 field"},
                          row{"a\tB\tC\td\te", "more than 4"},
                          row{"apple\t\tj", "offset '' is not"},
                          row{"apple\tI=\tj", "offset 'I=' is not"},
                          row{"apple\tIf\t", "length '' is not"},
                          row{"apple\tIf\t-3", "length '-3' is not"},
                          row{"apple\tIf\tj ", "length 'j ' is not"},
                          row{"apple\t\xff\xfe\tj", "offset of 2 bytes is not"},
                          row{"apple\tQ//////////\tj", "offset 'Q//////////' is not"}}) {
        BOOST_TEST_CONTEXT(r.line) {
            auto parsed = parse_index_line(r.line);
            BOOST_TEST_REQUIRE(std::holds_alternative<index_line_error>(parsed));
            BOOST_TEST(std::get<index_line_error>(parsed).message.find(r.reason) != std::string::npos,
                       std::get<index_line_error>(parsed).message);
        }
    }
}

BOOST_AUTO_TEST_CASE(random_lines_never_misbehave) {
    // A small fuzz run, deterministic: lines of tabs, base64 digits and other bytes; a parsed
    // headword is always a piece of the line.
    std::mt19937 random(5);
    const std::string pieces[] = {"\t", "A", "z", "/", "=", " ", "\r", "\xe4\xbd\xa0", "word", "P//////////", std::string(1, '\0')};
    for (int i = 0; i < 20000; ++i) {
        std::string line;
        for (int n = static_cast<int>(random() % 12); n > 0; --n) line += pieces[random() % std::size(pieces)];
        auto parsed = parse_index_line(line);
        if (auto* e = std::get_if<index_entry>(&parsed)) {
            BOOST_TEST_REQUIRE((e->headword.empty() || line.find(e->headword) != std::string::npos));
        }
    }
}
