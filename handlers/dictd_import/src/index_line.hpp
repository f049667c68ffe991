// One line of a dictd .index file: "headword<TAB>offset<TAB>length", offset and length in
// dictd's base 64 (base64.hpp). dictfmt --index-keep-orig adds a fourth field, the headword as
// written in the source (the first is then a normalized search key): that one is the word.
// A pure function of its input, so it can be fuzzed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace coronet::handlers::dictd_import_detail {

struct index_entry {
    std::string_view headword;   // may be empty: the importer skips (and reports) such a line
    std::uint64_t offset = 0;    // into the uncompressed data
    std::uint64_t length = 0;
};

struct index_line_error {
    std::string message;   // what is wrong, without the file and line (the caller knows them)
};

using parsed_index_line = std::variant<index_entry, index_line_error>;

// `line` without its '\n'; one trailing '\r' is tolerated. Views point into `line`.
parsed_index_line parse_index_line(std::string_view line);

}  // namespace coronet::handlers::dictd_import_detail
