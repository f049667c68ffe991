#pragma once
// form_echo: answers a request with what the client sent, for learning and debugging forms.
//   GET               the query parameters
//   POST, PUT         the body: application/x-www-form-urlencoded fields, multipart/form-data
//                     fields and files (name, filename, size, content type, SHA-256; never
//                     their bytes), application/json (the parsed value), or any other type
//                     (its size and type)
// plus the method, target and headers. JSON by default; an HTML page (fields in a table) when
// the client's Accept prefers text/html. A malformed body is 400 saying what was wrong.
// The server's max_body_bytes bounds what is read (413 beyond it).
#include <cstddef>
#include <string_view>

#include <coronet/http/router.hpp>

namespace coronet::handlers {

struct form_echo_options {
    bool echo_headers = true;           // include the request's headers in the echo
    // Query parameters, body fields and files together; more is 400 (bounds the echo's size
    // and the work per request whatever the body limit).
    std::size_t max_fields = 1000;
};

// Serves the echo at `prefix` ("/echo"; "" or "/" for the root) for GET, POST and PUT.
void mount_form_echo(coronet::http::router& r, std::string_view prefix, form_echo_options options = {});

}  // namespace coronet::handlers
