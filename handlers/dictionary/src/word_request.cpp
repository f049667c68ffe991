#include "word_request.hpp"

#include <fmt/format.h>

#include <coronet/http/fields.hpp>
#include <coronet/utf8.hpp>

namespace coronet::handlers::dictionary_detail {

word_request read_word_request(std::string_view request, std::size_t max_word_bytes) {
    if (request.ends_with('\n')) request.remove_suffix(1);
    if (request.ends_with('\r')) request.remove_suffix(1);
    std::string_view word = http::trim_whitespace(request);
    if (word.empty()) return {word, request_problem::empty};
    if (word.size() > max_word_bytes) return {word, request_problem::too_long};
    if (!is_valid_utf8(word)) return {word, request_problem::invalid_utf8};
    return {word, request_problem::none};
}

std::string describe(request_problem problem, std::size_t max_word_bytes) {
    switch (problem) {
    case request_problem::none: break;
    case request_problem::empty: return "the request is empty: send a word";
    case request_problem::too_long: return fmt::format("the word is over {} bytes", max_word_bytes);
    case request_problem::invalid_utf8: return "the word is not valid UTF-8";
    }
    return "no problem";
}

lookup_result look_up(const dictionary_store& store, std::string_view word, std::size_t suggestions) {
    lookup_result result;
    result.entry = store.lookup(word);
    if (!result.entry && suggestions > 0) result.suggestions = store.suggest(word, suggestions);
    return result;
}

}  // namespace coronet::handlers::dictionary_detail
