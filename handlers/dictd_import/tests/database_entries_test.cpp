// The database's own entries: which headwords they are, and how their text is cleaned up.
#include <boost/test/unit_test.hpp>

#include <string>

#include "database_entries.hpp"

using namespace coronet::handlers::dictd_import_detail;

BOOST_AUTO_TEST_CASE(headwords_are_classified) {
    struct row {
        std::string headword;
        database_entry kind;
    };
    for (const auto& [headword, kind] : {
             row{"00-database-short", database_entry::short_description},
             row{"00databaseshort", database_entry::short_description},
             row{"00-database-info", database_entry::info},
             row{"00databaseinfo", database_entry::info},
             row{"00-database-url", database_entry::url},
             row{"00databaseurl", database_entry::url},
             row{"00-database-utf8", database_entry::utf8},
             row{"00databaseutf8", database_entry::utf8},
             row{"00-database-allchars", database_entry::other},
             row{"00-database-dictfmt-1.13.0", database_entry::other},
             row{"00databasedictfmt1130", database_entry::other},
             row{"00-database-long", database_entry::other},
             row{"00-gcide-short", database_entry::other},
             row{"00-web1913-info", database_entry::other},
             row{"0", database_entry::none},
             row{"00", database_entry::none},
             row{"00-", database_entry::none},
             row{"00-gcide", database_entry::none},
             row{"00-gcide-", database_entry::none},
             row{"00--x", database_entry::none},
             row{"00-Gcide-short", database_entry::none},
             row{"00-gcide short", database_entry::none},
             row{"100th", database_entry::none},
             row{"apple", database_entry::none},
         }) {
        BOOST_TEST_CONTEXT(headword) {
            BOOST_TEST((classify_headword(headword) == kind));
        }
    }
}

BOOST_AUTO_TEST_CASE(the_repeated_headword_line_is_dropped) {
    BOOST_TEST(strip_database_headword("00-database-short\n     Sample dictionary\n") == "     Sample dictionary");
    BOOST_TEST(strip_database_headword("00-database-url\n   ftp://ftp.gnu.org/gnu/gcide\n\n") == "   ftp://ftp.gnu.org/gnu/gcide");
    BOOST_TEST(strip_database_headword("http://example.org/sample\n") == "http://example.org/sample");
    BOOST_TEST(strip_database_headword("This file was converted\n  on a day\n") == "This file was converted\n  on a day");
    BOOST_TEST(strip_database_headword("00-database-short") == "");
    BOOST_TEST(strip_database_headword("") == "");
}

BOOST_AUTO_TEST_CASE(one_line_joins_and_trims) {
    BOOST_TEST(one_line("     Sample dictionary") == "Sample dictionary");
    BOOST_TEST(one_line("  The Collaborative\n   International\tDictionary \r\n") == "The Collaborative International Dictionary");
    BOOST_TEST(one_line(" \n ") == "");
}
