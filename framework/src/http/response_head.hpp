#pragma once
// Serializes a response's status line and header block.
#include <string>

#include <coronet/http/response.hpp>

namespace coronet::http {

enum class body_framing { none, length, chunked, until_close };

struct head_options {
    std::string_view server_name;
    bool keep_alive;
    bool http10;
};

// What follows the head for this response (HEAD responses still announce the length).
body_framing framing_for(const response& res, bool http10);
// Appends the head to `out`; `content_length` is used when framing is length. A header whose
// name or value holds CR or LF is left out (it would split the head: header injection);
// returns how many were.
std::size_t append_head(std::string& out, const response& res, body_framing framing, std::size_t content_length,
                 const head_options& options);
// "Sun, 22 Nov 2026 01:02:03 GMT", formatted at most once a second per thread.
std::string_view http_date();

}  // namespace coronet::http
