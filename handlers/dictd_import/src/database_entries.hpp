// The entries a dictd database keeps about itself: "00-database-short", "00-database-info",
// "00-database-url", "00-database-utf8", ... (dictfmt without --allchars writes them without
// dashes: "00databaseshort"). Some databases add copies under their own name ("00-gcide-short",
// "00-web1913-info"); those are metadata too. Pure functions, so they can be fuzzed.
#pragma once

#include <string>
#include <string_view>

namespace coronet::handlers::dictd_import_detail {

enum class database_entry {
    none,                // an ordinary headword
    short_description,   // 00-database-short
    info,                // 00-database-info
    url,                 // 00-database-url
    utf8,                // 00-database-utf8
    other,               // any other metadata (alphabet, allchars, 00-gcide-short, ...)
};

database_entry classify_headword(std::string_view headword);

// A metadata definition without the line that repeats its headword ("00-database-short"),
// which dictfmt writes first in some of them, and without trailing whitespace.
std::string_view strip_database_headword(std::string_view definition);

// The text on one line: whitespace runs (line breaks included) become one space, trimmed.
std::string one_line(std::string_view text);

}  // namespace coronet::handlers::dictd_import_detail
