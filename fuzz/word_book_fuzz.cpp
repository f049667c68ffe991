// The dictionary's word book lines (handlers/dictionary/src/word_book.cpp) and the word in a UDP
// or TCP lookup request (word_request.cpp). A line is an entry, a blank line or a skip reason,
// as its bytes say; an entry's word and explanation are trimmed, non-empty and UTF-8, and the
// entry written back as "word\texplanation" parses the same. A requested word is trimmed, and
// accepted only when non-empty, short enough and UTF-8.
#include <string>
#include <variant>

#include <coronet/http/fields.hpp>
#include <coronet/utf8.hpp>

#include "fuzz_check.hpp"
#include "word_book.hpp"
#include "word_request.hpp"

using coronet::fuzz::require;
namespace detail = coronet::handlers::dictionary_detail;
using reason = coronet::handlers::dictionary_store::skip_reason;

namespace {

constexpr std::string_view blanks = " \t\r";

bool is_blank_only(std::string_view s) { return s.find_first_not_of(blanks) == std::string_view::npos; }

void check_book_line(std::string_view line) {
    auto parsed = detail::parse_word_book_line(line);
    bool valid = coronet::is_valid_utf8(line);
    if (auto* r = std::get_if<reason>(&parsed)) {
        require((*r == reason::invalid_utf8) == !valid, "invalid UTF-8 is skipped as such, and only it");
        return;
    }
    require(valid, "only UTF-8 lines are read");
    if (std::holds_alternative<detail::blank_line>(parsed)) {
        require(is_blank_only(line), "a blank line holds only spaces, tabs and CRs");
        return;
    }
    auto entry = std::get<detail::book_entry>(parsed);
    require(!entry.word.empty() && entry.word.find_first_of(blanks) == std::string_view::npos, "a word is non-empty, without blanks");
    require(line.starts_with(entry.word), "the word starts the line");
    require(!entry.explanation.empty() && entry.explanation.find_first_of(blanks) != 0 &&
                entry.explanation.find_last_of(blanks) != entry.explanation.size() - 1,
            "an explanation is non-empty and trimmed");
    require(coronet::is_valid_utf8(entry.word) && coronet::is_valid_utf8(entry.explanation), "word and explanation are UTF-8");

    std::string again = std::string(entry.word).append("\t").append(entry.explanation);
    auto reparsed = detail::parse_word_book_line(again);
    auto* e = std::get_if<detail::book_entry>(&reparsed);
    require(e && e->word == entry.word && e->explanation == entry.explanation, "parse(word TAB explanation) is that entry");
}

void check_request(std::string_view request, std::size_t max_word_bytes) {
    auto r = detail::read_word_request(request, max_word_bytes);
    require(coronet::http::trim_whitespace(r.word) == r.word, "a requested word is trimmed");
    require(request.find(r.word) != std::string_view::npos, "the word is part of the request");
    using problem = detail::request_problem;
    if (r.problem == problem::none)
        require(!r.word.empty() && r.word.size() <= max_word_bytes && coronet::is_valid_utf8(r.word),
                "an accepted word is non-empty, short enough and UTF-8");
    require((r.problem == problem::empty) == r.word.empty(), "an empty word is the empty problem");
    require(!detail::describe(r.problem, max_word_bytes).empty(), "every problem is described");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    auto text = coronet::fuzz::as_text(data, size);
    check_book_line(text);
    check_request(text, size == 0 ? 256 : data[0]);
    return 0;
}
