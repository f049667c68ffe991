#include "word_book.hpp"

namespace coronet::handlers::dictionary_detail {
namespace {

constexpr std::string_view blanks = " \t\r";

std::string_view trim_right(std::string_view s) {
    auto end = s.find_last_not_of(blanks);
    return end == std::string_view::npos ? std::string_view() : s.substr(0, end + 1);
}

}  // namespace

parsed_line parse_word_book_line(std::string_view line) {
    using reason = dictionary_store::skip_reason;
    if (!is_valid_utf8(line)) return reason::invalid_utf8;
    line = trim_right(line);
    if (line.empty()) return blank_line{};
    auto word_end = line.find_first_of(blanks);
    if (word_end == 0) return reason::empty_word;
    if (word_end == std::string_view::npos) return reason::missing_explanation;
    auto explanation_start = line.find_first_not_of(blanks, word_end);
    // trim_right guarantees text after the word's whitespace.
    return book_entry{line.substr(0, word_end), line.substr(explanation_start)};
}

}  // namespace coronet::handlers::dictionary_detail
