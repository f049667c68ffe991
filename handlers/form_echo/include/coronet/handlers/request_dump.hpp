#pragma once
// request_dump: shows a request as the server received it, as the seeds' first HTTP server
// printed what a browser sent (seed 001 §2.3.4): the request line, the headers in the order
// and spelling they came in, the blank line, then the body.
//   coronet::handlers::mount_request_dump(r, "/echo/request");
//
// An HTML page (the text escaped, in <pre>) when the client's Accept prefers text/html,
// else text/plain. What the HTTP parser normalizes shows normalized: the blanks around a
// header value become one space after the colon, a chunked body appears de-chunked (its
// Transfer-Encoding header still listed). A body that is not UTF-8 has its stray bytes shown
// as U+FFFD; one longer than `max_body_shown` is cut, saying how much was left out.
// GET, POST, PUT, PATCH and DELETE are answered (HEAD and OPTIONS come with the router).
#include <cstddef>
#include <string>
#include <string_view>

#include <coronet/http/request.hpp>
#include <coronet/http/response.hpp>
#include <coronet/http/router.hpp>

namespace coronet::handlers {

struct request_dump_options {
    std::size_t max_body_shown = 64 * 1024;     // bytes of the body shown; the rest is counted
};

// The request as text: "GET /p HTTP/1.1\r\nHost: h\r\n...\r\n\r\n" and the body (cut as above).
std::string raw_request_text(const http::request& req, request_dump_options options = {});

// The answer for `req`: raw_request_text as text/plain, or in an HTML page for a browser.
http::response request_dump(const http::request& req, request_dump_options options = {});

// Serves request_dump at `path` ("/echo/request").
void mount_request_dump(http::router& r, std::string_view path, request_dump_options options = {});

}  // namespace coronet::handlers
