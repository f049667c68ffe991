// Parsing a word book line by line.
#pragma once

#include <string_view>
#include <variant>

#include <coronet/handlers/dictionary_store.hpp>
#include <coronet/utf8.hpp>

namespace coronet::handlers::dictionary_detail {

using coronet::is_valid_utf8;

struct book_entry {
    std::string_view word;
    std::string_view explanation;
};
struct blank_line {};

using parsed_line = std::variant<book_entry, blank_line, dictionary_store::skip_reason>;

// One line without its '\n' (a trailing '\r' is tolerated); views point into `line`.
parsed_line parse_word_book_line(std::string_view line);

}  // namespace coronet::handlers::dictionary_detail
