// What the UDP and TCP front ends share: taking the word out of a request, and looking it up.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <coronet/handlers/dictionary_store.hpp>

namespace coronet::handlers::dictionary_detail {

enum class request_problem { none, empty, too_long, invalid_utf8 };

struct word_request {
    std::string_view word;      // a view into the request
    request_problem problem = request_problem::none;
};

// The word `request` names: the request without a line end ("\n" or "\r\n", for netcat users)
// and without the spaces and tabs around it; a problem when that is empty, longer than
// `max_word_bytes` or not UTF-8.
word_request read_word_request(std::string_view request, std::size_t max_word_bytes);

// "the request is empty", "the word is over 256 bytes", ...
std::string describe(request_problem problem, std::size_t max_word_bytes);

// The entry for a word, or the words near it.
struct lookup_result {
    std::optional<dictionary_store::entry> entry;
    std::vector<std::string> suggestions;   // only on a miss
};

// Throws what the store throws (std::runtime_error when SQLite fails).
lookup_result look_up(const dictionary_store& store, std::string_view word, std::size_t suggestions);

}  // namespace coronet::handlers::dictionary_detail
